"""Text stored without control characters; staff sessions with an idle timeout.

Text is stored without control characters, whatever the way in.

One receiver before every save of the portal's own models, not a check in
each form: reports, comments, answers, notes and names arrive through the web
forms, the admin, the dashboard, Open311 and management commands, and all of
them save through the ORM. Bulk inserts of the portal's own messages skip it.
"""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import models
from django.db.models.signals import pre_save

from accounts.text import without_control_characters

APPS = frozenset({"accounts", "reports", "moderation"})


def _strip_control_characters(sender, instance, **kwargs) -> None:
    if sender._meta.app_label not in APPS:
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, without_control_characters(value))


def _staff_session(sender, request, user, **kwargs) -> None:
    """IOC staff, moderators, superusers and agency members: a session that ends
    when idle (StaffIdleMiddleware keeps it alive while they work)."""
    if user.is_staff or user.is_superuser or user.agency_memberships.exists():
        request.session.set_expiry(settings.STAFF_IDLE_TIMEOUT)
        request.session["staff_idle_timeout"] = True
        request.session["staff_seen"] = int(time.time())


def connect() -> None:
    pre_save.connect(_strip_control_characters, dispatch_uid="strip-control-characters")
    user_logged_in.connect(_staff_session, dispatch_uid="staff-session")
