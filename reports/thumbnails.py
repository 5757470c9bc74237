"""Thumbnails are made by a worker once the upload commits; a sweep makes
those whose task never ran (broker down, worker killed). Until then the
thumbnail address serves the image itself (views/attachments.py)."""

import functools
from datetime import timedelta

from celery import current_app
from django.db import transaction
from django.utils import timezone

from reports.models import Attachment

# reports.tasks.make_thumbnails, queued by name: services never import tasks.
THUMBNAIL_TASK = "reports.tasks.make_thumbnails"
SWEEP_BATCH = 200
LATE_AFTER = timedelta(minutes=2)  # the task queued on commit had its chance
GIVE_UP_AFTER = timedelta(days=1)  # an image still without one is unreadable


def queue(attachments) -> None:
    """After commit, ask a worker for the thumbnails of the images among
    `attachments`. A broker that cannot be reached is logged (on_commit is
    robust), never the citizen's problem: the sweep makes them later."""
    image_ids = [a.pk for a in attachments if a.kind == Attachment.Kind.IMAGE]
    if image_ids:
        transaction.on_commit(functools.partial(_soon, image_ids), robust=True)


def _soon(image_ids: list[int]) -> None:
    current_app.tasks[THUMBNAIL_TASK].delay(image_ids)


def missing() -> list[int]:
    """Images of the last day still without a thumbnail, oldest first."""
    now = timezone.now()
    late = Attachment.objects.filter(
        kind=Attachment.Kind.IMAGE,
        thumbnail="",
        created_at__range=(now - GIVE_UP_AFTER, now - LATE_AFTER),
    )
    return list(late.order_by("pk").values_list("pk", flat=True)[:SWEEP_BATCH])
