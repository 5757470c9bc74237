"""The IOC's review of an unsatisfied rating (issue 15: reopening a report):
its outcome, when and by whom it was decided, and the reply to the reporter."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0014_answers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="satisfaction",
            name="review_outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Không cần xem xét"),
                    ("pending", "Chờ xem xét lại"),
                    ("reopened", "Đã mở lại xử lý"),
                    ("closed", "Đã trả lời, giữ nguyên kết quả"),
                ],
                default="",
                max_length=10,
                verbose_name="xem xét lại",
            ),
        ),
        migrations.AddField(
            model_name="satisfaction",
            name="review_reply",
            field=models.TextField(blank=True, verbose_name="trả lời của Trung tâm IOC"),
        ),
        migrations.AddField(
            model_name="satisfaction",
            name="reviewed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="xem xét lúc"),
        ),
        migrations.AddField(
            model_name="satisfaction",
            name="reviewed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người xem xét",
            ),
        ),
        migrations.AddIndex(
            model_name="satisfaction",
            index=models.Index(
                condition=models.Q(("review_outcome", "pending")),
                fields=["updated_at"],
                name="satisfaction_review_idx",
            ),
        ),
    ]
