"""Comment actions on the report page (/binh-luan/...) and the moderation queue
(/kiem-duyet/). Every change goes through moderation/services.py.

The comment forms are rendered by the `report_comments` template tag on the
report page, which this app does not own; so an error is kept in the session
and shown next to the field when the page is shown again (post, redirect, get).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView, View

from reports.models import Report

from . import selectors, services
from .forms import (
    BulkDecisionForm,
    CommentDecisionForm,
    CommentForm,
    FlagDecisionForm,
    FlagForm,
    LikeForm,
)
from .models import Comment, Flag

# Where a refused comment waits to be shown again in its form (see the module doc).
DRAFT_SESSION_KEY = "moderation.comment_draft"


def _report_for(user, code) -> Report:
    return get_object_or_404(Report.objects.visible_to(user), code=code)


def _back(request, default: str) -> str:
    """The `next` the form sent when it is a page of this site, else `default`.
    Only a path: `redirect()` would take any other text for a URL name to
    reverse, and fail (a 500) when it names none."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


# --- On the report page -------------------------------------------------------


@require_POST
@login_required
def comment_create(request, code):
    report = _report_for(request.user, code)
    form = CommentForm(request.POST)
    form.is_valid()  # both fields are optional: the service checks the content
    data = form.cleaned_data
    replied_to = None
    if data.get("replied_to"):
        replied_to = get_object_or_404(Comment, pk=data["replied_to"], report=report)
    body = data.get("body", "")
    try:
        comment = services.comment_post(
            author=request.user, report=report, body=body, replied_to=replied_to
        )
    except ValidationError as error:
        if error.code == services.NOT_FOUND:
            raise Http404 from error
        request.session[DRAFT_SESSION_KEY] = {
            "report": report.pk,
            "replied_to": replied_to.pk if replied_to else None,
            "body": body[:5000],
            "error": error.messages[0],
        }
        anchor = f"#tra-loi-{replied_to.pk}" if replied_to else "#binh-luan-moi"
        return redirect(report.get_absolute_url() + anchor)
    messages.success(request, _("Đã gửi bình luận. Bình luận sẽ hiển thị sau khi được kiểm duyệt."))
    return redirect(comment.get_absolute_url())


@require_POST
@login_required
def comment_like(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("report"), pk=pk)
    form = LikeForm(request.POST)
    form.is_valid()
    try:
        liked, count = services.like_toggle(
            user=request.user, comment=comment, like=form.cleaned_data.get("like")
        )
    except ValidationError as error:
        raise Http404 from error
    if _wants_json(request):
        return JsonResponse({"liked": liked, "count": count})
    return redirect(_back(request, comment.get_absolute_url()))


@require_POST
@login_required
def flag_comment(request, pk):
    # Only a comment the flagger may see: a hidden one answers 404 before the form.
    comment = get_object_or_404(selectors.comments_open_to_all().select_related("report"), pk=pk)
    return _flag(request, comment.get_absolute_url(), comment=comment)


@require_POST
@login_required
def flag_report(request, code):
    report = _report_for(request.user, code)
    return _flag(request, report.get_absolute_url() + "#binh-luan", report=report)


def _flag(request, back, **target):
    form = FlagForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn lý do báo vi phạm."))
        return redirect(back)
    try:
        services.flag_create(user=request.user, **form.cleaned_data, **target)
    except ValidationError as error:
        raise Http404 from error
    messages.success(request, _("Cảm ơn bạn đã báo vi phạm. Kiểm duyệt viên sẽ xem xét."))
    return redirect(back)


# --- The moderation queue -----------------------------------------------------


class ModeratorRequiredMixin(LoginRequiredMixin):
    """Log in the anonymous; 404 for everyone without the moderation permission."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.has_perm(services.MODERATE_PERMISSION):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class QueueView(ModeratorRequiredMixin, TemplateView):
    template_name = "moderation/queue.html"
    tabs = ("comments", "flags")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tab = self.request.GET.get("tab")
        tab = tab if tab in self.tabs else "comments"
        context.update(tab=tab, counts=selectors.queue_counts())
        if tab == "comments":
            page = Paginator(selectors.pending_comments(), selectors.QUEUE_PAGE_SIZE).get_page(
                self.request.GET.get("page")
            )
            comments = list(page.object_list)
            history = selectors.author_history(user_ids=[c.author_id for c in comments])
            for comment in comments:
                comment.author_refusals = history.get(comment.author_id, 0)
            context.update(page_obj=page, comments=comments)
        else:
            context.update(
                groups=selectors.open_flag_groups(), flags_shown=selectors.FLAG_GROUPS_SHOWN
            )
        return context


class QueueActionView(ModeratorRequiredMixin, View):
    """POST only: a decision, then back to the queue page it came from."""

    http_method_names = ["post"]

    def queue_url(self):
        return _back(self.request, reverse("moderation:queue"))

    def fail(self, error):
        messages.error(self.request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(self.queue_url())


class CommentDecisionView(QueueActionView):
    def post(self, request, pk):
        comment = get_object_or_404(Comment.objects.select_related("author"), pk=pk)
        form = CommentDecisionForm(request.POST)
        if not form.is_valid():
            return self.fail(_("Yêu cầu không hợp lệ."))
        data = form.cleaned_data
        try:
            if data["action"] == "approve":
                done = services.comment_approve(actor=request.user, comments=[comment])
                message = _("Đã duyệt bình luận.")
            else:
                done = services.comment_reject(
                    actor=request.user, comments=[comment], reason=data["reason"]
                )
                message = _("Đã từ chối bình luận.")
                if done and data["lock"] and comment.author.is_active:
                    services.account_lock(
                        actor=request.user, user=comment.author, reason=data["reason"]
                    )
                    message = _("Đã từ chối bình luận và khoá tài khoản người viết.")
        except ValidationError as error:
            return self.fail(error)
        if not done:
            message = _("Bình luận này đã được người khác kiểm duyệt.")
        messages.success(request, message)
        return redirect(self.queue_url())


class BulkDecisionView(QueueActionView):
    def post(self, request):
        form = BulkDecisionForm(request.POST)
        if not form.is_valid():
            errors = [error for errors in form.errors.values() for error in errors]
            return self.fail(ValidationError(errors))
        data = form.cleaned_data
        comments = Comment.objects.filter(pk__in=data["comments"])
        try:
            if data["action"] == "approve":
                done = services.comment_approve(actor=request.user, comments=comments)
                message = _("Đã duyệt %(count)s bình luận.")
            else:
                done = services.comment_reject(
                    actor=request.user, comments=comments, reason=data["reason"]
                )
                message = _("Đã từ chối %(count)s bình luận.")
        except ValidationError as error:
            return self.fail(error)
        messages.success(request, message % {"count": done})
        return redirect(self.queue_url())


class FlagDecisionView(QueueActionView):
    def post(self, request, pk):
        flag = get_object_or_404(
            Flag.objects.select_related("comment__author", "report__reporter"), pk=pk
        )
        form = FlagDecisionForm(request.POST)
        if not form.is_valid():
            return self.fail(_("Yêu cầu không hợp lệ."))
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
        try:
            if action == "hide":
                services.content_hide(
                    actor=request.user, reason=reason, comment=flag.comment, report=flag.report
                )
                message = (
                    _("Đã ẩn bình luận.")
                    if flag.comment_id
                    else _("Đã chuyển phản ánh cho Trung tâm IOC xem xét.")
                )
            elif action == "dismiss":
                services.flag_dismiss(actor=request.user, flag=flag, reason=reason)
                message = _("Đã bỏ qua báo vi phạm.")
            else:
                services.account_lock(actor=request.user, user=flag.target_author, reason=reason)
                message = _("Đã khoá tài khoản %(name)s.") % {"name": flag.target_author}
        except ValidationError as error:
            return self.fail(error)
        messages.success(request, message)
        return redirect(self.queue_url())
