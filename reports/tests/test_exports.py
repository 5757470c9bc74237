"""The CSV and Excel exports of the IOC's report list."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.contrib.admin import helpers
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from reports.models import Report

from .factories import AgencyFactory, CategoryFactory, ReportFactory, WardFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:reports_report_changelist")
HEADERS = [
    "Mã phản ánh",
    "Tiêu đề",
    "Chuyên mục",
    "Mức độ",
    "Trạng thái",
    "Phường, xã",
    "Địa chỉ",
    "Cơ quan chủ trì",
    "Gửi lúc",
    "Hạn xử lý",
    "Quá hạn",
    "Đăng tải lúc",
]


@pytest.fixture
def reports():
    category = CategoryFactory(name="Giao thông, đường sá")
    ward = WardFactory(name="Phường Đông Hà")
    agency = AgencyFactory(name="Sở Giao thông vận tải Quảng Trị")
    overdue = ReportFactory(
        submitted=True,
        status=Report.Status.IN_PROGRESS,
        title="Ổ gà sâu trên Đường Lê Duẩn",
        address="Đường Lê Duẩn, phường Đông Hà",
        category=category,
        ward=ward,
        lead_agency=agency,
        level=Report.Level.URGENT,
        deadline=timezone.now() - timedelta(days=1),
    )
    published = ReportFactory(published=True, category=category, ward=ward)
    other = ReportFactory(submitted=True, title="Đèn đường hỏng ở Cam Lộ")
    return overdue, published, other


def run(client, action, selected, data=None):
    return client.post(
        CHANGELIST,
        {
            "action": action,
            helpers.ACTION_CHECKBOX_NAME: [report.pk for report in selected],
            **(data or {}),
        },
    )


@pytest.fixture
def operator_client(client, admin_operator):
    client.force_login(admin_operator)
    return client


def test_csv_export_of_the_selected_reports(operator_client, reports):
    overdue, published, other = reports
    response = run(operator_client, "export_csv", [overdue, published])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="phan-anh-')
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    by_code = {row[0]: row for row in rows[1:]}
    assert set(by_code) == {overdue.code, published.code}
    row = by_code[overdue.code]
    assert row[1] == "Ổ gà sâu trên Đường Lê Duẩn"
    assert row[2] == "Giao thông, đường sá"
    assert row[3] == "Khẩn"
    assert row[4] == "Đang xử lý"
    assert row[5] == "Phường Đông Hà"
    assert row[6] == "Đường Lê Duẩn, phường Đông Hà"
    assert row[7] == "Sở Giao thông vận tải Quảng Trị"
    assert row[10] == "Có"
    assert by_code[published.code][4] == "Đã xử lý"
    assert by_code[published.code][10] == "Không"
    assert by_code[published.code][11]  # the publication date


def test_xlsx_export_opens_with_accents_intact(operator_client, reports):
    overdue, published, _ = reports
    response = run(operator_client, "export_xlsx", [overdue, published])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    by_code = {row[0]: row for row in rows[1:]}
    assert set(by_code) == {overdue.code, published.code}
    row = by_code[overdue.code]
    assert row[1] == "Ổ gà sâu trên Đường Lê Duẩn"
    assert row[6] == "Đường Lê Duẩn, phường Đông Hà"
    assert row[10] == "Có"
    submitted = timezone.localtime(overdue.submitted_at).replace(tzinfo=None, microsecond=0)
    assert row[8].replace(microsecond=0) == submitted


def test_export_of_the_filtered_list(operator_client, reports):
    """With "select all" and a filter, the export holds what the filter gives."""
    overdue, *_ = reports
    response = client_post_filtered(operator_client, overdue)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == [overdue.code]


def client_post_filtered(client, ticked):
    return client.post(
        f"{CHANGELIST}?qua_han=yes",
        {"action": "export_csv", "select_across": "1", helpers.ACTION_CHECKBOX_NAME: [ticked.pk]},
    )


def test_actions_are_offered_to_the_operator(operator_client, reports):
    response = operator_client.get(CHANGELIST)
    content = response.content.decode()
    assert "Xuất CSV" in content
    assert "Xuất Excel" in content


@pytest.mark.parametrize("action", ["export_csv", "export_xlsx"])
def test_staff_without_view_permission_cannot_export(client, reports, action):
    client.force_login(UserFactory(is_staff=True))
    response = run(client, action, reports)
    assert response.status_code == 403
    assert "attachment" not in response.get("Content-Disposition", "")


def test_action_needs_view_permission(rf, reports):
    from django.contrib import admin

    model_admin = admin.site.get_model_admin(Report)
    request = rf.get(CHANGELIST)
    request.user = UserFactory(is_staff=True)
    assert "export_csv" not in model_admin.get_actions(request)
    assert "export_xlsx" not in model_admin.get_actions(request)


@pytest.mark.parametrize("title", ['=HYPERLINK("http://x.example")', "+1+cmd", "-2+3", "@SUM(A1)"])
def test_a_title_that_looks_like_a_formula_is_exported_as_text(operator_client, title):
    report = ReportFactory(submitted=True, title=title)

    rows = list(
        csv.reader(
            io.StringIO(run(operator_client, "export_csv", [report]).content.decode("utf-8-sig"))
        )
    )
    assert rows[1][1] == "'" + title

    response = run(operator_client, "export_xlsx", [report])
    cell = openpyxl.load_workbook(io.BytesIO(response.content)).active["B2"]
    assert cell.value == "'" + title
    assert cell.data_type == "s"  # text, not a formula
