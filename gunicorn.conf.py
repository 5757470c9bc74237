"""gunicorn's settings for the portal, read from the folder it starts in (the
Dockerfile's and docker-compose.yml's /app; the benchmarks' project root).
The figures are those `make soak` ran with (bench/RESULTS.md)."""

import os

wsgi_app = "phananh.wsgi"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: every request holds one. About two per core, plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1))
worker_class = "sync"
# The slowest page seen under load took a few seconds; a request past 30 s is
# a stuck worker, which gunicorn replaces (the proxy's timeout must be longer).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20  # a deploy or restart lets running requests finish
keepalive = 5  # connections from the proxy are reused between requests
# Recycled now and then, so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
