"""Exports of the IOC's report list to CSV and Excel (README §8).

Two admin actions on ReportAdmin: they export the reports ticked in the list,
or, with "select all", every report the list's current filters and search
give. Only users who may view reports run them (permissions=["view"]).
Vietnamese text is kept intact: the CSV is UTF-8 with a BOM (for Excel), the
workbook is written by openpyxl.
"""

import csv
import io

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from reports.opendata.spreadsheet import safe_row

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"

HEADERS = (
    _("Mã phản ánh"),
    _("Tiêu đề"),
    _("Chuyên mục"),
    _("Mức độ"),
    _("Trạng thái"),
    _("Phường, xã"),
    _("Địa chỉ"),
    _("Cơ quan chủ trì"),
    _("Gửi lúc"),
    _("Hạn xử lý"),
    _("Quá hạn"),
    _("Đăng tải lúc"),
)


def _local(moment):
    """A naive local datetime (Excel cells have no time zone), or None."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def export_rows(queryset):
    """One row of Python values per report, in the list's order, formulas disarmed."""
    reports = queryset.select_related("category", "ward", "lead_agency")
    if "is_overdue" not in queryset.query.annotations:
        reports = reports.with_overdue()
    yes, no = gettext("Có"), gettext("Không")
    for report in reports:
        yield safe_row(
            [
                report.code or "",
                report.title,
                report.category.name if report.category_id else "",
                report.get_level_display(),
                report.get_status_display(),
                report.ward.name if report.ward_id else "",
                report.address,
                report.lead_agency.name if report.lead_agency_id else "",
                _local(report.submitted_at),
                _local(report.deadline),
                yes if report.overdue else no,
                _local(report.published_at),
            ]
        )


def _filename(extension: str) -> str:
    return f"phan-anh-{timezone.localtime():%Y%m%d-%H%M}.{extension}"


def _attachment(response, extension):
    response["Content-Disposition"] = f'attachment; filename="{_filename(extension)}"'
    return response


@admin.action(description=_("Xuất CSV"), permissions=["view"])
def export_csv(modeladmin, request, queryset):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(header) for header in HEADERS])
    for row in export_rows(queryset):
        writer.writerow(
            [
                value.strftime(DATETIME_FORMAT) if hasattr(value, "strftime") else value
                for value in row
            ]
        )
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type=CSV_CONTENT_TYPE)
    return _attachment(response, "csv")


@admin.action(description=_("Xuất Excel"), permissions=["view"])
def export_xlsx(modeladmin, request, queryset):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = gettext("Phản ánh")
    sheet.append([str(header) for header in HEADERS])
    for row in export_rows(queryset):
        sheet.append(row)
    for column, header in enumerate(HEADERS, start=1):
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = max(14, len(str(header)) + 2)
        if column in (9, 10, 12):  # the dates
            for cell in sheet[letter][1:]:
                cell.number_format = "dd/mm/yyyy hh:mm"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE), "xlsx")
