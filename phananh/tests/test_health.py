"""/healthz (liveness) and /readyz (database and Redis) for the load balancer."""

import pytest
from django.db import OperationalError, connection

from phananh.tests.test_cache_down import redis_down  # noqa: F401  # the fixture


def test_liveness_needs_neither_database_nor_redis(client):
    response = client.get("/healthz")  # no `db` fixture: any query would raise
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_ready_when_database_and_redis_answer(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "ok"}


def test_not_ready_without_the_database(client, db):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(refuse):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable", "redis": "ok"}


@pytest.mark.usefixtures("redis_down")
def test_not_ready_without_redis(client, db):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "redis": "unavailable"}


def test_probes_over_plain_http_are_not_redirected(settings, client):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = ["^healthz$", "^readyz$"]
    assert client.get("/healthz").status_code == 200
    assert client.get("/phan-anh/").status_code == 301
