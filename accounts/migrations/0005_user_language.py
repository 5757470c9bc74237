"""The language of a person's SMS and e-mail (accounts/language.py): Vietnamese
until they choose another."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_email_verified"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="language",
            field=models.CharField(
                choices=[("vi", "Tiếng Việt"), ("en", "English")],
                default="vi",
                max_length=8,
                verbose_name="ngôn ngữ",
            ),
        ),
    ]
