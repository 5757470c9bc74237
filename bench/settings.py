"""Settings of the benchmark (python -m bench.runner): production, plus the constant view.

Everything else is production as deployed: DEBUG off, the manifest static
files, Redis cache, database sessions. The runner sets the environment
(DATABASE_URL, REDIS_URL, DJANGO_SECRET_KEY, ...).
"""

from phananh.settings.production import *  # noqa: F403
from phananh.settings.production import env

ROOT_URLCONF = "bench.urls"

# The soak run's simulated browsers talk plain HTTP on loopback, where a
# browser would not send cookies marked Secure (bench/soak/).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("BENCH_SECURE_COOKIES", default=True)
