"""The agency page's members column is labelled in Vietnamese ("thành viên")."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0017_attachment_retired_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="agencymembership",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="agency_memberships",
                to=settings.AUTH_USER_MODEL,
                verbose_name="thành viên",
            ),
        ),
    ]
