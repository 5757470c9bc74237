"""The IOC's report list and report page in the admin (README §7): columns,
filters, accent-insensitive search by code, title, name and phone, a query
count that does not grow with rows, the read-only page with history,
attachments and the reporter's phone, and the logs next to it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import UserFactory
from reports.models import Delivery, Report, ReportEvent

from .factories import (
    AgencyFactory,
    AttachmentFactory,
    CategoryFactory,
    ExtensionRequestFactory,
    NotificationFactory,
    ReportFactory,
    WardFactory,
    report_in_state,
)
from .helpers import text

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/reports/report/"
Status = Report.Status


def change_url(report):
    return f"/admin/reports/report/{report.pk}/change/"


@pytest.fixture
def operator_client(client, admin_operator):
    client.force_login(admin_operator)
    return client


def listed_codes(response) -> set[str]:
    return {report.code for report in response.context["cl"].result_list}


# --- The list --------------------------------------------------------------------


def test_operator_sees_the_list_with_its_columns(operator_client):
    ward = WardFactory(name="Phường Đông Hà")
    agency = AgencyFactory(name="Sở Xây dựng")
    report = report_in_state(
        Status.FORWARDED,
        title="Đèn đường hỏng",
        ward=ward,
        lead_agency=agency,
        level=Report.Level.URGENT,
    )
    submitted = report_in_state(Status.SUBMITTED, title="Rác thải ven sông")

    response = operator_client.get(LIST_URL)

    assert response.status_code == 200
    page = text(response)
    assert listed_codes(response) == {report.code, submitted.code}
    for shown in ("Đèn đường hỏng", "Phường Đông Hà", "Sở Xây dựng", "Khẩn", "Đã chuyển xử lý"):
        assert shown in page
    assert '<span class="pa-badge pa-badge--forwarded">Đã chuyển xử lý</span>' in page


def test_drafts_are_not_listed(operator_client):
    draft = ReportFactory(title="Bản nháp riêng tư")
    submitted = report_in_state(Status.SUBMITTED)

    response = operator_client.get(LIST_URL)

    assert listed_codes(response) == {submitted.code}
    assert "Bản nháp riêng tư" not in text(response)
    assert "?status__exact=draft" not in text(response)  # no "Nháp" filter either
    assert operator_client.get(change_url(draft)).status_code == 302  # "does not exist" redirect


def test_overdue_badge_and_filter(operator_client):
    late = report_in_state(Status.FORWARDED, deadline=timezone.now() - timedelta(hours=1))
    on_time = report_in_state(Status.FORWARDED, deadline=timezone.now() + timedelta(days=2))
    # Answered reports are never overdue, whatever their deadline.
    answered = report_in_state(Status.RESOLVED, deadline=timezone.now() - timedelta(days=3))

    response = operator_client.get(LIST_URL)
    assert text(response).count('<span class="pa-badge pa-badge--overdue">Quá hạn</span>') == 1

    assert listed_codes(operator_client.get(LIST_URL, {"qua_han": "yes"})) == {late.code}
    assert listed_codes(operator_client.get(LIST_URL, {"qua_han": "no"})) == {
        on_time.code,
        answered.code,
    }


def test_filters_by_status_level_category_agency_and_ward(operator_client):
    category = CategoryFactory(name="Giao thông")
    agency = AgencyFactory()
    ward = WardFactory()
    target = report_in_state(
        Status.FORWARDED,
        category=category,
        lead_agency=agency,
        ward=ward,
        level=Report.Level.URGENT,
    )
    report_in_state(Status.SUBMITTED)
    report_in_state(Status.FORWARDED)

    for params in (
        {"status__exact": Status.FORWARDED, "level__exact": Report.Level.URGENT},
        {"category__id__exact": category.pk},
        {"lead_agency__id__exact": agency.pk},
        {"ward__id__exact": ward.pk},
    ):
        response = operator_client.get(LIST_URL, params)
        assert response.status_code == 200, params
        assert listed_codes(response) == {target.code}, params


def test_list_query_count_does_not_grow_with_rows(operator_client):
    def count_queries():
        # The session's first request also checks the authenticator app, once.
        operator_client.get("/tai-khoan/")
        with CaptureQueriesContext(connection) as queries:
            response = operator_client.get(LIST_URL)
        assert response.status_code == 200
        return len(queries)

    report_in_state(Status.FORWARDED, ward=WardFactory())
    few = count_queries()
    for status in (Status.SUBMITTED, Status.RECEIVED, Status.IN_PROGRESS, Status.RESOLVED) * 3:
        report_in_state(status, ward=WardFactory(), category=CategoryFactory())
    assert count_queries() == few


# --- Search ------------------------------------------------------------------------


def test_search_without_accents_finds_the_title(operator_client):
    found = report_in_state(Status.SUBMITTED, title="Ổ gà trên Đường Lê Duẩn")
    report_in_state(Status.SUBMITTED, title="Đèn tín hiệu hỏng ở ngã tư")

    response = operator_client.get(LIST_URL, {"q": "duong le duan"})

    assert listed_codes(response) == {found.code}
    # Each word counts on its own, in any order, accents or not.
    assert listed_codes(operator_client.get(LIST_URL, {"q": "Duẩn đường"})) == {found.code}


def test_search_finds_the_reporter_by_name_even_when_hidden(operator_client):
    reporter = UserFactory(full_name="Nguyễn Thị Hồng Nhung")
    found = report_in_state(Status.SUBMITTED, reporter=reporter, hide_name=True)
    report_in_state(Status.SUBMITTED)

    assert listed_codes(operator_client.get(LIST_URL, {"q": "hong nhung"})) == {found.code}


@pytest.mark.parametrize(
    "query", ["0912 345 678", "0912345678", "+84912345678", "84 912 345 678", "0912.345"]
)
def test_search_by_phone_in_any_format(operator_client, query):
    found = report_in_state(Status.SUBMITTED, reporter=UserFactory(phone="+84912345678"))
    report_in_state(Status.SUBMITTED, reporter=UserFactory(phone="+84987654321"))

    assert listed_codes(operator_client.get(LIST_URL, {"q": query})) == {found.code}


def test_search_by_code(operator_client):
    found = report_in_state(Status.FORWARDED)
    report_in_state(Status.FORWARDED)

    assert listed_codes(operator_client.get(LIST_URL, {"q": found.code})) == {found.code}
    assert listed_codes(operator_client.get(LIST_URL, {"q": found.code.lower()})) == {found.code}


# --- The report page -------------------------------------------------------------


def test_report_page_shows_the_reporters_phone_only_in_the_admin(operator_client, client):
    reporter = UserFactory(phone="+84912345678", email="nhung@example.vn")
    report = report_in_state(Status.PUBLISHED, reporter=reporter, is_public=True)

    page = text(operator_client.get(change_url(report)))

    assert "0912 345 678" in page
    assert "nhung@example.vn" in page
    # Not on the list, and not on the public page of the same report.
    assert "0912 345 678" not in text(operator_client.get(LIST_URL))
    public_page = text(client.get(f"/phan-anh/{report.code}/"))
    assert "0912 345 678" not in public_page
    assert "912345678" not in public_page


def test_report_page_is_read_only(operator_client):
    report = report_in_state(Status.SUBMITTED, title="Tiêu đề gốc")

    response = operator_client.get(change_url(report))

    assert response.status_code == 200
    page = text(response)
    assert 'name="_save"' not in page
    assert 'name="title"' not in page
    # Posting the change form changes nothing: reports change through the workflow only.
    posted = operator_client.post(change_url(report), {"title": "Sửa tay"})
    assert posted.status_code == 403
    report.refresh_from_db()
    assert report.title == "Tiêu đề gốc"
    assert operator_client.get("/admin/reports/report/add/").status_code == 403
    assert operator_client.get(f"/admin/reports/report/{report.pk}/delete/").status_code == 403


def test_report_page_shows_history_and_attachments(operator_client):
    report = report_in_state(Status.RECEIVED)
    ReportEvent.objects.create(
        report=report,
        from_status=Status.SUBMITTED,
        to_status=Status.RECEIVED,
        note="Đã xác minh tại hiện trường",
        is_public=False,
    )
    photo = AttachmentFactory(report=report, original_name="o-ga.jpg")
    document = AttachmentFactory(report=report, document=True)

    page = text(operator_client.get(change_url(report)))

    assert "Đã xác minh tại hiện trường" in page
    assert "Chờ tiếp nhận → Đã tiếp nhận" in page
    assert f'src="/tep/{photo.public_id}/thu-nho/"' in page
    assert f'href="/tep/{document.public_id}/"' in page
    # The operator can open them through the permission gate.
    assert operator_client.get(f"/tep/{photo.public_id}/").status_code == 200


# --- The logs ----------------------------------------------------------------------


def test_logs_are_read_only_lists(operator_client):
    report = report_in_state(Status.FORWARDED)
    NotificationFactory(report=report, message="Phản ánh đã được chuyển")
    Delivery.objects.create(channel="sms", address="+84912345678", body="Tin thử", report=report)
    ExtensionRequestFactory(report=report)

    for model in ("notification", "delivery", "extensionrequest"):
        response = operator_client.get(f"/admin/reports/{model}/")
        assert response.status_code == 200, model
        assert report.code in text(response), model
        assert operator_client.get(f"/admin/reports/{model}/add/").status_code == 403, model


def test_resend_failed_deliveries(operator_client):
    failed = Delivery.objects.create(
        channel="sms",
        address="+84912345678",
        body="Phản ánh đã được tiếp nhận",
        status=Delivery.Status.FAILED,
        attempts=8,
        last_error="Gateway timeout",
    )
    sent = Delivery.objects.create(
        channel="sms", address="+84912345679", body="Đã gửi", status=Delivery.Status.SENT
    )

    response = operator_client.post(
        "/admin/reports/delivery/",
        {"action": "resend", "_selected_action": [failed.pk, sent.pk]},
        follow=True,
    )

    failed.refresh_from_db()
    assert failed.status == Delivery.Status.SENT
    assert failed.attempts == 9
    page = text(response)
    assert "Đã gửi lại 1 tin." in page
    assert "Bỏ qua 1 tin không ở trạng thái gửi lỗi." in page
