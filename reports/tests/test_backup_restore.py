"""The restore drill (issue 12, "nothing lost"): `backup_portal`, then
`restore_portal` into an empty database and an empty media folder, gives back
every row and every file, and the restored portal serves the same report pages
and attachments as the original. A restore refuses a database with tables, a
media folder with files and an altered archive before it changes anything.

The data is committed (transactional tests): pg_dump reads from a connection
of its own. Each restore runs in a process of its own (`backup_world.manage`).
"""

import hashlib
import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from accounts.models import User
from moderation.models import Comment
from reports.management import backup
from reports.models import Attachment, Delivery, Report

from . import backup_world as world

pytestmark = pytest.mark.django_db(transaction=True)

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
needs_postgresql = pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="pg_dump and pg_restore need PostgreSQL: run with DATABASE_URL=postgres://… "
    "(CI does, in its PostgreSQL pass)",
)


@pytest.fixture
def portal(transactional_db):
    return world.build_portal()


@pytest.fixture
def backup_folder(portal, tmp_path):
    folder = tmp_path / "backup"
    call_command("backup_portal", "--to", str(folder), stdout=io.StringIO())
    return folder


@pytest.fixture
def target(transactional_db, tmp_path):
    """An empty database and an absent media folder to restore into."""
    yield from world.create_target(tmp_path)


def media_files(root) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


# --- The backup ---------------------------------------------------------------------


def test_backup_writes_the_database_the_media_and_a_manifest(backup_folder, portal):
    manifest = json.loads((backup_folder / backup.MANIFEST).read_text())
    database_file = backup.DATABASE_FILES[connection.vendor]

    assert sorted(path.name for path in backup_folder.iterdir()) == sorted(
        [database_file, backup.MEDIA_ARCHIVE, backup.MANIFEST]
    )
    assert manifest["engine"] == connection.vendor
    counts = {
        "accounts_user": User.objects.count(),
        "reports_report": Report.objects.count(),
        "reports_attachment": Attachment.objects.count(),
        "moderation_comment": Comment.objects.count(),
        "reports_delivery": Delivery.objects.count(),
    }
    assert {table: manifest["rows"][table] for table in backup.MAIN_TABLES} == counts
    assert list(counts.values())[1:] == [4, 10, 6, 6]
    files = media_files(settings.MEDIA_ROOT)
    assert len(files) == 10
    assert manifest["media"] == {
        "files": len(files),
        "bytes": sum(len(data) for data in files.values()),
    }
    for name, archive in manifest["archives"].items():
        data = (backup_folder / name).read_bytes()
        assert archive == {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def test_backup_refuses_a_folder_that_is_not_empty(tmp_path):
    folder = tmp_path / "used"
    folder.mkdir()
    (folder / "notes.txt").write_text("bản cũ")

    with pytest.raises(CommandError, match="not empty"):
        call_command("backup_portal", "--to", str(folder), stdout=io.StringIO())
    assert [path.name for path in folder.iterdir()] == ["notes.txt"]


# --- The restore ----------------------------------------------------------------------


def test_restore_gives_back_every_row_and_file(backup_folder, target):
    original = world.portal_facts()

    completed = world.restore(target, backup_folder)

    assert completed.returncode == 0, completed.stderr
    assert "(restored; row and file counts match the manifest)" in completed.stdout
    assert "≠" not in completed.stdout
    restored = world.facts_of(target)
    assert restored["rows"] == original["rows"]
    assert original["rows"]["moderation.CommentLike"] == 6
    assert restored["stored"] == original["stored"]
    assert media_files(target.media_root) == media_files(settings.MEDIA_ROOT)


@needs_postgresql
def test_restored_copy_serves_the_same_pages_and_files_on_postgresql(portal, backup_folder, target):
    original = world.portal_facts()
    page = Client().get(portal[0].get_absolute_url()).content.decode()
    assert portal[0].title in page and "Đường đã êm, xin cảm ơn." in page
    assert portal[0].answer in page

    completed = world.restore(target, backup_folder)

    assert completed.returncode == 0, completed.stderr
    restored = world.facts_of(target)
    # 3 report pages and their 9 files, every one served, the same from both.
    assert len(original["served"]) == 12
    assert all(answer.startswith("200 ") for answer in original["served"].values())
    assert restored["served"] == original["served"]
    served_files = {a for url, a in original["served"].items() if url.startswith("/tep/")}
    assert {a.split()[1] for a in served_files} <= set(original["stored"].values())
    assert restored["rows"] == original["rows"]


def test_restore_refuses_a_database_with_tables(backup_folder, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "empty-media"
    reports = Report.objects.count()

    with pytest.raises(CommandError, match="the database has tables"):
        call_command("restore_portal", "--from", str(backup_folder), stdout=io.StringIO())
    assert Report.objects.count() == reports
    assert not settings.MEDIA_ROOT.exists()


def test_restore_refuses_a_media_folder_with_files(backup_folder, target):
    target.media_root.mkdir()
    (target.media_root / "stray.jpg").write_bytes(b"\xff\xd8\xff")

    completed = world.restore(target, backup_folder)

    assert completed.returncode != 0
    assert "MEDIA_ROOT is not empty" in completed.stderr
    assert world.tables_in(target) == []
    assert media_files(target.media_root) == {"stray.jpg": b"\xff\xd8\xff"}


@pytest.mark.parametrize("archive", ["database", "media"])
def test_restore_refuses_an_altered_archive_before_changing_anything(
    backup_folder, target, archive
):
    name = backup.MEDIA_ARCHIVE if archive == "media" else backup.DATABASE_FILES[connection.vendor]
    data = bytearray((backup_folder / name).read_bytes())
    data[len(data) // 2] ^= 0x01
    (backup_folder / name).write_bytes(bytes(data))

    completed = world.restore(target, backup_folder)

    assert completed.returncode != 0
    assert "checksum mismatch" in completed.stderr and name in completed.stderr
    assert world.tables_in(target) == []
    assert not target.media_root.exists()


def test_restore_fails_when_the_counts_differ_from_the_manifest(backup_folder, target):
    manifest_path = backup_folder / backup.MANIFEST
    manifest = json.loads(manifest_path.read_text())
    manifest["rows"]["reports_report"] += 1
    manifest_path.write_text(json.dumps(manifest))

    completed = world.restore(target, backup_folder)

    assert completed.returncode != 0
    assert "restored counts differ from the manifest" in completed.stderr
    assert "reports_report" in completed.stderr
    assert any(
        line.split()[0] == "reports_report" and line.endswith("≠")
        for line in completed.stdout.splitlines()
        if line.strip()
    )


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    with pytest.raises(CommandError, match="no manifest"):
        call_command("restore_portal", "--from", str(tmp_path), stdout=io.StringIO())
