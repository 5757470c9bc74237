"""Background work for reports. Tasks take ids and are safe to run twice."""

import logging
from datetime import date

from celery import shared_task
from PIL import UnidentifiedImageError

from reports import media, thumbnails
from reports.models import Attachment
from reports.notifications import delivery as delivery_service
from reports.notifications import reminders
from reports.opendata import rankings, statistics

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_kwargs={"max_retries": 5},
)
def make_thumbnails(attachment_ids: list[int]) -> None:
    """Thumbnails for the images among `attachment_ids`. Attachments deleted in
    the meantime and images that already have one are skipped, so a retry only
    does what is left. Storage errors (OSError) retry with backoff."""
    pending = Attachment.objects.filter(
        pk__in=attachment_ids, kind=Attachment.Kind.IMAGE, thumbnail=""
    ).order_by("pk")
    for attachment in pending:
        try:
            media.make_thumbnail(attachment)
        except UnidentifiedImageError:
            # Unreadable now means unreadable on every retry: the page shows the
            # image itself instead (the thumbnail view falls back to it).
            logger.warning("No thumbnail for attachment %s: unreadable image", attachment.pk)


@shared_task
def make_missing_thumbnails() -> None:
    """The sweep: thumbnails whose task was lost (beat runs it every five minutes)."""
    make_thumbnails(thumbnails.missing())


@shared_task
def deliver(delivery_id: int) -> None:
    delivery_service.deliver(delivery_id)


@shared_task
def deliver_pending() -> int:
    """The sweep: sends every delivery still pending (beat runs it every minute)."""
    return delivery_service.deliver_pending()


@shared_task
def remind_deadlines() -> int:
    """Every working morning: due-soon reminders and overdue flags."""
    return reminders.send_deadline_reminders()


@shared_task
def compute_statistics(date_from: str | None = None, date_to: str | None = None) -> None:
    """The statistics page's figures for one range of days (ISO dates, None: open)."""
    statistics.store(*(date.fromisoformat(day) if day else None for day in (date_from, date_to)))


@shared_task
def refresh_statistics() -> None:
    """The statistics page's whole-period figures, before their cache expires."""
    statistics.figures_refresh()


@shared_task
def rank_month(month: str) -> None:
    """The agencies' ranking of one month (ISO date of its first day): frozen
    when the month is over, else computed provisionally into the cache."""
    rankings.rank_month(date.fromisoformat(month))


@shared_task
def freeze_last_month() -> None:
    """Early on the 1st (beat): the month that has just ended is fixed."""
    rankings.freeze_last_month()
