"""Reads of the moderation app, each in a fixed number of queries.

For report lists (comment counts on cards), a way that keeps `reports` free
of any import of `moderation`: in a template,
``{% load moderation_tags %}{% prefetch_comment_counts reports %}`` before the
loop sets ``approved_comment_count`` on every report of the page in one query
(``set_comment_counts``), then ``{% approved_comment_count report %}`` prints
it (without the prefetch it costs one query per report).
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from reports.models import Report

from .models import Comment, CommentLike, Flag, PartnerUpdate

COMMENTS_PER_PAGE = 20
# Each pending comment carries its own decision forms: a page a moderator can
# read through on a phone, and that renders in a few tens of milliseconds.
QUEUE_PAGE_SIZE = 25
FLAG_GROUPS_SHOWN = 200


def comments_open_to_all() -> QuerySet:
    """Comments others may see, like and flag: approved, on a public report."""
    return Comment.objects.approved().filter(report__in=Report.objects.public())


# Approved comments whose thread is shown: top-level ones and replies under an
# approved comment (a reply under a hidden comment is hidden with it).
_SHOWN = Q(status=Comment.Status.APPROVED) & (
    Q(parent__isnull=True) | Q(parent__status=Comment.Status.APPROVED)
)


def set_comment_counts(reports) -> None:
    """Set `approved_comment_count` on already loaded reports, in one query."""
    reports = [report for report in reports if isinstance(report, Report)]
    if not reports:
        return
    counts = dict(
        Comment.objects.filter(_SHOWN, report__in=[report.pk for report in reports])
        .order_by()
        .values_list("report")
        .annotate(total=Count("pk"))
    )
    for report in reports:
        report.approved_comment_count = counts.get(report.pk, 0)


def approved_comment_count(report: Report) -> int:
    annotated = getattr(report, "approved_comment_count", None)
    if annotated is not None:
        return annotated
    return Comment.objects.filter(_SHOWN, report=report).count()


# --- The comment section of a report page ----------------------------------


@dataclass
class Thread:
    """One page of a report's comments as the viewer sees them."""

    page: object  # django.core.paginator.Page of top-level comments
    comments: list[Comment] = field(default_factory=list)
    approved_count: int = 0


def _for_viewer(queryset: QuerySet, user) -> QuerySet:
    likes = (
        CommentLike.objects.filter(comment=OuterRef("pk"))
        .order_by()
        .values("comment")
        .annotate(total=Count("pk"))
        .values("total")
    )
    queryset = queryset.visible_to(user).annotate(
        like_count=Coalesce(Subquery(likes, output_field=IntegerField()), Value(0))
    )
    if user.is_authenticated:
        mine = CommentLike.objects.filter(comment=OuterRef("pk"), user=user)
        return queryset.annotate(liked=Exists(mine))
    return queryset.annotate(liked=Value(False))


def report_thread(*, report: Report, user, page_number=None) -> Thread:
    """Top-level comments newest first (the viewer's own pending ones included,
    marked), each with `shown_replies` oldest first, like counts and whether
    the viewer liked: four queries whatever the number of comments."""
    top = (
        _for_viewer(Comment.objects.filter(report=report, parent__isnull=True), user)
        .select_related("author", "partner_update__api_key")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(top, COMMENTS_PER_PAGE).get_page(page_number)
    comments = list(page.object_list)
    replies = (
        _for_viewer(Comment.objects.filter(parent__in=[comment.pk for comment in comments]), user)
        .select_related(
            "author",
            "partner_update__api_key",
            "replied_to__author",
            "replied_to__partner_update__api_key",
        )
        .order_by("created_at", "pk")
        if comments
        else []
    )
    by_parent: dict[int, list[Comment]] = {comment.pk: [] for comment in comments}
    for reply in replies:
        by_parent[reply.parent_id].append(reply)
    for comment in comments:
        comment.shown_replies = by_parent[comment.pk]
        _name_authors(comment, report, user)
    for reply in replies:
        _name_authors(reply, report, user)
    approved = Comment.objects.filter(_SHOWN, report=report).count()
    return Thread(page=page, comments=comments, approved_count=approved)


def comment_author_name(*, author, report: Report, viewer=None, comment=None) -> str:
    """How a comment's author is named to `viewer` (pages, notifications): a
    reporter who hid their name stays hidden in their own comments too.

    A comment a partner sent for a citizen (`comment`'s PartnerUpdate) names the
    partner, never the citizen, whose name and contact are the IOC's alone.
    Load comments with `select_related("partner_update__api_key")`: otherwise
    each costs a query or two.
    """
    update = _partner_update(comment)
    if update is not None:
        if update.api_key is None:  # the key was deleted
            return _("Người dân qua đối tác Open311")
        return _("Người dân qua %(partner)s") % {"partner": update.api_key.partner}
    if author.pk == report.reporter_id:
        return report.public_reporter_name(viewer=viewer)
    return author.full_name


def _partner_update(comment: Comment | None) -> PartnerUpdate | None:
    if comment is None:
        return None
    try:
        return comment.partner_update
    except PartnerUpdate.DoesNotExist:
        return None


def _name_authors(comment: Comment, report: Report, viewer) -> None:
    """`author_name` and `replied_to_name`, as the page shows them."""
    comment.author_name = comment_author_name(
        author=comment.author, report=report, viewer=viewer, comment=comment
    )
    if comment.replied_to_id:
        comment.replied_to_name = comment_author_name(
            author=comment.replied_to.author,
            report=report,
            viewer=viewer,
            comment=comment.replied_to,
        )


# --- The moderation queue -----------------------------------------------------


def pending_comments() -> QuerySet:
    """The queue: pending comments, oldest first, with their report."""
    return (
        Comment.objects.pending()
        .select_related("author", "report", "replied_to__author")
        .order_by("created_at", "pk")
    )


def author_history(*, user_ids) -> dict[int, int]:
    """How many of each author's comments moderators refused or hid."""
    rows = (
        Comment.objects.filter(
            author_id__in=set(user_ids),
            status__in=(Comment.Status.REJECTED, Comment.Status.HIDDEN),
        )
        .order_by()
        .values_list("author_id")
        .annotate(total=Count("pk"))
    )
    return dict(rows)


@dataclass
class FlagGroup:
    """Every open flag on one comment or report, the oldest first."""

    flags: list[Flag]

    @property
    def first(self) -> Flag:
        return self.flags[0]

    @property
    def comment(self):
        return self.first.comment

    @property
    def report(self):
        return self.first.comment.report if self.first.comment_id else self.first.report

    @property
    def author(self):
        return self.first.target_author


def open_flag_groups(limit: int = FLAG_GROUPS_SHOWN) -> list[FlagGroup]:
    """Open flags grouped by what they flag, oldest first (the oldest `limit` flags)."""
    flags = (
        Flag.objects.filter(status=Flag.Status.OPEN)
        .select_related("flagged_by", "comment__author", "comment__report", "report__reporter")
        .order_by("created_at", "pk")[:limit]
    )
    groups: dict[tuple, FlagGroup] = {}
    for flag in flags:
        key = ("comment", flag.comment_id) if flag.comment_id else ("report", flag.report_id)
        groups.setdefault(key, FlagGroup(flags=[])).flags.append(flag)
    return list(groups.values())


def queue_counts() -> dict[str, int]:
    return {
        "comments": Comment.objects.pending().count(),
        "flags": Flag.objects.filter(status=Flag.Status.OPEN).count(),
    }
