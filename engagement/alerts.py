"""Telling people what they asked to hear of (README §5): a followed report's
public steps, and new public reports and published answers matching a
subscription (a ward, a category, a radius around a point).

Matching runs in a Celery task (engagement.tasks), never in the request, in a
fixed number of queries per batch of reports however many subscriptions. The
limits: at most IMMEDIATE_PER_DAY alerts at once per subscription and day (the
rest wait for the day's digest), SMS only for urgent new reports and at most
SMS_PER_DAY per account. Every alert is recorded once per subscription, report
and event (`Alert`), so a task run twice sends nothing twice.
"""

import math
from collections import defaultdict
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement import unsubscribe
from engagement.models import Alert, Follow, Subscription
from reports.models import Report
from reports.notifications import kinds, notify
from reports.notifications.kinds import in_every_language

IMMEDIATE_PER_DAY = 5
SMS_PER_DAY = 3
METRES_PER_DEGREE = 111_320
# Radius subscriptions are looked for in a box this wide around each report.
MAX_BOX = 5000


def _today_start():
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


# --- Followers ---------------------------------------------------------------------------


def followers_notify(*, report: Report, action: str, to_status: str, public: bool) -> int:
    """A followed report moved: its followers hear of public steps and of the
    published answer, in the app and by e-mail where confirmed (not its
    reporter, who has their own notices). Returns how many were told."""
    if not public or not report.is_seen_by_public:
        return 0
    if to_status == Report.Status.PUBLISHED:
        message = kinds.message(kinds.FOLLOWED_ANSWER, code=report.code)
    else:
        message = kinds.message(kinds.FOLLOWED_STATUS, code=report.code, status=to_status)
    follows = (
        Follow.objects.filter(report=report)
        .exclude(user_id=report.reporter_id)
        .select_related("user")
    )
    occasion = f"follow:{report.pk}:{action}:{to_status}:{report.updated_at.timestamp():.0f}"
    reaches = [
        notify.Reach(
            follow.user,
            notify.Notice(report, message, occasion),
            email=True,
            footer=unsubscribe.footer(unsubscribe.FOLLOW, follow.pk),
        )
        for follow in follows
    ]
    with transaction.atomic():
        notify.subscribers(reaches)
    return len(reaches)


# --- Matching ----------------------------------------------------------------------------


def _metres_between(lat1, lon1, lat2, lon2) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def _covers(subscription: Subscription, report: Report) -> bool:
    if subscription.scope == Subscription.Scope.WARD:
        return subscription.ward_id is not None and subscription.ward_id == report.ward_id
    if subscription.scope == Subscription.Scope.CATEGORY:
        return (
            subscription.category_id is not None and subscription.category_id == report.category_id
        )
    if report.latitude is None or report.longitude is None:
        return False
    distance = _metres_between(
        float(subscription.latitude),
        float(subscription.longitude),
        float(report.latitude),
        float(report.longitude),
    )
    return distance <= subscription.radius


def _candidates(reports: list[Report]):
    """Every subscription that may cover one of `reports`: one query. A radius
    subscription is a candidate when its point is within the largest radius of
    a report (a box on the indexed point), then the exact distance decides."""
    wards = {r.ward_id for r in reports if r.ward_id}
    categories = {r.category_id for r in reports if r.category_id}
    near = Q(pk__in=[])
    dlat = MAX_BOX / METRES_PER_DEGREE
    for report in reports:
        if report.latitude is None or report.longitude is None:
            continue
        lat, lon = float(report.latitude), float(report.longitude)
        dlon = MAX_BOX / (METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
        near |= Q(
            latitude__range=(lat - dlat, lat + dlat), longitude__range=(lon - dlon, lon + dlon)
        )
    scopes = (
        Q(scope=Subscription.Scope.WARD, ward__in=wards)
        | Q(scope=Subscription.Scope.CATEGORY, category__in=categories)
        | (Q(scope=Subscription.Scope.RADIUS) & near)
    )
    return list(Subscription.objects.filter(scopes, user__is_active=True).select_related("user"))


def alerts_match(*, report_ids, event: str, immediate: bool = True) -> int:
    """Match a batch of reports to the subscriptions, record each match once and
    send what the limits allow now; the rest waits for the digest. Only public
    reports match. A fixed number of queries per batch. Returns the matches."""
    reports = list(
        Report.objects.public()
        .filter(pk__in=list(report_ids))
        .select_related("category", "ward")
        .order_by("pk")  # oldest first: the limit keeps the first ones
    )
    if event == Alert.Event.ANSWER:
        reports = [r for r in reports if r.status == Report.Status.PUBLISHED]
    if not reports:
        return 0
    subscriptions = _candidates(reports)
    pairs = [
        (subscription, report)
        for report in reports
        for subscription in subscriptions
        if subscription.user_id != report.reporter_id and _covers(subscription, report)
    ]
    if not pairs:
        return 0
    with transaction.atomic():
        known = set(
            Alert.objects.filter(
                report__in=[r.pk for r in reports],
                subscription__in=[s.pk for s, _r in pairs],
                event=event,
            ).values_list("subscription_id", "report_id")
        )
        fresh = [(s, r) for s, r in pairs if (s.pk, r.pk) not in known]
        if not fresh:
            return 0
        alerts = Alert.objects.bulk_create(
            [Alert(subscription=s, report=r, event=event) for s, r in fresh],
            ignore_conflicts=True,
        )
        if immediate:
            _send_now(fresh, event)
    return len(alerts)


def _send_now(pairs, event: str) -> None:
    start = _today_start()
    subscriptions = {s.pk for s, _r in pairs}
    sent_today = dict(
        Alert.objects.filter(subscription__in=subscriptions, sent_at__gte=start)
        .values("subscription")
        .annotate(n=Count("pk"))
        .values_list("subscription", "n")
    )
    users = {s.user_id for s, _r in pairs}
    sms_today = dict(
        Alert.objects.filter(subscription__user__in=users, by_sms=True, sent_at__gte=start)
        .values("subscription__user")
        .annotate(n=Count("pk"))
        .values_list("subscription__user", "n")
    )
    reaches, sent, by_sms = [], [], []
    for subscription, report in pairs:
        if subscription.frequency != Subscription.Frequency.IMMEDIATE:
            continue
        if sent_today.get(subscription.pk, 0) >= IMMEDIATE_PER_DAY:
            continue  # into the day's digest
        sent_today[subscription.pk] = sent_today.get(subscription.pk, 0) + 1
        sms = (
            subscription.sms_urgent
            and event == Alert.Event.NEW
            and report.level == Report.Level.URGENT
            and sms_today.get(subscription.user_id, 0) < SMS_PER_DAY
        )
        if sms:
            sms_today[subscription.user_id] = sms_today.get(subscription.user_id, 0) + 1
            by_sms.append((subscription.pk, report.pk))
        kind = kinds.ALERT_NEW if event == Alert.Event.NEW else kinds.ALERT_ANSWER
        notice = notify.Notice(
            report,
            kinds.message(kind, code=report.code, title=report.title),
            f"alert:{subscription.pk}:{report.pk}:{event}",
        )
        reaches.append(
            notify.Reach(
                subscription.user,
                notice,
                email=subscription.by_email,
                sms=sms,
                footer=unsubscribe.footer(unsubscribe.SUBSCRIPTION, subscription.pk),
            )
        )
        sent.append((subscription.pk, report.pk))
    if not sent:
        return
    notify.subscribers(reaches)
    now = timezone.now()
    chosen = Q(pk__in=[])
    for subscription_id, report_id in sent:
        chosen |= Q(subscription_id=subscription_id, report_id=report_id)
    Alert.objects.filter(chosen, event=event).update(sent_at=now)
    if by_sms:
        texted = Q(pk__in=[])
        for subscription_id, report_id in by_sms:
            texted |= Q(subscription_id=subscription_id, report_id=report_id)
        Alert.objects.filter(texted, event=event).update(by_sms=True)


# --- The daily digest --------------------------------------------------------------------


def _digest_line(alert: Alert):
    report = alert.report

    def write():
        if alert.event == Alert.Event.ANSWER:
            return _("• %(code)s (đã có kết quả): %(title)s") % {
                "code": report.code,
                "title": report.title,
            }
        return _("• %(code)s: %(title)s") % {"code": report.code, "title": report.title}

    return write


def digests_send(*, now=None) -> int:
    """The day's digest: one message per account listing the matches not sent
    at once (daily subscriptions, and what passed the limit), by e-mail where
    confirmed and in the app. Safe to run twice a day. Returns the accounts told."""
    now = now or timezone.now()
    waiting = (
        Alert.objects.filter(
            sent_at__isnull=True, digested_at__isnull=True, created_at__gte=now - timedelta(days=2)
        )
        .select_related("report", "subscription__user")
        .order_by("subscription__user_id", "created_at", "pk")
    )
    by_user = defaultdict(list)
    for alert in waiting:
        if alert.report.is_seen_by_public:
            by_user[alert.subscription.user].append(alert)
    if not by_user:
        return 0
    day = timezone.localtime(now).date().isoformat()
    reaches = []
    for user, alerts in by_user.items():
        lines = [in_every_language(_digest_line(alert)) for alert in alerts[:50]]
        items = {
            kinds.BY_LANGUAGE: {
                code: "\n".join(line[kinds.BY_LANGUAGE][code] for line in lines)
                for code in lines[0][kinds.BY_LANGUAGE]
            }
        }
        subscription_ids = sorted({alert.subscription_id for alert in alerts})
        footers = [unsubscribe.footer(unsubscribe.SUBSCRIPTION, pk) for pk in subscription_ids]
        reaches.append(
            notify.Reach(
                user,
                notify.Notice(
                    None,
                    kinds.message(kinds.ALERT_DIGEST, count=len(alerts), items=items),
                    f"digest:{day}",
                ),
                email=True,
                footer=lambda footers=footers: "\n".join(write() for write in footers),
            )
        )
    with transaction.atomic():
        notify.subscribers(reaches)
        Alert.objects.filter(
            pk__in=[alert.pk for alerts in by_user.values() for alert in alerts]
        ).update(digested_at=now)
    return len(reaches)


def todays_public_reports(*, now=None):
    """Ids of the reports received as public today: the digest task matches them
    again first (idempotent), so an alert whose task was lost still reaches the digest."""
    start = (
        _today_start()
        if now is None
        else timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    )
    return list(Report.objects.public().filter(received_at__gte=start).values_list("pk", flat=True))
