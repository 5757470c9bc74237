"""A trigram index on the folded search text, on PostgreSQL only.

The public search filters `search_text LIKE '%word%'` for each folded word;
pg_trgm's GIN operator class serves such patterns. SQLite has no such index and
searches by a scan, which is fine at its scale; there this migration does nothing.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS report_search_trgm "
        "ON reports_report USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    # The extension stays: other objects may use it by now.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS report_search_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_satisfaction"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
