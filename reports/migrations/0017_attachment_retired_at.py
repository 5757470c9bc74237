"""An answer's files are retired, not deleted, when the IOC reopens the report."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0016_monthly_rankings"),
    ]

    operations = [
        migrations.AddField(
            model_name="attachment",
            name="retired_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="thuộc kết quả cũ từ"),
        ),
    ]
