"""Who hears about a report's changes, written as rows in the caller's transaction.

In-app notifications are rows the personal area reads. SMS and e-mail are
`Delivery` rows (the outbox): `deliver_pending` sends them after commit, and a
periodic sweep sends whatever the broker or a worker missed.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.phone import normalize_phone
from reports.models import AgencyMembership, Delivery, Notification, PartnerSubmission

logger = logging.getLogger(__name__)

IOC_PERMISSION = "process_report"


def reporter(report, message: str, *, sms: bool = False) -> None:
    """The citizen: in the app; by SMS when asked; by e-mail if they gave one.
    A partner's report: by the phone and e-mail its sender gave the partner."""
    user = report.reporter
    phone, email = _reporter_contact(report)
    if user.is_reachable:
        _notify([user], report, message)
    if sms and phone:
        _queue(Delivery.Channel.SMS, user, phone, message, report)
    if email:
        _queue(Delivery.Channel.EMAIL, user, email, message, report)


def _reporter_contact(report) -> tuple[str, str]:
    """(phone in E.164 or "", e-mail or "") of whoever sent the report."""
    submission = PartnerSubmission.objects.filter(report=report).first()
    if submission is not None:
        return normalize_phone(submission.phone) or "", submission.email
    user = report.reporter
    return (str(user.phone) if user.phone else ""), user.verified_email


def agency(agency, report, message: str, *, dedupe: str = "") -> None:
    """Every officer and leader of an agency: in the app, and by e-mail where given."""
    members = [
        membership.user
        for membership in AgencyMembership.objects.filter(
            agency=agency,
            role__in=(AgencyMembership.Role.OFFICER, AgencyMembership.Role.LEADER),
            user__is_active=True,
        ).select_related("user")
    ]
    _notify(members, report, message, dedupe)
    for member in members:
        if member.verified_email:
            key = f"{dedupe}:{member.pk}" if dedupe else None
            _queue(Delivery.Channel.EMAIL, member, member.verified_email, message, report, key)


def ioc(report, message: str, *, dedupe: str = "") -> None:
    """The IOC operators (everyone holding the processing permission)."""
    permission = Permission.objects.get(codename=IOC_PERMISSION, content_type__app_label="reports")
    operators = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions=permission)
            | Q(groups__permissions=permission)
        )
        .distinct()
    )
    _notify(list(operators), report, message, dedupe)


def _notify(users, report, message, dedupe=""):
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                report=report,
                message=message[:500],
                dedupe_key=f"{dedupe}:{user.pk}" if dedupe else None,
            )
            for user in users
        ],
        ignore_conflicts=bool(dedupe),
    )


def _queue(channel, user, address, message, report, dedupe_key=None):
    fields = {
        "channel": channel,
        "recipient": user,
        "address": address,
        "subject": str(_("Phản ánh hiện trường")),
        "body": message,
        "report": report,
    }
    if dedupe_key:
        delivery, created = Delivery.objects.get_or_create(dedupe_key=dedupe_key, defaults=fields)
        if not created:
            return
    else:
        delivery = Delivery.objects.create(**fields)
    transaction.on_commit(lambda: _send_soon(delivery.pk), robust=True)


def _send_soon(delivery_id):
    """Hand the delivery to a worker. If the broker is down this fails, is logged,
    and the periodic sweep sends it later: the row is already committed."""
    from reports.tasks import deliver

    deliver.delay(delivery_id)
