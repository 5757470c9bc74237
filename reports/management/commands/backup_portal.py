"""`make backup`: a consistent copy of the database, then of the media files,
with a manifest of what it holds (README, "Backup and restore")."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.management import backup


class Command(BaseCommand):
    help = (
        "Copy the database (one consistent snapshot) and then the media files into a "
        "folder with a manifest of row counts and checksums (default backups/<UTC time>/)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            type=Path,
            help="folder for the backup, absent or empty (default backups/<UTC time>/)",
        )

    def handle(self, *args, to=None, **options):
        folder = to or backup.default_folder()
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            raise CommandError(
                f"{folder} đã có dữ liệu: chọn thư mục trống "
                "(the folder is not empty: choose an empty or new one)."
            )
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o700)  # the copy holds every citizen's personal data
        engine = backup.engine()
        written = [folder / backup.DATABASE_FILES[engine], folder / backup.MEDIA_ARCHIVE]
        try:
            rows = backup.database_dump(written[0])
            media = backup.media_archive(written[1])
            backup.manifest_write(folder, engine=engine, rows=rows, media=media)
            for path in [*written, folder / backup.MANIFEST]:
                path.chmod(0o600)
        except BaseException:
            # Without its manifest a half-written copy could pass for a backup.
            for path in written:
                path.unlink(missing_ok=True)
            raise
        self.stdout.write(
            f"Cơ sở dữ liệu (database) {engine}: {backup.database_label()}, "
            f"{len(rows)} bảng, {sum(rows.values())} dòng ({len(rows)} tables, "
            f"{sum(rows.values())} rows)."
        )
        for table in backup.MAIN_TABLES:
            self.stdout.write(f"  {table:<22} {rows.get(table, 0):>10}")
        self.stdout.write(
            f"Tệp (media files): {media.files} tệp, {media.bytes} byte "
            f"({media.files} files, {media.bytes} bytes)."
        )
        self.stdout.write(
            self.style.SUCCESS(f"Đã sao lưu vào {folder}/ (backup written to {folder}/).")
        )
