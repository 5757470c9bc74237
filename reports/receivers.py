"""What moves the public version of the cached visitor pages (public_cache.py),
and a new agency member's sessions becoming staff sessions (accounts.staff).

Receivers, not calls in each service: a public page shows reports, their
history, files, ratings and reference data, and these change through the
workflow, the admin, Open311 and management commands alike. Bulk writes skip
signals; the services that make them call `public_changed()` themselves.
"""

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts import staff
from reports.public_cache import public_changed

# A login or a new password changes nothing that anyone else sees.
PRIVATE_USER_FIELDS = frozenset({"last_login", "password"})


def connect() -> None:
    from reports.models import (
        AdministrativeUnit,
        Agency,
        AgencyMembership,
        Attachment,
        Category,
        Report,
        ReportEvent,
        Satisfaction,
    )

    watch(ReportEvent, Attachment, Satisfaction, Category, AdministrativeUnit, Agency)
    post_save.connect(_report_changed, sender=Report, dispatch_uid="public-save-Report")
    post_delete.connect(_report_changed, sender=Report, dispatch_uid="public-delete-Report")
    m2m_changed.connect(_changed, sender=Report.co_agencies.through, dispatch_uid="public-co")
    post_save.connect(_user_changed, sender=settings.AUTH_USER_MODEL, dispatch_uid="public-user")
    post_save.connect(_member_added, sender=AgencyMembership, dispatch_uid="staff-membership")


def watch(*models) -> None:
    """Any save or delete of these models may change a public page (also used
    by moderation for comments and likes, since reports never imports it)."""
    for model in models:
        post_save.connect(_changed, sender=model, dispatch_uid=f"public-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"public-delete-{model.__name__}")


def _changed(sender, **kwargs) -> None:
    public_changed()


def _report_changed(sender, instance, **kwargs) -> None:
    # A draft is its owner's alone; every other state may be on a public page.
    if instance.status != instance.Status.DRAFT:
        public_changed()


def _user_changed(sender, instance, update_fields=None, created=False, **kwargs) -> None:
    """A reporter's or commenter's name is on public pages."""
    if created or (update_fields and set(update_fields) <= PRIVATE_USER_FIELDS):
        return
    public_changed()


def _member_added(sender, instance, created, **kwargs) -> None:
    if created:
        staff.became_staff(instance.user_id)
