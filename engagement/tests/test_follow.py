"""Following a report: its followers hear of its public steps and of its
published answer (in the app; by e-mail where confirmed, with a link that
stops it), never of internal moves, and its reporter is not told twice."""

import pytest
from django.core import mail
from django.utils import translation

from engagement import services
from engagement.models import Follow
from reports import workflow
from reports.models import Delivery, Notification
from reports.tests.factories import AgencyFactory, report_in_state

from .engagement_world import S
from .engagement_world import category as category
from .engagement_world import citizen as citizen
from .engagement_world import ioc as ioc
from .engagement_world import neighbour as neighbour
from .engagement_world import private_report as private_report
from .engagement_world import public_report as public_report
from .engagement_world import reporter as reporter
from .engagement_world import ward as ward

pytestmark = pytest.mark.django_db


def _notices(user):
    return [n.message for n in Notification.objects.filter(recipient=user).order_by("pk")]


def test_follow_toggles(citizen, public_report):
    assert services.follow_set(user=citizen, report=public_report) is True
    assert services.follow_set(user=citizen, report=public_report) is False
    assert services.follow_set(user=citizen, report=public_report, on=True) is True
    assert services.follow_set(user=citizen, report=public_report, on=True) is True
    assert Follow.objects.filter(user=citizen, report=public_report).count() == 1


def test_followers_hear_of_a_public_step(
    citizen, neighbour, reporter, ioc, public_report, django_capture_on_commit_callbacks
):
    services.follow_set(user=citizen, report=public_report, on=True)
    services.follow_set(user=reporter, report=public_report, on=True)
    agency = AgencyFactory(name="Sở Xây dựng")
    public_report.status = S.RECEIVED
    public_report.lead_agency = None
    public_report.save()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.report_forward(report=public_report, actor=ioc, lead_agency=agency)

    code = public_report.code
    assert _notices(citizen) == [f"Phản ánh {code} bạn theo dõi chuyển sang “Đã chuyển xử lý”."]
    assert _notices(neighbour) == []  # not a follower
    # The reporter has their own notice, not a second one as a follower.
    assert len(_notices(reporter)) == 1 and "bạn theo dõi" not in _notices(reporter)[0]
    email = Delivery.objects.get(recipient=citizen, channel=Delivery.Channel.EMAIL)
    assert email.address == "an@example.com"
    assert "/ngung-nhan-tin/" in email.body


def test_followers_hear_of_the_published_answer(
    citizen, ioc, reporter, ward, category, django_capture_on_commit_callbacks
):
    report = report_in_state(S.RESOLVED, reporter=reporter, is_public=True, ward=ward)
    services.follow_set(user=citizen, report=report, on=True)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.report_publish(report=report, actor=ioc)

    assert _notices(citizen) == [
        f"Phản ánh {report.code} bạn theo dõi đã có kết quả xử lý được đăng tải."
    ]
    to_follower = [m for m in mail.outbox if m.to == ["an@example.com"]]
    assert len(to_follower) == 1 and "/ngung-nhan-tin/" in to_follower[0].body


def test_followers_hear_nothing_of_an_internal_move(
    citizen, ioc, public_report, django_capture_on_commit_callbacks
):
    services.follow_set(user=citizen, report=public_report, on=True)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.report_recall(report=public_report, actor=ioc, reason="Chuyển nhầm đơn vị.")

    assert _notices(citizen) == []
    assert not Delivery.objects.filter(recipient=citizen).exists()


def test_a_report_no_longer_public_tells_no_follower(
    citizen, ioc, reporter, ward, django_capture_on_commit_callbacks
):
    report = report_in_state(S.RESOLVED, reporter=reporter, is_public=True, ward=ward)
    services.follow_set(user=citizen, report=report, on=True)
    report.is_public = False
    report.save()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.report_publish(report=report, actor=ioc)

    assert _notices(citizen) == []


def test_the_notice_reads_in_the_readers_language(
    citizen, ioc, reporter, ward, django_capture_on_commit_callbacks
):
    report = report_in_state(S.RESOLVED, reporter=reporter, is_public=True, ward=ward)
    services.follow_set(user=citizen, report=report, on=True)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.report_publish(report=report, actor=ioc)
    notice = Notification.objects.get(recipient=citizen)

    with translation.override("en"):
        assert notice.message == (
            f"Report {report.code} that you follow has an answer, now published."
        )


def test_the_follow_button_and_the_personal_tab(client, citizen, public_report):
    client.force_login(citizen)

    response = client.post(f"/phan-anh/{public_report.code}/theo-doi/", {"on": "1"})
    assert response.status_code == 302
    page = client.get("/ca-nhan/theo-doi/").content.decode()
    assert public_report.code in page

    client.post(f"/phan-anh/{public_report.code}/theo-doi/", {"on": "0", "next": "personal"})
    assert not Follow.objects.exists()


def test_a_non_public_report_cannot_be_followed(client, citizen, private_report):
    client.force_login(citizen)

    response = client.post(f"/phan-anh/{private_report.code}/theo-doi/", {"on": "1"})

    assert response.status_code == 404
    assert not Follow.objects.exists()
