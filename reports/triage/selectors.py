"""Reads of the agency triage dashboard (/xu-ly/), each through its gate.

A member works for one agency at a time (their `TriageAccess`): officers and
leaders see the reports forwarded to it (lead or co-processing), monitors see
the reports located in its wards, read-only. Anything else answers 404.
"""

from dataclasses import dataclass

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports import workflow
from reports.models import (
    ANSWERED_STATUSES,
    AgencyMembership,
    Attachment,
    Report,
    ReportEvent,
    overdue_q,
)

AgencyRole = AgencyMembership.AgencyRole

# The actions the dashboard offers, in the order of the page.
TRIAGE_ACTIONS = ("accept", "return", "progress", "opinion", "answer", "request_extension")


@dataclass(frozen=True)
class Tab:
    slug: str
    label: str


@dataclass(frozen=True)
class TriageAccess:
    """The membership a request acts under (which agency, in which role), and
    all of the user's memberships, for the switch between them."""

    membership: AgencyMembership
    memberships: tuple[AgencyMembership, ...]

    @property
    def agency(self):
        return self.membership.agency

    @property
    def read_only(self) -> bool:
        return self.membership.role == AgencyRole.MONITOR


def memberships_of(*, user) -> list[AgencyMembership]:
    """The user's dashboard memberships (active agencies), in a stable order."""
    if not user.is_authenticated or not user.is_active:
        return []
    return list(
        AgencyMembership.objects.filter(user=user, agency__is_active=True)
        .select_related("agency")
        .order_by("agency__name", "pk")
    )


def triage_access_for(*, user, agency_code: str | None) -> TriageAccess:
    """The membership named by `?agency=<code>`, else the user's first; 404 for
    anyone who is no member of an agency (citizens) or of that agency."""
    memberships = memberships_of(user=user)
    chosen = (
        [m for m in memberships if m.agency.code == agency_code] if agency_code else memberships
    )
    if not chosen:
        raise Http404
    return TriageAccess(chosen[0], tuple(memberships))


def triage_reports(*, access: TriageAccess) -> models.QuerySet[Report]:
    """What the agency's member may see: forwarded to it, or (monitors) in its wards."""
    agency = access.agency
    if access.read_only:
        return Report.objects.in_area_of(agency)
    return Report.objects.for_agency(agency)


def triage_report_for_user(*, user, access: TriageAccess, code: str) -> Report:
    """THE gate of every /xu-ly/<code>/ page and action: the report when `access`
    lets the user see it, 404 both when it is missing and when it may not."""
    if access.membership.user_id != user.pk:
        raise Http404
    queryset = (
        triage_reports(access=access)
        .select_related("category", "ward", "lead_agency", "reporter")
        .prefetch_related("co_agencies")
        .with_pending_extension()
    )
    return get_object_or_404(queryset.with_overdue(), code=code)


# --- The queue ------------------------------------------------------------------------


TABS = (
    Tab("moi", gettext_lazy("Mới")),
    Tab("dang-xu-ly", gettext_lazy("Đang xử lý")),
    Tab("qua-han", gettext_lazy("Quá hạn")),
    Tab("da-tra-loi", gettext_lazy("Đã trả lời")),
)
DEFAULT_TAB = "moi"


def _tab_filter(slug: str, now) -> models.Q:
    if slug == "moi":
        return models.Q(status=Report.Status.FORWARDED)
    if slug == "dang-xu-ly":
        return models.Q(status=Report.Status.IN_PROGRESS)
    if slug == "qua-han":
        return overdue_q(now)
    if slug == "da-tra-loi":
        return models.Q(status__in=ANSWERED_STATUSES)
    raise Http404


def triage_tab_counts(*, access: TriageAccess) -> dict[str, int]:
    """How many reports each tab holds (by slug), in one query."""
    now = timezone.now()
    counts = triage_reports(access=access).aggregate(
        **{
            f"tab{index}": models.Count("pk", filter=_tab_filter(tab.slug, now))
            for index, tab in enumerate(TABS)
        }
    )
    return {tab.slug: counts[f"tab{index}"] for index, tab in enumerate(TABS)}


def triage_queue(*, access: TriageAccess, tab: str) -> models.QuerySet[Report]:
    """One tab of the queue, soonest deadline first (no deadline last), with
    everything a row shows in a fixed number of queries."""
    now = timezone.now()
    queryset = triage_reports(access=access).filter(_tab_filter(tab, now))
    agency = access.agency
    return (
        queryset.with_overdue(now)
        .annotate(
            is_lead=models.Case(
                models.When(lead_agency=agency, then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )
        .select_related("category", "ward", "lead_agency")
        .order_by(models.F("deadline").asc(nulls_last=True), "pk")
    )


# --- One report ------------------------------------------------------------------------


def triage_actions(*, user, access: TriageAccess, report: Report) -> list[str]:
    """The action forms to show: what the workflow allows the user now, as a
    member of the agency they act for (lead or co-processing). Monitors get
    none. A fixed number of queries on a report from the gate, whatever the
    actions and agencies."""
    if access.read_only:
        return []
    roles = workflow.roles_on(user, report, acting_for=access.agency)
    return [action for action in TRIAGE_ACTIONS if workflow.can(user, action, report, roles=roles)]


def triage_action_allowed(*, access: TriageAccess, action: str) -> bool:
    """Whether the action URL exists for this member at all (monitors: never)."""
    return action in TRIAGE_ACTIONS and not access.read_only


def triage_timeline(*, report: Report) -> list[ReportEvent]:
    """Every entry of the history, internal ones included, each with the label
    of its actor (`actor_label`): a hidden reporter stays hidden here too."""
    events = list(report.events.select_related("actor", "agency").order_by("created_at", "pk"))
    for event in events:
        if event.actor is None:
            event.actor_label = ""
        elif event.actor_id == report.reporter_id:
            event.actor_label = report.public_reporter_name()
        else:
            event.actor_label = event.actor.full_name or _("Cán bộ")
    return events


def triage_opinions(*, timeline: list[ReportEvent]) -> list[ReportEvent]:
    return [event for event in timeline if event.kind == ReportEvent.Kind.OPINION]


def triage_attachments(*, report: Report) -> dict[str, dict[str, list[Attachment]]]:
    """The citizen's files and the current answer's files, each grouped by kind."""
    grouped = {
        "report": {kind: [] for kind in Attachment.Kind.values},
        "answer": {kind: [] for kind in Attachment.Kind.values},
    }
    for attachment in report.attachments.filter(retired_at__isnull=True).order_by("order", "pk"):
        grouped["answer" if attachment.is_answer else "report"][attachment.kind].append(attachment)
    return grouped
