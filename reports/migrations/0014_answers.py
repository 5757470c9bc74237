"""Answers of issue 15: the categories whose answers need a photo, and the
IOC's reply templates."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0013_notification_kind_params"),
    ]

    operations = [
        migrations.AddField(
            model_name="category",
            name="answer_photo_required",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Câu trả lời của phản ánh thuộc chuyên mục này phải kèm ít nhất một ảnh "
                    "hiện trường sau khi xử lý."
                ),
                verbose_name="bắt buộc ảnh kết quả",
            ),
        ),
        migrations.CreateModel(
            name="ReplyTemplate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="cập nhật lúc")),
                (
                    "purpose",
                    models.CharField(
                        choices=[
                            ("answer", "Trả lời kết quả"),
                            ("return", "Trả lại Trung tâm IOC"),
                            ("reject", "Từ chối phản ánh"),
                        ],
                        max_length=10,
                        verbose_name="dùng để",
                    ),
                ),
                ("title", models.CharField(max_length=120, verbose_name="tên mẫu")),
                ("text", models.TextField(max_length=5000, verbose_name="nội dung mẫu")),
                ("is_active", models.BooleanField(default=True, verbose_name="đang dùng")),
                (
                    "category",
                    models.ForeignKey(
                        blank=True,
                        help_text="Để trống: dùng cho mọi chuyên mục.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reply_templates",
                        to="reports.category",
                        verbose_name="chuyên mục",
                    ),
                ),
            ],
            options={
                "verbose_name": "mẫu trả lời",
                "verbose_name_plural": "mẫu trả lời",
                "ordering": ["purpose", "category__name", "title"],
                "indexes": [
                    models.Index(
                        fields=["purpose", "category"], name="reports_rep_purpose_781d02_idx"
                    )
                ],
            },
        ),
    ]
