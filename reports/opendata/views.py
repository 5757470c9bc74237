"""The public statistics page, the agencies' monthly rankings and their CSV
downloads (README §8)."""

import csv
from datetime import date

from django import forms
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from reports.forms import SentDateRangeFilterSet
from reports.models import Report
from reports.opendata import rankings, statistics
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
        return _not_ready()
    suffix = "".join(f"_{day.isoformat()}" for day in (date_from, date_to) if day)
    return _csv(f"thong-ke-{name}{suffix}.csv", rows(stats))


def _csv(filename: str, rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    csv.writer(response).writerows(safe_row(row) for row in rows)
    return response


def _not_ready() -> HttpResponse:
    response = HttpResponse(
        _("Số liệu đang được tính. Vui lòng thử lại sau ít phút."),
        content_type="text/plain; charset=utf-8",
        status=503,
        headers={"Retry-After": "60"},
    )
    add_never_cache_headers(response)
    return response


# --- The monthly rankings (issue 15) --------------------------------------------------------


def month_label(month: date) -> str:
    return _("tháng %(month)s/%(year)s") % {"month": month.month, "year": month.year}


class MonthForm(forms.Form):
    """The month of the ranking, among `rankings.months`; a month outside them
    is refused with what is wrong with it."""

    thang = forms.CharField(label=gettext_lazy("Tháng"), required=False, widget=forms.Select)

    def __init__(self, *args, choices: list[date], **kwargs):
        super().__init__(*args, **kwargs)
        self.months = choices
        self.fields["thang"].widget.choices = [
            (f"{month:%Y-%m}", month_label(month).capitalize()) for month in choices
        ]

    def clean_thang(self) -> date | None:
        value = self.cleaned_data["thang"]
        if not value:
            return None  # the default month
        try:
            year, month = (int(part) for part in value.split("-"))
            chosen = date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(
                _("Tháng không hợp lệ. Hãy chọn một tháng trong danh sách."), code="invalid"
            ) from None
        if chosen > self.months[0]:
            raise forms.ValidationError(
                _("Tháng %(month)s chưa đến. Hãy chọn tháng này hoặc một tháng đã qua.")
                % {"month": f"{chosen.month}/{chosen.year}"},
                code="future",
            )
        if chosen < self.months[-1]:
            raise forms.ValidationError(
                _("Chưa có số liệu trước %(month)s.") % {"month": month_label(self.months[-1])},
                code="too_early",
            )
        return chosen


def _month(request, now) -> tuple[MonthForm, date]:
    """The form and its month; a wrong month is shown as an error and the
    default month is shown instead."""
    choices = rankings.months(now)
    default = rankings.default_month(choices, now)
    form = MonthForm(
        request.GET if "thang" in request.GET else None,
        choices=choices,
        initial={"thang": f"{default:%Y-%m}"},
    )
    chosen = form.cleaned_data["thang"] if form.is_bound and form.is_valid() else None
    return form, chosen or default


class RankingView(TemplateView):
    template_name = "reports/stats_rankings.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        form, month = _month(self.request, now)
        ranking = rankings.ranking(month, now=now)
        context.update(form=form, month=month, month_label=month_label(month), ranking=ranking)
        if ranking:
            context["chart"] = {
                "names": [row["name"] for row in ranking["rows"]],
                "rates": [row["on_time_rate"] for row in ranking["rows"]],
            }
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["ranking"] is None:  # "being computed": no cache may keep this page
            add_never_cache_headers(response)
        return response


def _ranking_rows(ranking):
    yield [
        _("Tháng"),
        _("Hạng"),
        _("Cơ quan"),
        _("Đã nhận"),
        _("Đã trả lời"),
        _("Đúng hạn"),
        _("Quá hạn"),
        _("Tỉ lệ đúng hạn (%)"),
        _("Thời gian xử lý trung bình (ngày làm việc)"),
        _("Hài lòng"),
        _("Chấp nhận"),
        _("Không hài lòng"),
        _("Tỉ lệ hài lòng (%)"),
        _("Số liệu"),
    ]
    state = _("Tạm tính") if ranking["provisional"] else _("Đã chốt")
    month = f"{ranking['month']:%Y-%m}"
    for row in ranking["rows"]:
        figures = [_percent(row[name]) for name in rankings.FIGURES]
        yield [month, row["rank"], row["name"], *figures, state]


def rankings_csv(request):
    """The chosen month's ranking as CSV (BOM, cells disarmed); a wrong month is 404."""
    now = timezone.now()
    form, month = _month(request, now)
    if form.errors:
        raise Http404
    ranking = rankings.ranking(month, now=now)
    if ranking is None:
        return _not_ready()
    suffix = "-tam-tinh" if ranking["provisional"] else ""
    return _csv(f"xep-hang-co-quan-{month:%Y-%m}{suffix}.csv", _ranking_rows(ranking))
