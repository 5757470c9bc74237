"""The restore drill's world: a small portal to back up, an empty database and
media folder to restore into, and what a copy of the portal serves.

The restored copy runs in its own process (the project's virtualenv, test
settings, DATABASE_URL and MEDIA_ROOT pointing at the copy, no Redis so that no
cached page of the original can answer for it); `portal_facts()` runs there
and here, and the test compares the two.
"""

import hashlib
import json
import os
import re
import sqlite3
import subprocess  # nosec B404 # the project's own manage.py, argument lists
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
from django.conf import settings
from django.db import connection
from django.test import Client

from accounts.models import User
from accounts.tests.factories import UserFactory
from moderation.models import Comment, CommentLike
from moderation.tests.factories import CommentFactory, CommentLikeFactory
from reports.models import Attachment, Delivery, Report, ReportEvent
from reports.tests.factories import (
    AgencyFactory,
    AttachmentFactory,
    noisy_jpeg,
    pdf_bytes,
    report_in_state,
)

PYTHON = Path(settings.BASE_DIR) / ".venv" / "bin" / "python"
# What differs between two requests for the same page: the CSRF token and the
# Content-Security-Policy nonce.
PER_REQUEST = re.compile(rb'(name="csrfmiddlewaretoken" value=|nonce=)"[^"]*"')
COUNTED = (User, Report, ReportEvent, Attachment, Comment, CommentLike, Delivery)


# --- The portal to back up --------------------------------------------------------


def build_portal() -> list[Report]:
    """Three published reports, each with a photo, a PDF and an answer's photo,
    approved comments (one a reply), likes and outbox rows; and a draft with a
    file of its own, which no page shows but the copy must keep."""
    agency = AgencyFactory(name="Sở Giao thông vận tải Quảng Trị")
    published = []
    for number in range(3):
        report = report_in_state(
            Report.Status.PUBLISHED,
            is_public=True,
            lead_agency=agency,
            title=f"Ổ gà sâu trên đường Hùng Vương, đoạn {number + 1}",
            answer=f"Đã vá {number + 1} ổ gà bằng bê tông nhựa.",
        )
        AttachmentFactory(report=report, file__data=noisy_jpeg(), file__filename="o-ga.jpg")
        AttachmentFactory(
            report=report, document=True, file__data=pdf_bytes(), file__filename="bien-ban.pdf"
        )
        AttachmentFactory(report=report, is_answer=True, file__data=noisy_jpeg((120, 80)))
        comment = CommentFactory(report=report, approved=True, body=f"Cảm ơn, đoạn {number + 1}.")
        reply = CommentFactory(
            report=report, approved=True, parent=comment, body="Đường đã êm, xin cảm ơn."
        )
        CommentLikeFactory(comment=comment)
        CommentLikeFactory(comment=reply)
        for channel in Delivery.Channel.values:
            Delivery.objects.create(
                channel=channel,
                recipient=report.reporter,
                address=report.reporter.phone,
                body=f"Phản ánh {report.code} đã có kết quả xử lý.",
                report=report,
                status=Delivery.Status.SENT,
            )
        published.append(report)
    draft = report_in_state(Report.Status.DRAFT, reporter=UserFactory())
    AttachmentFactory(report=draft, file__data=noisy_jpeg((64, 64)))
    return published


# --- What a copy of the portal holds and serves ------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _body(response) -> bytes:
    try:
        if response.streaming:
            return b"".join(response.streaming_content)
        return response.content
    finally:
        response.close()


def portal_facts() -> dict:
    """Row counts, the SHA-256 of every stored file (read through the storage)
    and, for each public report page and attachment URL, the status and SHA-256
    of what an anonymous visitor gets (pages without their per-request tokens)."""
    client = Client()
    served = {}
    for report in Report.objects.public().order_by("pk").prefetch_related("attachments"):
        page = client.get(report.get_absolute_url())
        content = PER_REQUEST.sub(rb'\1""', _body(page))
        served[report.get_absolute_url()] = f"{page.status_code} {_sha256(content)}"
        for attachment in report.attachments.all():
            response = client.get(attachment.get_absolute_url())
            served[attachment.get_absolute_url()] = (
                f"{response.status_code} {_sha256(_body(response))}"
            )
    stored = {}
    for attachment in Attachment.objects.order_by("pk"):
        with attachment.file.open("rb") as stream:
            stored[attachment.file.name] = _sha256(stream.read())
    rows = {model._meta.label: model.objects.count() for model in COUNTED}
    return {"rows": rows, "stored": stored, "served": served}


def print_portal_facts() -> None:
    """Entry point in the restored copy's process (`manage.py shell -c`)."""
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host, as under pytest
    print(json.dumps(portal_facts(), sort_keys=True))


# --- An empty place to restore into ---------------------------------------------


@dataclass(frozen=True)
class Target:
    database_url: str
    media_root: Path
    sqlite_path: Path | None = None  # None: a PostgreSQL database
    database_name: str = ""


def _postgres_url(name: str) -> str:
    config = connection.settings_dict
    credentials = quote(config.get("USER") or "", safe="")
    if config.get("PASSWORD"):
        credentials += ":" + quote(str(config["PASSWORD"]), safe="")
    host = config.get("HOST") or "localhost"
    return f"postgres://{credentials}@{host}:{config.get('PORT') or 5432}/{name}"


def create_target(tmp_path: Path):
    """Yield an empty database (a file next to the test's, or a new database on
    the same PostgreSQL server, dropped afterwards even on failure) and a media
    folder that does not exist yet."""
    media = tmp_path / "restored-media"
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield Target(f"sqlite:///{path}", media, sqlite_path=path)
        return
    name = f"phananh_restore_{uuid.uuid4().hex[:12]}"
    quoted = connection.ops.quote_name(name)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {quoted}")
    try:
        yield Target(_postgres_url(name), media, database_name=name)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")


def tables_in(target: Target) -> list[str]:
    if target.sqlite_path is not None:
        if not target.sqlite_path.exists():
            return []
        with sqlite3.connect(target.sqlite_path) as database:
            rows = database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            return [name for (name,) in rows]
    with psycopg.connect(target.database_url.replace("postgres://", "postgresql://", 1)) as db:
        rows = db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return [name for (name,) in rows]


def manage(target: Target, *arguments: str) -> subprocess.CompletedProcess:
    """`manage.py ARGUMENTS` in a process of its own, on the target's database and media."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "MEDIA_ROOT", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(
        DATABASE_URL=target.database_url,
        MEDIA_ROOT=str(target.media_root),
        DJANGO_SETTINGS_MODULE="phananh.settings.test",
    )
    python = str(PYTHON) if PYTHON.exists() else sys.executable
    return subprocess.run(  # nosec B603 # the project's own manage.py
        [python, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def restore(target: Target, folder: Path) -> subprocess.CompletedProcess:
    return manage(target, "restore_portal", "--from", str(folder))


def facts_of(target: Target) -> dict:
    completed = manage(
        target,
        "shell",
        "--no-imports",
        "-c",
        "from reports.tests.backup_world import print_portal_facts; print_portal_facts()",
    )
    assert completed.returncode == 0, completed.stderr  # nosec B101 # a test's check
    return json.loads(completed.stdout.strip().splitlines()[-1])
