"""Sending a report through the form at /phan-anh/gui/ (README §3, seed 2.3.2):
who may send, and what a sending stores: the code, the history, the first
notification, and the ward or the address alone as the place."""

from decimal import Decimal

import pytest
from django.utils import timezone

from reports.models import Notification, Report, ReportEvent

from .helpers import (
    CODE_PATTERN,
    CREATE_URL,
    LOGIN_URL,
    MSG_SENT,
    NOTIFICATION_SENT,
    QUANG_TRI_TOWN,
    detail_url,
    report_data,
    text,
)
from .submission_world import category as category
from .submission_world import wards as wards

pytestmark = pytest.mark.django_db


# --- Who may send -----------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login_and_nothing_is_stored(client, category):
    response = client.get(CREATE_URL)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={CREATE_URL}"

    response = client.post(CREATE_URL, report_data(category))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert not Report.objects.exists()


def test_logged_in_citizen_gets_the_form(citizen_client, category, wards):
    response = citizen_client.get(CREATE_URL)
    assert response.status_code == 200
    page = text(response)
    assert 'id="report-map"' in page
    assert "Giao thông" in page
    assert "Phường Đông Hà" in page
    for button in ('value="draft"', 'value="send"'):
        assert button in page


# --- Sending ----------------------------------------------------------------


def test_sending_stores_a_submitted_report_with_code_history_and_notification(
    citizen_client, citizen, category, wards
):
    data = report_data(category, urgent_requested="on", hide_name="on")
    response = citizen_client.post(CREATE_URL, data)

    report = Report.objects.get()
    year = timezone.localtime().year
    assert report.status == Report.Status.SUBMITTED
    assert CODE_PATTERN.fullmatch(report.code)
    assert report.code.startswith(f"PA-{year}-")
    assert report.submitted_at is not None
    assert report.reporter == citizen
    assert report.title == data["title"]
    assert report.content == data["content"]
    assert report.category == category
    assert report.urgent_requested is True
    assert report.hide_name is True
    assert report.level == Report.Level.NORMAL  # a request; the IOC decides
    assert report.is_public is False
    assert (report.latitude, report.longitude) == (Decimal("16.816700"), Decimal("107.100000"))

    event = ReportEvent.objects.get(report=report)
    assert (event.from_status, event.to_status) == (Report.Status.DRAFT, Report.Status.SUBMITTED)
    assert event.actor == citizen

    notification = Notification.objects.get(recipient=citizen)
    assert notification.report == report
    assert notification.read_at is None
    assert notification.message == NOTIFICATION_SENT.format(title=data["title"], code=report.code)
    assert "đã được gửi thành công, mã PA-" in notification.message

    assert response.status_code == 302
    assert response["Location"] == detail_url(report.code)
    page = citizen_client.get(response["Location"])
    assert page.status_code == 200
    assert MSG_SENT.format(code=report.code) in text(page)
    assert report.code in text(page)
    assert data["title"] in text(page)


def test_two_sendings_get_consecutive_codes(citizen_client, category):
    citizen_client.post(CREATE_URL, report_data(category))
    citizen_client.post(CREATE_URL, report_data(category, title="Đèn đường không sáng"))
    first, second = Report.objects.order_by("pk")
    (year1, number1), (year2, number2) = (
        CODE_PATTERN.fullmatch(first.code).groups(),
        CODE_PATTERN.fullmatch(second.code).groups(),
    )
    assert year1 == year2
    assert int(number2) == int(number1) + 1


def test_ward_is_suggested_from_the_point_by_nearest_centre(citizen_client, category, wards):
    near_quang_tri = (QUANG_TRI_TOWN[0] + 0.004, QUANG_TRI_TOWN[1] - 0.003)
    citizen_client.post(CREATE_URL, report_data(category, point=near_quang_tri))
    assert Report.objects.get().ward == wards["quang_tri"]


def test_ward_chosen_by_the_citizen_is_kept(citizen_client, category, wards):
    citizen_client.post(CREATE_URL, report_data(category, ward=wards["dong_hoi"].pk))
    assert Report.objects.get().ward == wards["dong_hoi"]


def test_address_alone_is_enough(citizen_client, category, wards):
    data = report_data(category, point=None, address="Ngã tư Lê Duẩn – Hùng Vương, Đông Hà")
    response = citizen_client.post(CREATE_URL, data)

    report = Report.objects.get()
    assert response.status_code == 302
    assert report.status == Report.Status.SUBMITTED
    assert report.address == "Ngã tư Lê Duẩn – Hùng Vương, Đông Hà"
    assert report.latitude is None and report.longitude is None
    assert report.ward is None
