"""Supporting and following a report, the subscriptions tab, and the
unsubscribe link (README §5). Thin: the rules are engagement.services'."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from engagement import selectors, services, unsubscribe
from engagement.forms import SubscriptionForm
from engagement.models import Follow, Subscription


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _state(request) -> bool | None:
    """The state the button asks for ("1"/"0"), or None: toggle."""
    value = request.POST.get("on")
    return {"1": True, "0": False}.get(value)


def count_text(count: int) -> str:
    """The panel's sentence (templates/engagement/_panel.html), for the script."""
    if not count:
        return _("Chưa có ai khác báo cùng gặp vấn đề này.")
    return ngettext(
        "%(counter)s người cùng gặp vấn đề này", "%(counter)s người cùng gặp vấn đề này", count
    ) % {"counter": count}


def _back(request, report, anchor="#cung-gap"):
    return redirect(report.get_absolute_url() + anchor)


@login_required
def support(request, code):
    """POST: "Tôi cũng gặp" on or off. A GET (back from the login) goes to the report."""
    report = services.public_report(code=code)
    if request.method != "POST":
        return _back(request, report)
    supported, count = services.support_set(user=request.user, report=report, on=_state(request))
    if _wants_json(request):
        return JsonResponse(
            {"supported": supported, "count": count, "count_text": count_text(count)}
        )
    if supported:
        messages.success(request, _("Đã ghi nhận: bạn cũng gặp vấn đề này."))
    else:
        messages.info(request, _("Đã bỏ “Tôi cũng gặp”."))
    return _back(request, report)


@login_required
def follow(request, code):
    """POST: follow the report or stop. A GET goes to the report."""
    report = services.public_report(code=code)
    if request.method != "POST":
        return _back(request, report)
    followed = services.follow_set(user=request.user, report=report, on=_state(request))
    if _wants_json(request):
        return JsonResponse({"followed": followed})
    if followed:
        messages.success(request, _("Bạn sẽ nhận thông báo khi phản ánh này có tiến triển."))
    else:
        messages.info(request, _("Đã bỏ theo dõi phản ánh này."))
    if request.POST.get("next") == "personal":
        return redirect("engagement:subscriptions")
    return _back(request, report)


@login_required
def follow_instead(request, code):
    """POST from the report form: follow a report nearby instead of sending a new one."""
    report = services.public_report(code=code)
    if request.method != "POST":
        return _back(request, report, "")
    services.follow_instead(user=request.user, report=report)
    messages.success(
        request,
        _(
            "Bạn đang theo dõi phản ánh %(code)s và được tính là người cùng gặp. "
            "Bạn sẽ nhận thông báo khi có tiến triển."
        )
        % {"code": report.code},
    )
    if _wants_json(request):  # the report form's script, which then opens the report
        return JsonResponse({"url": report.get_absolute_url()})
    return _back(request, report, "")


@login_required
def subscriptions(request):
    """The personal area's tab: the reports followed, the subscriptions, and a form."""
    user = request.user
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.subscription_create(user=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã đăng ký nhận tin."))
            return redirect("engagement:subscriptions")
    subscriptions_list = list(selectors.subscriptions_of(user=user))
    return render(
        request,
        "engagement/subscriptions.html",
        {
            "tab": "follows",
            "form": form,
            "subscriptions": subscriptions_list,
            "follows": selectors.follows_of(user=user)[:50],
            "room": len(subscriptions_list) < services.MAX_SUBSCRIPTIONS,
            "max_subscriptions": services.MAX_SUBSCRIPTIONS,
            "has_email": bool(user.verified_email),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def subscription_delete(request, pk):
    if not services.subscription_delete(user=request.user, subscription_id=pk):
        raise Http404
    messages.success(request, _("Đã huỷ đăng ký nhận tin."))
    return redirect("engagement:subscriptions")


def unsubscribe_link(request, token):
    """The link at the end of every e-mail and SMS: no login needed. GET asks,
    POST (with the page's CSRF token) stops. An altered token is refused."""
    read = unsubscribe.read_token(token)
    if read is None:
        return render(request, "engagement/unsubscribe.html", {"invalid": True}, status=400)
    kind, pk = read
    model = Subscription if kind == unsubscribe.SUBSCRIPTION else Follow
    target = (
        model.objects.filter(pk=pk)
        .select_related(*(("ward", "category") if model is Subscription else ("report",)))
        .first()
    )
    done = False
    if request.method == "POST":
        if kind == unsubscribe.SUBSCRIPTION:
            services.subscription_delete(subscription_id=pk)
        else:
            services.follow_stop(follow_id=pk)
        done = True
    return render(
        request,
        "engagement/unsubscribe.html",
        {
            "token": token,
            "target": target,
            "is_follow": kind == unsubscribe.FOLLOW,
            "done": done,
        },
    )
