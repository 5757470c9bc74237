"""The IOC's answer to an unsatisfied rating in the admin (issue 15): the
"Mở lại xử lý" and "Giữ kết quả và trả lời" buttons only while the rating
awaits review, each through its form and the workflow's functions; nobody but
IOC operators (403 for other staff, the admin's login for everyone else)."""

from datetime import datetime

import pytest
from django.utils import timezone

from reports.deadlines import VIETNAM
from reports.models import Report, Satisfaction

from .admin_actions_world import action_url, change_url, last_event
from .admin_actions_world import operator_client as operator_client
from .helpers import text
from .reopening_world import COMPLAINT
from .reopening_world import first_agency as first_agency
from .reopening_world import other_agency as other_agency
from .reopening_world import published as published
from .reopening_world import rated as rated
from .reopening_world import reporter as reporter
from .test_admin_action_guards import buttons

pytestmark = pytest.mark.django_db

S = Report.Status
REVIEW_ACTIONS = {"reopen", "close_review"}
NOW = datetime(2026, 3, 13, 16, 0, tzinfo=VIETNAM)  # a Friday afternoon


def review_buttons(response) -> set[str]:
    page = text(response)
    return {action for action in REVIEW_ACTIONS if f'data-action="{action}"' in page}


def test_the_buttons_show_only_while_a_review_is_pending(operator_client, published):
    assert review_buttons(operator_client.get(change_url(published))) == set()

    Satisfaction.objects.create(
        report=published, user=published.reporter, level="dissatisfied", comment=COMPLAINT
    )
    assert review_buttons(operator_client.get(change_url(published))) == set()

    Satisfaction.objects.filter(report=published).update(review_outcome="pending")
    page = operator_client.get(change_url(published))
    assert review_buttons(page) == REVIEW_ACTIONS
    assert buttons(page) == set()  # and nothing else on a published report
    assert COMPLAINT in text(page)
    assert "Chờ xem xét lại" in text(page)


def test_the_reopen_form_suggests_the_agency_and_a_working_time_deadline(
    operator_client, rated, first_agency, monkeypatch
):
    monkeypatch.setattr(timezone, "now", lambda: NOW)

    page = text(operator_client.get(action_url(rated, "reopen")))

    assert f'<option value="{first_agency.pk}" selected>' in page
    assert 'value="2026-03-18T17:00"' in page  # three working days: Wednesday 17:00
    assert COMPLAINT in page


def test_the_ioc_reopens_to_another_agency(operator_client, rated, other_agency):
    response = operator_client.post(
        action_url(rated, "reopen"),
        {
            "lead_agency": other_agency.pk,
            "deadline": "2030-03-18T17:00",
            "note": "Kiểm tra lại mặt đường.",
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == change_url(rated)
    assert f"Đã mở lại phản ánh {rated.code}, chuyển đến Công ty Môi trường đô thị" in text(
        response
    )
    report = Report.objects.get(pk=rated.pk)
    assert (report.status, report.lead_agency) == (S.FORWARDED, other_agency)
    assert report.deadline == datetime(2030, 3, 18, 17, 0, tzinfo=VIETNAM)
    event = last_event(report)
    assert (event.headline, event.is_public) == ("Mở lại xử lý theo ý kiến người dân", True)


def test_reopening_needs_a_note_and_a_future_deadline(operator_client, rated, first_agency):
    response = operator_client.post(
        action_url(rated, "reopen"),
        {"lead_agency": first_agency.pk, "deadline": "2020-01-01T08:00", "note": ""},
    )

    assert response.status_code == 200
    assert "Hạn xử lý phải sau thời điểm hiện tại." in text(response)
    assert Report.objects.get(pk=rated.pk).status == S.PUBLISHED


def test_the_ioc_keeps_the_answer_and_replies(operator_client, rated):
    response = operator_client.post(
        action_url(rated, "close_review"), {"reply": "Mặt đường đã được nghiệm thu."}, follow=True
    )

    assert f"Đã trả lời người gửi phản ánh {rated.code}, giữ nguyên kết quả." in text(response)
    assert Satisfaction.objects.get(report=rated).review_outcome == "closed"
    assert review_buttons(response) == set()


def test_without_a_pending_review_the_actions_are_a_message(operator_client, published):
    for action in REVIEW_ACTIONS:
        response = operator_client.post(action_url(published, action), {}, follow=True)
        assert response.redirect_chain[-1][0] == change_url(published)
        assert "khi phản ánh đang ở trạng thái “Đã xử lý”" in text(response)
    assert Report.objects.get(pk=published.pk).status == S.PUBLISHED


# --- Permissions -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin_viewer", "admin_moderator"])
def test_other_staff_get_403(client, rated, request, who):
    client.force_login(request.getfixturevalue(who))

    for action in REVIEW_ACTIONS:
        assert client.get(action_url(rated, action)).status_code == 403
        assert client.post(action_url(rated, action), {"reply": "x"}).status_code == 403
    assert Satisfaction.objects.get(report=rated).review_outcome == "pending"


@pytest.mark.parametrize("who", ["agency_member", "reporter"])
def test_officers_and_citizens_are_sent_to_the_admin_login(client, rated, request, who):
    client.force_login(request.getfixturevalue(who))

    for action in REVIEW_ACTIONS:
        response = client.post(action_url(rated, action), {"reply": "x", "note": "x"})
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert Report.objects.get(pk=rated.pk).status == S.PUBLISHED
    assert Satisfaction.objects.get(report=rated).review_outcome == "pending"
