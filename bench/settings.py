"""Settings of the benchmark (bench/run.py): production, plus the constant view.

Everything else is production as deployed: DEBUG off, the manifest static
files, Redis cache, database sessions. The runner sets the environment
(DATABASE_URL, REDIS_URL, DJANGO_SECRET_KEY, ...).
"""

from phananh.settings.production import *  # noqa: F403
from phananh.settings.production import INSTALLED_APPS

ROOT_URLCONF = "bench.urls"

# The seed command (bench/management/commands/seed_bench.py) lives in this app.
if "bench" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
