"""The filters of the public list and the map (README §5), and the list's read
(the map's reads are in reports/map_data.py).

Every query here starts from `Report.objects.public()`: drafts, reports the IOC
has not received, rejected and non-public reports never appear, whoever asks.
"""

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.text import fold
from reports.forms import SentDateRangeFilterSet
from reports.models import Report
from reports.selectors import active_categories


class Tab(models.TextChoices):
    """The tabs of README §5; the values appear in URLs (?tab=khan)."""

    URGENT = "khan", _("Khẩn")
    PUBLISHED = "da-xu-ly", _("Đã xử lý")
    ALL = "tat-ca", _("Tất cả")


SEARCH_MAX_LENGTH = 100
SEARCH_MAX_WORDS = 8


def search_words(query: str) -> list[str]:
    """The folded words of a search, each of which must match."""
    return fold(query).split()[:SEARCH_MAX_WORDS]


class PublicReportFilter(SentDateRangeFilterSet):
    """The filters of the community list and the map: tab, category chip,
    date range of sending and a search that ignores case and accents."""

    tab = django_filters.ChoiceFilter(
        label=_("Nhóm"), choices=Tab.choices, method="filter_tab", empty_label=None
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Chuyên mục"),
        field_name="category",
        to_field_name="slug",
        queryset=active_categories(),
    )
    q = django_filters.CharFilter(
        label=_("Tìm theo mã, tiêu đề, người gửi"),
        method="filter_search",
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(
            attrs={"type": "search", "maxlength": SEARCH_MAX_LENGTH, "enterkeyhint": "search"}
        ),
    )

    class Meta:
        model = Report
        fields = ["tab", "category", "sent_from", "sent_to", "q"]

    def filter_tab(self, queryset, name, value):
        if value == Tab.URGENT:
            return queryset.filter(level=Report.Level.URGENT)
        if value == Tab.PUBLISHED:
            return queryset.filter(status=Report.Status.PUBLISHED)
        return queryset

    def filter_search(self, queryset, name, value):
        # `contains`, not `icontains`: both sides are already folded, and on
        # PostgreSQL a plain LIKE is what the trigram index on search_text serves.
        for word in search_words(value):
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    @property
    def current_tab(self) -> str:
        return self._cleaned("tab") or Tab.ALL

    @property
    def current_category(self):
        return self._cleaned("category")

    def _cleaned(self, name):
        """A valid value of one field; an invalid one elsewhere does not void it."""
        if not self.is_bound:
            return None
        self.form.is_valid()
        return self.form.cleaned_data.get(name)


def public_list(*, params) -> PublicReportFilter:
    """The community list, newest first; `params` is the request's GET (or None)."""
    reports = Report.objects.public().with_card_data().with_overdue()
    return PublicReportFilter(params, queryset=reports.order_by("-submitted_at", "-pk"))
