"""`make restore FROM=...`: bring a backup of `backup_portal` back into an empty
database and an empty media folder, then check that nothing is missing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.management import backup


class Command(BaseCommand):
    help = (
        "Restore a backup_portal folder into the configured database, which must have no "
        "tables, and MEDIA_ROOT, which must be empty or absent; checksums are verified "
        "first and row counts compared after."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="source", type=Path, required=True, help="the backup folder"
        )

    def handle(self, *args, source, **options):
        # Every check comes before the first write: a refusal changes nothing.
        manifest = backup.manifest_read(source)
        self.stdout.write(
            f"Mã kiểm tra SHA-256 khớp (checksums verified): bản sao lưu lúc "
            f"{manifest['created_at']} (backup of that time)."
        )
        engine = backup.engine()
        if manifest["engine"] != engine:
            raise CommandError(
                f"Bản sao lưu của {manifest['engine']}, cơ sở dữ liệu đích là {engine} "
                f"(a {manifest['engine']} backup cannot go into {engine})."
            )
        if not backup.database_is_empty():
            raise CommandError(
                f"Cơ sở dữ liệu {backup.database_label()} đã có bảng: chỉ khôi phục vào cơ sở "
                "dữ liệu trống, không ghi đè "
                "(the database has tables: restore only into an empty database)."
            )
        if not backup.media_is_empty():
            raise CommandError(
                f"Thư mục tệp {backup.media_root()} không trống: chỉ khôi phục vào thư mục "
                "trống hoặc chưa có (MEDIA_ROOT is not empty: restore only into an empty "
                "or absent folder)."
            )
        backup.database_restore(source / backup.DATABASE_FILES[engine])
        backup.media_restore(source / backup.MEDIA_ARCHIVE)
        self._compare(manifest, backup.restored_row_counts(), backup.media_summary())

    def _compare(self, manifest, restored, media):
        expected = manifest["rows"]
        lines = [(table, expected.get(table), restored.get(table)) for table in backup.MAIN_TABLES]
        others = sorted((set(expected) | set(restored)) - set(backup.MAIN_TABLES))
        differing = [
            (table, expected.get(table), restored.get(table))
            for table in others
            if expected.get(table) != restored.get(table)
        ]
        lines += differing
        lines.append(
            (
                f"các bảng khác (other, {len(others)})",
                sum(expected.get(t) or 0 for t in others),
                sum(restored.get(t) or 0 for t in others),
            )
        )
        lines.append(("tệp (media files)", manifest["media"]["files"], media.files))
        lines.append(("byte tệp (media bytes)", manifest["media"]["bytes"], media.bytes))
        self.stdout.write(
            f"  {'bảng (table)':<28} {'sao lưu (backup)':>18} {'khôi phục (restored)':>22}"
        )
        for name, before, after in lines:
            mark = "" if before == after else "  ≠"
            self.stdout.write(f"  {name:<28} {_shown(before):>18} {_shown(after):>22}{mark}")
        mismatched = [name for name, before, after in lines if before != after]
        if mismatched:
            raise CommandError(
                "Số dòng hoặc số tệp sau khi khôi phục khác bản sao lưu "
                f"(restored counts differ from the manifest): {', '.join(mismatched)}."
            )
        self.stdout.write(
            self.style.SUCCESS(
                "Đã khôi phục, số dòng và số tệp khớp bản sao lưu "
                "(restored; row and file counts match the manifest)."
            )
        )


def _shown(count) -> str:
    return "-" if count is None else str(count)
