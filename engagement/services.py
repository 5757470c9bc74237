"""Writes: supporting and following a report, subscriptions (README §5).

Only public reports may be supported or followed (`Report.objects.public()`);
anything else is "not found", as for its page. Racing clicks of one person
take turns on their own user row, and the unique constraints keep one support
and one follow per person and report whatever happens.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from engagement.models import MAX_RADIUS_METRES, Follow, Subscription, Support
from reports.models import Report

# No one is flooded: at most this many subscriptions per account.
MAX_SUBSCRIPTIONS = 10


def public_report(*, code: str) -> Report:
    """The public report of `code`; Http404 for a missing or non-public one."""
    report = Report.objects.public().filter(code=code).first()
    if report is None:
        raise Http404
    return report


def _check_user(user) -> None:
    if not (user.is_authenticated and user.is_active):
        raise PermissionError("Only signed-in citizens support or follow reports.")


def _take_turns(user) -> None:
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def support_set(*, user, report: Report, on: bool | None = None) -> tuple[bool, int]:
    """Support ("Tôi cũng gặp") a public report, or stop; returns (supported,
    number of supporters). `on=None` toggles; True or False sets the state, so
    a request sent twice gives the same answer."""
    _check_user(user)
    with transaction.atomic():
        _take_turns(user)
        if not Report.objects.public().filter(pk=report.pk).exists():
            raise Http404
        mine = Support.objects.filter(user=user, report=report)
        if on is None:
            on = not mine.exists()
        if on:
            Support.objects.get_or_create(user=user, report=report)
        else:
            mine.delete()
        return on, Support.objects.filter(report=report).count()


def follow_set(*, user, report: Report, on: bool | None = None) -> bool:
    """Follow a public report, or stop (as `support_set`); returns whether followed."""
    _check_user(user)
    with transaction.atomic():
        _take_turns(user)
        if not Report.objects.public().filter(pk=report.pk).exists():
            raise Http404
        mine = Follow.objects.filter(user=user, report=report)
        if on is None:
            on = not mine.exists()
        if on:
            Follow.objects.get_or_create(user=user, report=report)
        else:
            mine.delete()
        return on


def follow_instead(*, user, report: Report) -> None:
    """ "Theo dõi phản ánh này thay vì gửi mới": the citizen follows the report
    found near theirs and counts as one more person meeting the problem."""
    with transaction.atomic():
        support_set(user=user, report=report, on=True)
        follow_set(user=user, report=report, on=True)


def follow_stop(*, follow_id: int) -> None:
    """Stop a follow (the one-click link of its e-mails); already stopped is fine."""
    Follow.objects.filter(pk=follow_id).delete()


def subscription_create(*, user, **fields) -> Subscription:
    """A new subscription for `user`: at most MAX_SUBSCRIPTIONS each, a radius of
    at most MAX_RADIUS_METRES, and SMS only for an account with a phone."""
    _check_user(user)
    subscription = Subscription(user=user, **fields)
    if subscription.scope != Subscription.Scope.WARD:
        subscription.ward = None
    if subscription.scope != Subscription.Scope.CATEGORY:
        subscription.category = None
    if subscription.scope != Subscription.Scope.RADIUS:
        subscription.latitude = subscription.longitude = subscription.radius = None
    elif (subscription.radius or 0) > MAX_RADIUS_METRES:
        raise ValidationError(
            _("Bán kính tối đa là %(metres)s m.") % {"metres": MAX_RADIUS_METRES}, code="radius"
        )
    if subscription.sms_urgent and not user.phone:
        raise ValidationError(_("Tài khoản chưa có số điện thoại để nhận SMS."), code="sms")
    with transaction.atomic():
        _take_turns(user)
        if Subscription.objects.filter(user=user).count() >= MAX_SUBSCRIPTIONS:
            raise ValidationError(
                _("Mỗi tài khoản đăng ký tối đa %(count)s mục nhận tin.")
                % {"count": MAX_SUBSCRIPTIONS},
                code="too_many",
            )
        subscription.full_clean(exclude=["user"])
        subscription.save()
    return subscription


def subscription_delete(*, user=None, subscription_id: int) -> bool:
    """Stop a subscription: the owner's (`user`), or anyone's through its signed
    link (`user=None`). Returns whether one was stopped now."""
    subscriptions = Subscription.objects.filter(pk=subscription_id)
    if user is not None:
        subscriptions = subscriptions.filter(user=user)
    deleted, _detail = subscriptions.delete()
    return deleted > 0
