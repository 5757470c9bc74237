"""Writing the big tables fast, with the timestamps the seed chose.

bulk_create() runs each field's pre_save(), which stamps auto_now_add and
auto_now fields (Report.created_at, ReportEvent.created_at, Comment.created_at
...) with the current time: three years of history would all happen today,
and fixing them afterwards means rewriting every row. So these rows are written
exactly as built: COPY on PostgreSQL (also about three times faster than
bulk_create), executemany elsewhere (SQLite in tests). Their primary keys are
given by the seed, so that events, attachments and comments point at reports
of the same batch without a round trip.
"""

from django.core.management.color import no_style
from django.db import connection, models


class Writer:
    def __init__(self, *tables):
        self.tables = tables
        self.next_pk = {
            model: (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1
            for model in tables
        }

    def pk(self, model) -> int:
        pk = self.next_pk[model]
        self.next_pk[model] = pk + 1
        return pk

    def insert(self, objs) -> int:
        if not objs:
            return 0
        meta = type(objs[0])._meta
        fields = meta.concrete_fields
        quote = connection.ops.quote_name
        table, columns = quote(meta.db_table), ", ".join(quote(f.column) for f in fields)
        postgres = connection.vendor == "postgresql"
        # psycopg adapts datetimes, decimals and UUIDs itself; converting every
        # value through the field costs more than the COPY. Files are names.
        prepared = [not postgres or isinstance(f, models.FileField) for f in fields]
        rows = (
            [
                f.get_db_prep_save(getattr(obj, f.attname), connection)
                if prep
                else getattr(obj, f.attname)
                for f, prep in zip(fields, prepared, strict=True)
            ]
            for obj in objs
        )
        with connection.cursor() as cursor:
            if postgres:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(fields))
                # Names from the model's meta, quoted; the values are parameters.
                sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608  # nosec B608 # table and column names from the code, values as parameters
                cursor.executemany(sql, list(rows))
        return len(objs)

    def reset_sequences(self):
        """Past the keys given here, so the portal's own inserts never collide."""
        statements = connection.ops.sequence_reset_sql(no_style(), self.tables)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
