"""Settings of the benchmark (python -m bench.runner): production, plus the constant view.

Everything else is production as deployed: DEBUG off, the manifest static
files, Redis cache, database sessions. The runner sets the environment
(DATABASE_URL, REDIS_URL, DJANGO_SECRET_KEY, ...).
"""

from phananh.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
