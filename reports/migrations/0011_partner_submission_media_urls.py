"""A partner may send several media_url (FixMyStreet repeats it per photo):
the one URL becomes a list."""

from django.db import migrations, models


def to_list(apps, schema_editor):
    PartnerSubmission = apps.get_model("reports", "PartnerSubmission")
    for submission in PartnerSubmission.objects.exclude(media_url=""):
        submission.media_urls = [submission.media_url]
        submission.save(update_fields=["media_urls"])


def to_one(apps, schema_editor):
    PartnerSubmission = apps.get_model("reports", "PartnerSubmission")
    for submission in PartnerSubmission.objects.exclude(media_urls=[]):
        submission.media_url = submission.media_urls[0]
        submission.save(update_fields=["media_url"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0010_api_key_extended_statuses")]

    operations = [
        migrations.AddField(
            model_name="partnersubmission",
            name="media_urls",
            field=models.JSONField(blank=True, default=list, verbose_name="ảnh/video của đối tác"),
        ),
        migrations.RunPython(to_list, to_one),
        migrations.RemoveField(model_name="partnersubmission", name="media_url"),
    ]
