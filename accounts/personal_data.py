"""A citizen's personal data under Decree 13/2023 (README §8): everything
the portal keeps about them, to read on a page or download as JSON, and the
deletion of their account.

`accounts` knows no other app (CONVENTIONS section 1), so each app that keeps
rows about a person registers a `Source` here from its AppConfig.ready(): the
sections it adds to the export and the function that erases its rows
(reports/personal_data.py, moderation/personal_data.py). This module owns the
account itself, the order of the steps and the transaction around them.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from importlib import import_module

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import ProtectedError, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User

# Rows of each section on the page; the JSON file has them all.
PREVIEW_ROWS = 5
EXPORT_CHUNK = 500
# Stored, not translated: the name the stand-in account shows wherever a
# deleted person's kept records name their author.
DELETED_ACCOUNT_NAME = "Tài khoản đã xoá"


class AccountDeletionRefused(Exception):
    """The owner may not delete this account here; the message says why."""


@dataclass(frozen=True)
class Column:
    """One fact the page shows of a row. `badge` names the row's key whose value
    picks the badge colour (a status, a rating), as on every other page."""

    key: str
    label: str
    is_datetime: bool = False
    badge: str = ""


@dataclass(frozen=True)
class Fact:
    column: Column
    value: object
    badge: str


@dataclass(frozen=True)
class Section:
    """One kind of row about a person. `objects(user)` gives theirs newest
    first, with what `row` reads joined or prefetched, so a page costs the same
    whatever their number; `row(obj)` is one of them as JSON-ready data (a
    "url" key is made absolute in the download). The page heads each row with
    its `headline` key (a link to its "url") and lists the `facts` under it."""

    key: str
    title: str
    empty: str
    objects: Callable[[User], QuerySet]
    row: Callable[[object], dict]
    headline: str
    facts: tuple[Column, ...]


@dataclass(frozen=True)
class Source:
    """What one app keeps about people. `erase(user=, stand_in=)` runs inside
    the deletion's transaction: it deletes the user's rows, or hands those the
    public keeps to `stand_in` (see `account_delete`)."""

    sections: tuple[Section, ...]
    erase: Callable[..., None]


@dataclass(frozen=True)
class Item:
    headline: object
    url: str
    facts: list[Fact]


@dataclass(frozen=True)
class SectionPreview:
    section: Section
    items: list[Item]
    has_more: bool


_sources: list[Source] = []


def register(source: Source) -> None:
    """Called once per app, from its AppConfig.ready()."""
    _sources.append(source)


def _sections() -> list[Section]:
    return [section for source in _sources for section in source.sections]


# --- Reading ------------------------------------------------------------------


def profile_of(user: User) -> dict:
    return {
        "full_name": user.full_name,
        "phone": str(user.phone) if user.phone else "",
        "phone_verified": user.phone_verified,
        "email": user.email,
        "email_verified": user.email_verified,
        "is_organization": user.is_organization,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "single_sign_on": [
            {"provider": account.provider, "uid": account.uid, "last_login": account.last_login}
            for account in user.socialaccount_set.all()
        ],
    }


def personal_data_preview(*, user: User) -> dict:
    """The "my data" page: the profile and the newest PREVIEW_ROWS rows of each
    section, in a fixed number of queries."""
    previews = []
    for section in _sections():
        rows = [section.row(obj) for obj in section.objects(user)[: PREVIEW_ROWS + 1]]
        items = [
            Item(
                headline=row[section.headline],
                url=row.get("url", ""),
                facts=[
                    Fact(column, row[column.key], row.get(column.badge, ""))
                    for column in section.facts
                ],
            )
            for row in rows[:PREVIEW_ROWS]
        ]
        previews.append(SectionPreview(section, items, has_more=len(rows) > PREVIEW_ROWS))
    return {"profile": profile_of(user), "sections": previews}


def personal_data_export(*, user: User, build_url: Callable[[str], str] = str) -> dict:
    """Everything about `user`, every row of every section. Attachments are
    listed (name, size, URL), never embedded. `build_url` makes links absolute
    (the view passes request.build_absolute_uri)."""
    data = {"exported_at": timezone.now(), "profile": profile_of(user)}
    for section in _sections():
        objects = section.objects(user).iterator(chunk_size=EXPORT_CHUNK)
        data[section.key] = [_absolute_urls(section.row(obj), build_url) for obj in objects]
    return data


def export_json(data: dict) -> str:
    return json.dumps(data, cls=_LocalTimeEncoder, ensure_ascii=False, indent=2)


def export_filename() -> str:
    return f"du-lieu-ca-nhan-{timezone.localdate():%Y%m%d}.json"


class _LocalTimeEncoder(DjangoJSONEncoder):
    """Times in the portal's zone (+07:00), as the citizen reads them on the site."""

    def default(self, o):
        if isinstance(o, datetime) and timezone.is_aware(o):
            o = timezone.localtime(o)
        return super().default(o)


def _absolute_urls(value, build_url):
    if isinstance(value, dict):
        return {
            key: build_url(item) if key == "url" and item else _absolute_urls(item, build_url)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_absolute_urls(item, build_url) for item in value]
    return value


# --- Deleting -----------------------------------------------------------------


def account_deletion_check(*, user: User) -> None:
    """Raises AccountDeletionRefused for the accounts their owner may not
    delete: staff (IOC, moderators, superusers, agency members), whose work
    the IOC administrator must hand over first."""
    if user.is_staff_member:
        raise AccountDeletionRefused(
            _(
                "Tài khoản cán bộ (Trung tâm IOC, kiểm duyệt, cơ quan xử lý) không tự xoá được. "
                "Hãy liên hệ quản trị viên Trung tâm IOC."
            )
        )


def account_delete(*, user: User) -> None:
    """Delete a citizen's account for good (Decree 13/2023).

    The user row is removed; each source deletes what only the person had
    (drafts and their files, likes, notifications, messages, flags, comments no
    one else saw) and hands what the public keeps (submitted reports, shown as
    "Người dân (ẩn tên)", visible comments others replied to, ratings counted
    in the agencies' figures) to `deleted_account()`. That shared stand-in has
    no person's name, no phone, e-mail or password, like the owner of partners'
    Open311 reports, which keeps the data model sound: every foreign key stays set, so
    the workflow, the notifications, the admin and the templates need no case
    for a missing reporter; the stand-in cannot log in or be messaged
    (`is_reachable` is False), so later changes to the reports notify no one;
    and, being shared, it does not tell which reports came from one person.

    One transaction: all of it or nothing. Draft files go after commit, then
    every session of the account, on every device. Raises
    AccountDeletionRefused for staff, and for an account still named in
    records the IOC keeps (a former officer's extension requests).
    """
    account_deletion_check(user=user)
    stand_in = deleted_account()
    try:
        with transaction.atomic():
            # A second click or tab finds nothing left to delete.
            locked = User.objects.select_for_update().filter(pk=user.pk).first()
            if locked is None:
                return
            for source in _sources:
                source.erase(user=locked, stand_in=stand_in)
            _scrub_admin_log(locked)
            user_id = locked.pk
            locked.delete()
            transaction.on_commit(partial(_sessions_delete, user_id=user_id))
    except ProtectedError:
        raise AccountDeletionRefused(
            _(
                "Tài khoản này còn gắn với hồ sơ xử lý của cơ quan. "
                "Hãy liên hệ quản trị viên Trung tâm IOC để được xoá."
            )
        ) from None


def deleted_account() -> User:
    """The account the kept records of every deleted account belong to
    (created on first use): no phone and no usable password, so no one can log
    in as it, reset its password or receive its messages."""
    stand_in = (
        User.objects.filter(phone__isnull=True, full_name=DELETED_ACCOUNT_NAME, is_active=False)
        .order_by("pk")
        .first()
    )
    if stand_in is None:
        stand_in = User(phone=None, full_name=DELETED_ACCOUNT_NAME, is_active=False)
        stand_in.set_unusable_password()
        stand_in.save()
    return stand_in


def _scrub_admin_log(user: User) -> None:
    """The admin's history names the account as it was when the IOC edited it."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).update(object_repr=DELETED_ACCOUNT_NAME)


def _sessions_delete(*, user_id: int) -> None:
    """Every session of the deleted account. Django keeps no index of sessions
    by user, so this reads each unexpired one: an account is deleted once, and
    the pass runs after the commit, outside the transaction."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        return  # cookie or cache sessions: Django ends them, their user is gone
    sessions = store_class.get_model_class().objects.filter(expire_date__gt=timezone.now())
    for session in sessions.iterator(chunk_size=EXPORT_CHUNK):
        if session.get_decoded().get(SESSION_KEY) == str(user_id):
            store_class(session_key=session.session_key).delete()
