"""Text stored without control characters; staff sessions marked at login.

Text is stored without control characters, whatever the way in.

One receiver before every save of the portal's own models, not a check in
each form: reports, comments, answers, notes and names arrive through the web
forms, the admin, the dashboard, Open311 and management commands, and all of
them save through the ORM. Bulk inserts of the portal's own messages skip it.
"""

from django.contrib.auth.signals import user_logged_in
from django.db import models
from django.db.models.signals import pre_save

from accounts import staff
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


def _staff_login(sender, request, user, **kwargs) -> None:
    staff.start_session(request, user)


def connect() -> None:
    pre_save.connect(_strip_control_characters, dispatch_uid="strip-control-characters")
    user_logged_in.connect(_staff_login, dispatch_uid="staff-session")
