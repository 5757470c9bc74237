"""Notifications store what happened (a kind and its parameters) and are written
in the reader's language when read. Existing rows keep the sentence written
then, as a notice of no kind (kind "")."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0012_report_event_public_created_index"),
    ]

    operations = [
        migrations.RenameField(
            model_name="notification", old_name="message", new_name="stored_text"
        ),
        migrations.AlterField(
            model_name="notification",
            name="stored_text",
            field=models.CharField(blank=True, max_length=500, verbose_name="nội dung đã lưu"),
        ),
        migrations.AddField(
            model_name="notification",
            name="kind",
            field=models.CharField(blank=True, default="", max_length=40, verbose_name="loại"),
        ),
        migrations.AddField(
            model_name="notification",
            name="params",
            field=models.JSONField(blank=True, default=dict, verbose_name="tham số"),
        ),
    ]
