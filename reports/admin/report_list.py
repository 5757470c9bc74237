"""The report list's pieces: filters, the people search, badges and dates."""

import re

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from reports.dates import local_date_and_time
from reports.models import AdministrativeUnit, Report, Satisfaction

# What may be a phone number: digits with the usual separators, "+84" or "0" in front.
PHONE_LIKE = re.compile(r"^\+?[\d\s.\-()]+$")
MIN_PHONE_DIGITS = 4
# Searches name at most this many people as a list (see people_ids).
MAX_LISTED_PEOPLE = 1000


def phone_digits(term: str) -> str | None:
    """The digits to look for in an E.164 number (+84912345678), or None when
    `term` is not a phone number: "0912 345 678" -> "84912345678"."""
    if not PHONE_LIKE.match(term):
        return None
    digits = re.sub(r"\D", "", term)
    if len(digits) < MIN_PHONE_DIGITS:
        return None
    if digits.startswith("0"):
        digits = "84" + digits[1:]
    return digits


def date_and_time(moment):
    """Date over time, to keep the list's columns narrow."""
    if moment is None:
        return None  # the admin's empty value
    return format_html('<span class="pa-date">{}</span> {}', *local_date_and_time(moment))


def badge(kind: str, text) -> str:
    return format_html('<span class="pa-badge pa-badge--{}">{}</span>', kind, text)


class StatusFilter(admin.ChoicesFieldListFilter):
    """Every status but "Nháp": drafts are their owner's alone and never listed here."""

    def choices(self, changelist):
        draft = str(Report.Status.DRAFT.label)
        for choice in super().choices(changelist):
            if str(choice["display"]) != draft:
                yield choice


class CurrentWardFilter(admin.RelatedFieldListFilter):
    """Today's wards and communes, by name (not the former districts)."""

    def field_choices(self, field, request, model_admin):
        return [(unit.pk, unit.name) for unit in AdministrativeUnit.objects.current_wards()]


class OverdueFilter(admin.SimpleListFilter):
    title = _("quá hạn")
    parameter_name = "qua_han"

    def lookups(self, request, model_admin):
        return [("yes", _("Quá hạn")), ("no", _("Chưa quá hạn"))]

    def queryset(self, request, queryset):
        # `is_overdue` comes from ReportAdmin.get_queryset (with_overdue()).
        if self.value() == "yes":
            return queryset.filter(is_overdue=True)
        if self.value() == "no":
            return queryset.filter(is_overdue=False)
        return queryset


class ReviewFilter(admin.SimpleListFilter):
    """The IOC's "Chờ xem xét lại" queue: published answers the reporter rated
    "Không hài lòng", not decided yet (Satisfaction.objects.awaiting_review);
    its choice counts them, so the list's sidebar says how many wait."""

    title = _("ý kiến người dân")
    parameter_name = "xem_xet_lai"
    PENDING = "cho"

    def lookups(self, request, model_admin):
        count = Satisfaction.objects.awaiting_review().count()
        label = _("Người dân không hài lòng – chờ xem xét (%(count)d)") % {"count": count}
        return [(self.PENDING, label)]

    def queryset(self, request, queryset):
        if self.value() == self.PENDING:
            return queryset.filter(
                satisfaction__in=Satisfaction.objects.awaiting_review(),
                status=Report.Status.PUBLISHED,
            )
        return queryset


class SupportFilter(admin.SimpleListFilter):
    """Reports many people meet ("Tôi cũng gặp"): `support_count` comes from
    ReportAdmin.get_queryset (reports.selectors.CARD_ANNOTATIONS, engagement's)."""

    title = _("người cùng gặp")
    parameter_name = "cung_gap"
    THRESHOLDS = (1, 5, 20)

    def lookups(self, request, model_admin):
        return [(str(n), _("≥ %(count)d người cùng gặp") % {"count": n}) for n in self.THRESHOLDS]

    def queryset(self, request, queryset):
        value = self.value()
        counted = "support_count" in queryset.query.annotations
        if counted and value in {str(n) for n in self.THRESHOLDS}:
            return queryset.filter(support_count__gte=int(value))
        return queryset


def people_ids(users):
    """The users' ids as a list, which PostgreSQL can combine with the other
    branches' indexes; a subquery inside an OR would make it scan every report.
    Past MAX_LISTED_PEOPLE (a very common name) the subquery is kept."""
    ids = list(users.values_list("pk", flat=True)[: MAX_LISTED_PEOPLE + 1])
    return ids if len(ids) <= MAX_LISTED_PEOPLE else users.values("pk")
