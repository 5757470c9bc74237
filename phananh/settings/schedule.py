"""Celery beat's periodic tasks, in one place (read by settings/base.py)."""

from celery.schedules import crontab


def beat_schedule(outbox_sweep_seconds: float) -> dict:
    return {
        # The outbox sweep: sends what the broker or a worker missed.
        "deliver-pending": {
            "task": "reports.tasks.deliver_pending",
            "schedule": outbox_sweep_seconds,
        },
        # Thumbnails whose task the broker or a worker lost.
        "make-missing-thumbnails": {
            "task": "reports.tasks.make_missing_thumbnails",
            "schedule": 300.0,
        },
        # The statistics page's figures, recomputed before their five minutes run out.
        "refresh-statistics": {"task": "reports.tasks.refresh_statistics", "schedule": 4 * 60.0},
        # The agencies' ranking of the month that has just ended, fixed early on the 1st.
        "freeze-last-month": {
            "task": "reports.tasks.freeze_last_month",
            "schedule": crontab(hour=0, minute=15, day_of_month=1),
        },
        # Area and topic alerts: one digest a day, in the evening (engagement.tasks).
        "engagement-digests": {
            "task": "engagement.tasks.send_digests",
            "schedule": crontab(hour=19, minute=0),
        },
        # Reminders every morning; the task itself skips holidays and weekends
        # except make-up working Saturdays.
        "remind-deadlines": {
            "task": "reports.tasks.remind_deadlines",
            "schedule": crontab(hour=7, minute=0, day_of_week="mon-sat"),
        },
    }
