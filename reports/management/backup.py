"""Backups of the whole portal: one consistent copy of the database, then the
media files, and a manifest that says what the copy holds.

`backup_portal` and `restore_portal` are the interfaces; everything they share
is here. The database is copied first and the media folder after it: a file is
written before the row that points at it commits, so every row of the copy has
its file (files newer than the copy are harmless extras).

The tables are named by their database names, not imported as models, so that
`reports` still knows nothing of `moderation`.
"""

import hashlib
import json
import os
import sqlite3
import subprocess  # nosec B404 # PostgreSQL's pg_dump and pg_restore, argument lists built here
import tarfile
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# Shown to the operator first; every table is counted and compared.
MAIN_TABLES = (
    "accounts_user",
    "reports_report",
    "reports_attachment",
    "moderation_comment",
    "reports_delivery",
)
# libpq's environment variables for the connection OPTIONS the portal may set.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
}


@dataclass(frozen=True)
class MediaSummary:
    files: int
    bytes: int


# --- The database -------------------------------------------------------------


def engine() -> str:
    """ "postgresql" or "sqlite": the only databases the portal runs on."""
    if connection.vendor not in DATABASE_FILES:
        raise CommandError(
            f"Không sao lưu được cơ sở dữ liệu {connection.vendor} "
            "(only PostgreSQL and SQLite are supported)."
        )
    return connection.vendor


def table_names(cursor) -> list[str]:
    """The portal's tables, as the cursor's transaction sees them."""
    if connection.vendor == "sqlite" or isinstance(cursor, sqlite3.Cursor):
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        )
        return [row[0] for row in cursor.fetchall()]
    return sorted(connection.introspection.table_names(cursor))


def row_counts(cursor) -> dict[str, int]:
    counts = {}
    for table in table_names(cursor):
        quoted = connection.ops.quote_name(table)
        cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608  # nosec B608 # a name from the database's catalogue, quoted
        counts[table] = cursor.fetchone()[0]
    return counts


def database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not table_names(cursor)


def database_label() -> str:
    """Which database, for messages: never the password."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(config["NAME"])
    host = config.get("HOST") or "socket"
    return f"{config.get('NAME')} @ {host}:{config.get('PORT') or 5432}"


def _libpq(program: str, *arguments: str) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of a PostgreSQL client for the configured
    database. The password goes in PGPASSWORD, never on the command line, where
    any user of the machine could read it."""
    config = connection.settings_dict
    argv = [program]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if config.get(key):
            argv.append(f"{option}={config[key]}")
    argv += [*arguments, f"--dbname={config['NAME']}"]
    environment = dict(os.environ)
    if config.get("PASSWORD"):
        environment["PGPASSWORD"] = str(config["PASSWORD"])
    for option, variable in LIBPQ_OPTIONS.items():
        if (config.get("OPTIONS") or {}).get(option):
            environment[variable] = str(config["OPTIONS"][option])
    return argv, environment


def _run(program: str, *arguments: str) -> None:
    argv, environment = _libpq(program, *arguments)
    try:
        completed = subprocess.run(  # noqa: S603  # nosec B603 # argument list built here, no shell
            argv, env=environment, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise CommandError(
            f"Không tìm thấy {program}: cài postgresql-client "
            f"({program} not found: install the PostgreSQL client tools)."
        ) from None
    if completed.returncode != 0:
        raise CommandError(
            f"{program} thất bại ({program} failed, exit {completed.returncode}):\n"
            + completed.stderr.strip()[-2000:]
        )


def database_dump(path: Path) -> dict[str, int]:
    """Write the database to `path` and count the rows of the same moment."""
    if connection.in_atomic_block:
        raise CommandError(
            "Sao lưu phải chạy ngoài giao dịch (the backup must run outside a transaction)."
        )
    if engine() == "sqlite":
        return _sqlite_dump(path)
    return _postgresql_dump(path)


def _postgresql_dump(path: Path) -> dict[str, int]:
    # pg_dump reads the snapshot this transaction exports, and the counts are
    # taken in it too: the manifest describes exactly the rows of the dump.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run("pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={path}")
        return row_counts(cursor)


def _sqlite_dump(path: Path) -> dict[str, int]:
    # The online backup API copies a consistent state even while others write.
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
        return row_counts(copy.cursor())
    finally:
        copy.close()


def database_restore(path: Path) -> None:
    """Load the copy into the configured database, which the caller checked is empty."""
    if engine() == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    # One transaction: a restore that fails leaves the database empty, ready to retry.
    _run("pg_restore", "--no-owner", "--exit-on-error", "--single-transaction", str(path))
    connection.close()  # the next query sees the restored catalogue afresh


def restored_row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return row_counts(cursor)


# --- The media files ------------------------------------------------------------


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def media_archive(path: Path) -> MediaSummary:
    """Copy every file under MEDIA_ROOT into the tar archive `path`."""
    root, files, total = media_root(), 0, 0
    with tarfile.open(path, "w") as archive:
        for folder, subfolders, names in os.walk(root):
            subfolders.sort()
            for name in sorted(names):
                full = Path(folder) / name
                if full.is_symlink() or not full.is_file():
                    continue
                try:
                    with full.open("rb") as stream:
                        info = archive.gettarinfo(
                            arcname=str(full.relative_to(root)), fileobj=stream
                        )
                        archive.addfile(info, stream)
                except FileNotFoundError:
                    continue  # deleted while we walked: its row is gone too
                files, total = files + 1, total + info.size
    return MediaSummary(files, total)


def media_summary() -> MediaSummary:
    files = total = 0
    for folder, _subfolders, names in os.walk(media_root()):
        for name in names:
            full = Path(folder) / name
            if full.is_file() and not full.is_symlink():
                files, total = files + 1, total + full.stat().st_size
    return MediaSummary(files, total)


def media_is_empty() -> bool:
    root = media_root()
    return not root.exists() or (root.is_dir() and not any(root.iterdir()))


def media_restore(path: Path) -> None:
    root = media_root()
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path) as archive:
        # The "data" filter refuses absolute paths, links out of the folder and devices.
        archive.extractall(root, filter="data")


# --- The manifest -----------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def default_folder() -> Path:
    stamp = timezone.now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.BASE_DIR) / "backups" / stamp


def manifest_write(folder: Path, *, engine: str, rows: dict[str, int], media: MediaSummary):
    database_file = DATABASE_FILES[engine]
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().astimezone(UTC).isoformat(),
        "engine": engine,
        "rows": rows,
        "media": {"files": media.files, "bytes": media.bytes},
        "archives": {
            name: {"sha256": sha256_of(folder / name), "bytes": (folder / name).stat().st_size}
            for name in (database_file, MEDIA_ARCHIVE)
        },
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


def manifest_read(folder: Path) -> dict:
    """The manifest of `folder`, once every archive it names has its checksum."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        raise CommandError(
            f"Không có {MANIFEST} trong {folder} (no manifest: not a portal backup)."
        ) from None
    except ValueError as error:
        raise CommandError(f"{MANIFEST} hỏng ({MANIFEST} is not valid JSON: {error}).") from None
    if manifest.get("format") != FORMAT or manifest.get("engine") not in DATABASE_FILES:
        raise CommandError(f"{MANIFEST} không đúng định dạng (unknown manifest format).")
    expected = {DATABASE_FILES[manifest["engine"]], MEDIA_ARCHIVE}
    if set(manifest.get("archives", {})) != expected:
        raise CommandError(f"{MANIFEST} thiếu tệp lưu trữ (the manifest lacks an archive).")
    for name, archive in manifest["archives"].items():
        path = folder / name
        if not path.is_file():
            raise CommandError(f"Thiếu tệp {path} (archive missing).")
        if sha256_of(path) != archive["sha256"]:
            raise CommandError(
                f"Tệp {path} không khớp mã kiểm tra SHA-256 trong {MANIFEST}: bản sao lưu bị "
                "hỏng hoặc bị sửa, không khôi phục gì "
                "(checksum mismatch: the backup is damaged or altered; nothing was restored)."
            )
    return manifest
