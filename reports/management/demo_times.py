"""When the demo's steps happen: in office hours on working days, each step a
plausible while after the one before, so the demo's history and deadlines read
like a real province's (the deadlines themselves come from reports/deadlines.py)."""

import random
from datetime import datetime, timedelta

from django.utils import timezone

from reports import deadlines
from reports.models import Report

Status = Report.Status
# Working hours a step usually takes after the one before it (lowest, highest).
STEP_HOURS = {
    Status.RECEIVED: (0.3, 6),
    Status.FORWARDED: (0.2, 3),
    Status.IN_PROGRESS: (2, 12),
    Status.RESOLVED: (4, 30),
    Status.PUBLISHED: (1, 8),
}


def in_office_hours(moment: datetime) -> bool:
    local = timezone.localtime(moment, deadlines.VIETNAM)
    return deadlines.is_working_day(local.date()) and any(
        opens <= local.time() <= closes for opens, closes in deadlines.office_hours()
    )


def office_moment_before(moment: datetime, rng: random.Random) -> datetime:
    """A moment in the office period that holds `moment`, or in the last one
    before it: when a citizen at work would send, or an officer act."""
    local = timezone.localtime(moment, deadlines.VIETNAM)
    day = local.date()
    while True:
        if deadlines.is_working_day(day):
            for opens, closes in reversed(deadlines.office_hours()):
                start = datetime.combine(day, opens, tzinfo=deadlines.VIETNAM)
                if start < local:
                    latest = min(local, datetime.combine(day, closes, tzinfo=deadlines.VIETNAM))
                    return start + (latest - start) * rng.random()
        day -= timedelta(days=1)


def step_moments(submitted: datetime, steps, now: datetime, rng: random.Random) -> list:
    """One moment per step after `submitted`, each in office hours and before
    `now`: the usual working hours of each step, squeezed if time is short."""
    gaps = [rng.uniform(*STEP_HOURS[step]) for step in steps]
    available = 0.95 * deadlines.working_hours_between(submitted, now)
    scale = min(1.0, available / sum(gaps)) if gaps else 1.0
    moments, elapsed = [], 0.0
    for gap in gaps:
        elapsed += gap * scale
        moments.append(deadlines.add_working_hours(submitted, elapsed))
    return moments
