"""Who hears about a report's changes, written as rows in the caller's transaction.

In-app notifications are rows the personal area reads. SMS and e-mail are
`Delivery` rows, the outbox (reports/notifications/delivery.py): sent by a worker after
commit, and by a periodic sweep when the broker or a worker missed them.

A notice is a `kinds.Message`: what happened and its parameters, stored as
such in the app and written in the reader's language when read; an SMS or
e-mail is written when queued, in its recipient's language (`User.language`;
Vietnamese for a partner's citizen, who has no account).

The workflow, the reminders and moderation all notify through this module.
A `dedupe` key names an occasion (a day's reminder, a comment's approval): a
notice whose key was already used for the same person is written and sent
once. The functions taking many notices write them all in a fixed number of
queries, however many reports and people.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import NamedTuple

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.phone import normalize_phone
from reports.models import (
    Agency,
    AgencyMembership,
    Delivery,
    Notification,
    PartnerSubmission,
    Report,
    ioc_users,
)
from reports.notifications import delivery
from reports.notifications.kinds import Message

logger = logging.getLogger(__name__)


class Notice(NamedTuple):
    """One message about a report; `dedupe` names its occasion ("": none)."""

    report: Report | None
    message: Message
    dedupe: str = ""


def reporter(report, message: Message, *, sms: bool = False) -> None:
    """The citizen: in the app; by SMS when asked; by e-mail if they gave one.
    A partner's report: by the phone and e-mail its sender gave the partner."""
    user = report.reporter
    phone, email, language = _reporter_contact(report)
    notice = Notice(report, message)
    if user.is_reachable:
        _in_app([(user, notice)])
    outbox = []
    if sms and phone:
        outbox.append(_outbox_row(Delivery.Channel.SMS, user, phone, notice, language=language))
    if email:
        outbox.append(_outbox_row(Delivery.Channel.EMAIL, user, email, notice, language=language))
    delivery.queue(deliveries=outbox)


def _reporter_contact(report) -> tuple[str, str, str]:
    """(phone in E.164 or "", e-mail or "", language) of whoever sent the report:
    a partner's citizen has no account, so no chosen language: Vietnamese."""
    submission = PartnerSubmission.objects.filter(report=report).first()
    if submission is not None:
        phone = normalize_phone(submission.phone) or ""
        return phone, submission.email, settings.LANGUAGE_CODE
    user = report.reporter
    return (str(user.phone) if user.phone else ""), user.verified_email, user.language


def people(notices: Iterable[tuple]) -> None:
    """Each (user, Notice) to its user, a citizen about something of theirs
    (their comment, a reply to it): in the app if they sign in to that account
    (`is_reachable`), by e-mail where confirmed; never by SMS."""
    notices = list(notices)
    _in_app([(user, notice) for user, notice in notices if user.is_reachable])
    _by_email(notices)


class Reach(NamedTuple):
    """How one person asked to hear of something (a followed report, an area
    alert): `app` in the app if they sign in; `email` where confirmed; `sms`
    to their phone. `footer`, called in the recipient's language, ends each
    e-mail and SMS (the link that stops them)."""

    user: object
    notice: Notice
    app: bool = True
    email: bool = False
    sms: bool = False
    footer: Callable[[], str] | None = None


def subscribers(reaches: Iterable[Reach]) -> None:
    """Each Reach to its person, on the channels it names, in a fixed number of
    queries however many people."""
    reaches = list(reaches)
    _in_app([(r.user, r.notice) for r in reaches if r.app and r.user.is_reachable])
    outbox = []
    for r in reaches:
        key = _key(r.user, r.notice)
        if r.email and r.user.verified_email:
            email = _outbox_row(
                Delivery.Channel.EMAIL, r.user, r.user.verified_email, r.notice, key
            )
            outbox.append(_with_footer(email, r))
        if r.sms and r.user.phone:
            sms = _outbox_row(
                Delivery.Channel.SMS, r.user, str(r.user.phone), r.notice, key and f"{key}:sms"
            )
            outbox.append(_with_footer(sms, r))
    delivery.queue(deliveries=outbox)


def _with_footer(row: Delivery, reach: Reach) -> Delivery:
    if reach.footer is not None:
        with translation.override(reach.user.language):
            row.body = f"{row.body}\n\n{reach.footer()}"
    return row


def agency(agency, report, message: Message, *, dedupe: str = "") -> None:
    """Every officer and leader of an agency: in the app, and by e-mail where given."""
    agencies([(agency, Notice(report, message, dedupe))])


def agencies(notices: Iterable[tuple[Agency, Notice]]) -> None:
    """Each (agency, Notice) to every officer and leader of its agency, as `agency`."""
    notices = [(agency, notice) for agency, notice in notices if agency is not None]
    if not notices:
        return
    members = defaultdict(list)
    memberships = AgencyMembership.objects.filter(
        agency__in={agency.pk for agency, _notice in notices},
        role__in=(AgencyMembership.AgencyRole.OFFICER, AgencyMembership.AgencyRole.LEADER),
        user__is_active=True,
    ).select_related("user")
    for membership in memberships:
        members[membership.agency_id].append(membership.user)
    to_members = [(user, notice) for agency, notice in notices for user in members[agency.pk]]
    _in_app(to_members)
    _by_email(to_members)


def ioc(report, message: Message, *, dedupe: str = "") -> None:
    """The IOC operators (everyone holding the processing permission), in the app."""
    ioc_many([Notice(report, message, dedupe)])


def ioc_many(notices: Iterable[Notice]) -> None:
    """Each Notice to every IOC operator, as `ioc`."""
    notices = list(notices)
    if not notices:
        return
    operators = list(ioc_users())
    _in_app([(user, notice) for notice in notices for user in operators])


def _key(user, notice: Notice) -> str | None:
    """The occasion for this person: one notice, and one message, per key."""
    return f"{notice.dedupe}:{user.pk}" if notice.dedupe else None


def _in_app(notices: list[tuple]) -> None:
    rows = [
        Notification(
            recipient=user,
            report=notice.report,
            kind=notice.message.kind,
            params=notice.message.params,
            dedupe_key=_key(user, notice),
        )
        for user, notice in notices
    ]
    # A key already used is skipped; rows without a key are never conflicts.
    once = [row for row in rows if row.dedupe_key]
    if once:
        Notification.objects.bulk_create(once, ignore_conflicts=True)
    always = [row for row in rows if not row.dedupe_key]
    if always:
        Notification.objects.bulk_create(always)


def _by_email(notices: list[tuple]) -> None:
    email = Delivery.Channel.EMAIL
    rows = [
        _outbox_row(email, user, user.verified_email, notice, _key(user, notice))
        for user, notice in notices
        if user.verified_email
    ]
    delivery.queue(deliveries=rows)


def _outbox_row(channel, user, address, notice: Notice, dedupe_key=None, *, language=None):
    """The SMS or e-mail in its recipient's language, not the sender's."""
    with translation.override(language or user.language):
        subject = _("Phản ánh hiện trường")
        body = notice.message.render()
    return Delivery(
        channel=channel,
        recipient=user,
        address=address,
        subject=subject,
        body=body,
        report=notice.report,
        dedupe_key=dedupe_key,
    )
