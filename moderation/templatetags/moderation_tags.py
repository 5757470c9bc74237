"""The comment section of a report page and comment counts for report lists,
so that `reports` shows comments without importing `moderation`.

    {% load moderation_tags %}
    {% report_comments report %}              the whole comment section
    {% prefetch_comment_counts reports %}     one query for a page of cards, then
    {% approved_comment_count report %}       the number of approved comments
"""

from django import template

from accounts.text import thousands
from moderation import selectors
from moderation.forms import FlagForm
from moderation.models import COMMENT_MAX_LENGTH
from moderation.services import commentable_reports
from moderation.views import DRAFT_SESSION_KEY

register = template.Library()

COMMENT_PAGE_PARAM = "trang-binh-luan"


@register.inclusion_tag("moderation/comments.html", takes_context=True)
def report_comments(context, report):
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    page_number = request.GET.get(COMMENT_PAGE_PARAM) if request else None
    thread = selectors.report_thread(report=report, user=user, page_number=page_number)
    open_for_comments = commentable_reports().filter(pk=report.pk).exists()
    draft = _take_draft(request, report)
    return {
        "request": request,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "report": report,
        "thread": thread,
        "comments": thread.comments,
        "page_obj": thread.page,
        "page_param": COMMENT_PAGE_PARAM,
        "open_for_comments": open_for_comments,
        "can_write": open_for_comments and user.is_authenticated and user.is_active,
        "can_flag_report": report.is_public and user.is_authenticated and user.is_active,
        "flag_reasons": FlagForm.base_fields["reason"].choices,
        "max_length": COMMENT_MAX_LENGTH,
        "max_length_text": thousands(COMMENT_MAX_LENGTH),
        "draft": draft,
        "next": request.get_full_path() if request else report.get_absolute_url(),
    }


def _take_draft(request, report):
    """The refused comment the view kept for this report, once (then forgotten)."""
    if request is None or not hasattr(request, "session"):
        return None
    draft = request.session.get(DRAFT_SESSION_KEY)
    if not draft or draft.get("report") != report.pk:
        return None
    del request.session[DRAFT_SESSION_KEY]
    return draft


@register.simple_tag
def prefetch_comment_counts(reports):
    """Set `approved_comment_count` on every report of a page in one query."""
    selectors.set_comment_counts(reports)
    return ""


@register.simple_tag
def approved_comment_count(report):
    return selectors.approved_comment_count(report)
