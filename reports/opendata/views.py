"""The public statistics page and its CSV downloads (README §8)."""

import csv

from django.http import Http404, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from reports.forms import SentDateRangeFilterSet
from reports.models import Report
from reports.opendata import statistics
from reports.opendata.spreadsheet import safe_row


class StatsFilter(SentDateRangeFilterSet):
    """The date range of sending; only its form is used (the figures filter themselves)."""

    class Meta:
        model = Report
        fields = []


def _range(request) -> tuple[StatsFilter, object, object]:
    """The filter and its two days; a wrong day is ignored (and shown as an error)."""
    stats_filter = StatsFilter(request.GET or None, queryset=Report.objects.none())
    form = stats_filter.form
    if not stats_filter.is_bound or not form.is_valid():
        return stats_filter, None, None
    return stats_filter, form.cleaned_data.get("sent_from"), form.cleaned_data.get("sent_to")


class StatsView(TemplateView):
    template_name = "reports/stats.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stats_filter, date_from, date_to = _range(self.request)
        context["filter"] = stats_filter
        context["stats"] = statistics.figures(date_from, date_to)
        query = self.request.GET.urlencode() if date_from or date_to else ""
        context["csv_query"] = f"?{query}" if query else ""
        context["csv_names"] = CSV_NAMES
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["stats"] is None:  # "being computed": no cache may keep this page
            add_never_cache_headers(response)
        return response


def _status_rows(stats):
    yield [_("Trạng thái"), _("Số phản ánh")]
    for row in stats["by_status"]:
        yield [row["label"], row["count"]]


def _category_rows(stats):
    yield [_("Chuyên mục"), _("Số phản ánh")]
    for row in stats["by_category"]:
        yield [row["name"], row["count"]]


def _month_rows(stats):
    yield [_("Tháng"), _("Số phản ánh")]
    for row in stats["by_month"]:
        yield [row["month"], row["count"]]


def _percent(value):
    return "" if value is None else value


def _agency_rows(stats):
    yield [
        _("Cơ quan"),
        _("Đã nhận"),
        _("Đã trả lời"),
        _("Đúng hạn"),
        _("Quá hạn"),
        _("Thời gian xử lý trung bình (ngày làm việc)"),
        _("Hài lòng"),
        _("Hài lòng (%)"),
        _("Chấp nhận"),
        _("Chấp nhận (%)"),
        _("Không hài lòng"),
        _("Không hài lòng (%)"),
    ]
    for row in stats["by_agency"]:
        yield [
            row["name"],
            row["received"],
            row["answered"],
            row["on_time"],
            row["overdue"],
            _percent(row["average_days"]),
            row["satisfied"],
            _percent(row["satisfied_pct"]),
            row["acceptable"],
            _percent(row["acceptable_pct"]),
            row["dissatisfied"],
            _percent(row["dissatisfied_pct"]),
        ]


CSV_TABLES = {
    "trang-thai": _status_rows,
    "chuyen-muc": _category_rows,
    "co-quan": _agency_rows,
    "thang": _month_rows,
}
CSV_NAMES = {
    "status": "trang-thai",
    "category": "chuyen-muc",
    "agency": "co-quan",
    "month": "thang",
}


def stats_csv(request, name):
    """One table as CSV, UTF-8 with a BOM so that Excel shows the accents."""
    rows = CSV_TABLES.get(name)
    if rows is None:
        raise Http404
    _filter, date_from, date_to = _range(request)
    stats = statistics.figures(date_from, date_to)
    if stats is None:
        response = HttpResponse(
            _("Số liệu đang được tính. Vui lòng thử lại sau ít phút."),
            content_type="text/plain; charset=utf-8",
            status=503,
            headers={"Retry-After": "60"},
        )
        add_never_cache_headers(response)
        return response
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    suffix = "".join(f"_{day.isoformat()}" for day in (date_from, date_to) if day)
    response["Content-Disposition"] = f'attachment; filename="thong-ke-{name}{suffix}.csv"'
    response.write("\ufeff")
    csv.writer(response).writerows(safe_row(row) for row in rows(stats))
    return response
