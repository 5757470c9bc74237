"""The monthly rankings of the agencies (issue 15): a month's fixed figures."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0015_reopening"),
    ]

    operations = [
        migrations.CreateModel(
            name="MonthlyRanking",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "month",
                    models.DateField(help_text="Ngày đầu tháng.", unique=True, verbose_name="tháng"),
                ),
                ("computed_at", models.DateTimeField(verbose_name="chốt số liệu lúc")),
            ],
            options={
                "verbose_name": "xếp hạng tháng",
                "verbose_name_plural": "xếp hạng tháng",
                "ordering": ["-month"],
            },
        ),
        migrations.CreateModel(
            name="MonthlyAgencyFigures",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("agency_name", models.CharField(max_length=200, verbose_name="tên cơ quan")),
                ("rank", models.PositiveIntegerField(verbose_name="hạng")),
                ("received", models.PositiveIntegerField(verbose_name="đã nhận")),
                ("answered", models.PositiveIntegerField(verbose_name="đã trả lời")),
                ("on_time", models.PositiveIntegerField(verbose_name="đúng hạn")),
                ("late", models.PositiveIntegerField(verbose_name="quá hạn")),
                ("on_time_rate", models.FloatField(null=True, verbose_name="tỉ lệ đúng hạn (%)")),
                (
                    "average_working_days",
                    models.FloatField(
                        null=True, verbose_name="thời gian xử lý trung bình (ngày làm việc)"
                    ),
                ),
                ("satisfied", models.PositiveIntegerField(verbose_name="hài lòng")),
                ("acceptable", models.PositiveIntegerField(verbose_name="chấp nhận")),
                ("dissatisfied", models.PositiveIntegerField(verbose_name="không hài lòng")),
                ("satisfied_rate", models.FloatField(null=True, verbose_name="tỉ lệ hài lòng (%)")),
                (
                    "agency",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="reports.agency",
                        verbose_name="cơ quan xử lý",
                    ),
                ),
                (
                    "ranking",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rows",
                        to="reports.monthlyranking",
                        verbose_name="xếp hạng tháng",
                    ),
                ),
            ],
            options={
                "verbose_name": "số liệu tháng của cơ quan",
                "verbose_name_plural": "số liệu tháng của cơ quan",
                "ordering": ["ranking", "rank", "agency_name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("ranking", "agency"), name="monthly_figures_one_row_per_agency"
                    )
                ],
            },
        ),
    ]
