"""Reserved for issue 15 (filled in by the change that needs it), so that
changes made side by side keep one line of migrations."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0015_reopening"),
    ]

    operations = []
