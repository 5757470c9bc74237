"""Notices in the reader's language (issue 14, defect 4): a notification stores
what happened and is written when read, in the page's language; an SMS or
e-mail is written in its recipient's language (`User.language`, chosen with the
switch or at sign-up), never in that of the operator who caused it; a
partner's citizen, who has no account, reads Vietnamese."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import translation

from accounts import sms
from accounts.models import User
from accounts.tests.factories import UserFactory
from accounts.tests.helpers import signup
from reports import workflow
from reports.dates import local_datetime
from reports.models import Notification, PartnerSubmission
from reports.notifications import kinds, notify

from .factories import AgencyMembershipFactory, NotificationFactory, report_in_state
from .helpers import NOTIFICATIONS_URL, words
from .workflow_world import S
from .workflow_world import ioc as ioc
from .workflow_world import lead as lead
from .workflow_world import lead_officer as lead_officer

pytestmark = pytest.mark.django_db

PUBLISHED_VI = "Phản ánh {code} đã có kết quả xử lý. Mời bạn xem và đánh giá."
PUBLISHED_EN = "Report {code} has been resolved. Please view the outcome and rate it."
RECEIVED_VI = "Phản ánh {code} đã được Trung tâm IOC tiếp nhận."
RECEIVED_EN = "Report {code} has been received by the IOC."


@pytest.fixture(autouse=True)
def _vietnamese_after():
    """A request leaves its language active in the thread: not for the next test."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def publish(report, actor, language):
    with translation.override(language):
        workflow.report_publish(report=report, actor=actor)


def receive(report, actor):
    workflow.report_receive(
        report=report, actor=actor, category=report.category, level="normal", is_public=True
    )


# --- In the app: written when read ------------------------------------------------


def test_a_notice_written_in_vietnamese_reads_in_english_on_the_english_page(
    citizen, citizen_client, ioc
):
    report = report_in_state(S.RESOLVED, reporter=citizen)
    publish(report, ioc, "vi")

    page = words(in_english(citizen_client).get(NOTIFICATIONS_URL))

    assert PUBLISHED_EN.format(code=report.code) in page
    assert "Mời bạn xem" not in page


def test_a_notice_written_in_english_reads_in_vietnamese_on_the_vietnamese_page(
    citizen, citizen_client, ioc
):
    report = report_in_state(S.RESOLVED, reporter=citizen)
    publish(report, ioc, "en")

    page = words(citizen_client.get(NOTIFICATIONS_URL))

    assert PUBLISHED_VI.format(code=report.code) in page
    assert "rate it" not in page


def test_a_notice_stores_its_kind_and_parameters_not_a_sentence(citizen, ioc):
    report = report_in_state(S.RESOLVED, reporter=citizen)
    publish(report, ioc, "vi")

    notice = Notification.objects.get(recipient=citizen)
    assert (notice.kind, notice.params, notice.stored_text) == (
        kinds.ANSWER_PUBLISHED,
        {"code": report.code},
        "",
    )


def test_a_translated_parameter_is_stored_as_its_value_and_read_as_its_label(citizen, ioc):
    duplicate = report_in_state(S.RECEIVED)
    report = report_in_state(S.SUBMITTED, reporter=citizen)
    with translation.override("vi"):
        workflow.report_reject(
            report=report, actor=ioc, reason="duplicate", note="Đã báo", duplicate_of=duplicate
        )

    notice = Notification.objects.get(recipient=citizen)
    assert notice.params["reason"] == "duplicate"
    with translation.override("en"):
        assert notice.message == (
            f"Report {report.code} has been rejected. Reason: "
            f"Duplicate of another report: Đã báo ({duplicate.code})"
        )
    with translation.override("vi"):
        assert notice.message == (
            f"Phản ánh {report.code} không được tiếp nhận. Lý do: "
            f"Trùng với phản ánh khác: Đã báo ({duplicate.code})"
        )


def test_an_extension_decision_reads_in_the_officers_language(lead_officer, lead, ioc):
    report = report_in_state(S.IN_PROGRESS, lead_agency=lead)
    with translation.override("vi"):
        extension = workflow.extension_request(
            report=report,
            actor=lead_officer,
            new_deadline=report.deadline + timedelta(days=3),
            reason="Chờ vật tư.",
        )
        workflow.extension_decide(extension=extension, actor=ioc, approve=True)

    notice = Notification.objects.get(recipient=lead_officer, kind=kinds.EXTENSION_DECIDED)
    assert notice.params["decision"] == "approved"
    shown = local_datetime(extension.new_deadline)
    with translation.override("en"):
        assert notice.message == f"{report.code}: extension to {shown}: Approved."
    with translation.override("vi"):
        assert notice.message == f"{report.code}: Đã đồng ý gia hạn đến {shown}."


def test_a_notice_from_before_kinds_keeps_its_text_in_every_language(citizen, citizen_client):
    NotificationFactory(recipient=citizen, message="Phản ánh PA-2025-000001 đã được tiếp nhận.")

    for client in (citizen_client, in_english(citizen_client)):
        assert "Phản ánh PA-2025-000001 đã được tiếp nhận." in words(client.get(NOTIFICATIONS_URL))


def test_every_kind_has_its_english_text():
    """The English catalogue has every template (`make messages` compiled it)."""
    for name, kind in kinds.KINDS.items():
        with translation.override(None):
            source = str(kind.template)
        with translation.override("en"):
            assert str(kind.template) != source, name


def test_a_notice_takes_exactly_its_kinds_parameters():
    with pytest.raises(ValueError, match="takes"):
        kinds.message(kinds.RECEIVED, code="PA-2025-000001", title="Thừa")
    with pytest.raises(ValueError, match="Unknown"):
        kinds.message("no_such_kind", code="PA-2025-000001")


# --- SMS and e-mail: in the recipient's language -------------------------------------


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Runs a change and sends its outbox, which goes after commit."""

    def run(change, language):
        with django_capture_on_commit_callbacks(execute=True), translation.override(language):
            change()

    return run


def test_an_english_citizen_gets_english_sms_and_email_from_a_vietnamese_operator(ioc, sent):
    citizen = UserFactory(language="en", email="an@example.com", email_verified=True)
    report = report_in_state(S.SUBMITTED, reporter=citizen)

    sent(lambda: receive(report, ioc), "vi")

    assert [message.body for message in sms.outbox] == [RECEIVED_EN.format(code=report.code)]
    (email,) = mail.outbox
    assert (email.subject, email.body) == ("Field reports", RECEIVED_EN.format(code=report.code))


def test_a_vietnamese_citizen_gets_vietnamese_sms_from_an_english_operator(ioc, sent):
    citizen = UserFactory(language="vi")
    report = report_in_state(S.SUBMITTED, reporter=citizen)

    sent(lambda: receive(report, ioc), "en")

    assert [message.body for message in sms.outbox] == [RECEIVED_VI.format(code=report.code)]


def test_agency_members_get_email_in_their_own_languages(lead, ioc, sent):
    report = report_in_state(S.RECEIVED)
    english = UserFactory(language="en", email="en@example.com", email_verified=True)
    vietnamese = UserFactory(language="vi", email="vi@example.com", email_verified=True)
    for member in (english, vietnamese):
        AgencyMembershipFactory(agency=lead, user=member)

    sent(lambda: workflow.report_forward(report=report, actor=ioc, lead_agency=lead), "vi")

    bodies = {email.to[0]: email.body for email in mail.outbox}
    assert bodies["en@example.com"].startswith(f"Report {report.code} ")
    assert bodies["vi@example.com"].startswith(f"Phản ánh {report.code} được chuyển đến đơn vị")


def test_a_partners_citizen_without_an_account_gets_vietnamese(ioc, sent):
    owner = UserFactory(phone=None, language="en")  # whatever the owner account says
    report = report_in_state(S.SUBMITTED, reporter=owner)
    PartnerSubmission.objects.create(report=report, phone="0912 345 678", email="m@example.com")

    sent(lambda: receive(report, ioc), "en")

    assert [message.body for message in sms.outbox] == [RECEIVED_VI.format(code=report.code)]
    assert [email.subject for email in mail.outbox] == ["Phản ánh hiện trường"]


def test_moderation_names_are_written_in_the_readers_language(citizen, other_citizen):
    """A name the portal words itself ("Người dân (ẩn tên)") follows the reader."""
    report = report_in_state(S.PUBLISHED, reporter=citizen, hide_name=True)
    name = kinds.in_every_language(lambda: report.public_reporter_name(viewer=other_citizen))
    with translation.override("vi"):
        notify.people([(other_citizen, notify.Notice(report, _reply(name, report)))])

    notice = Notification.objects.get(recipient=other_citizen)
    with translation.override("en"):
        assert notice.message.startswith("Resident (name withheld) replied to your comment")
    with translation.override("vi"):
        assert notice.message.startswith("Người dân (ẩn tên) đã trả lời bình luận của bạn")


def _reply(name, report):
    return kinds.message(kinds.COMMENT_REPLY, name=name, code=report.code)


# --- The recipient's language: the switch and sign-up --------------------------------


def test_the_switch_keeps_a_signed_in_persons_choice(citizen, citizen_client):
    assert citizen.language == "vi"

    in_english(citizen_client)
    citizen.refresh_from_db()
    assert citizen.language == "en"

    citizen_client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    citizen.refresh_from_db()
    assert citizen.language == "vi"


def test_the_switch_ignores_a_language_the_portal_lacks(citizen, citizen_client):
    citizen_client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    citizen.refresh_from_db()
    assert citizen.language == "vi"


def test_the_switch_still_works_for_a_visitor(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en">' in response.text


def test_an_account_signed_up_in_english_is_written_to_in_english(client):
    in_english(client)
    signup(client, phone="0912 345 679")
    signup(Client(), phone="0912 345 680")

    assert User.objects.get(phone="+84912345679").language == "en"
    assert User.objects.get(phone="+84912345680").language == "vi"
