import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phananh.settings.base")

app = Celery("phananh")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
