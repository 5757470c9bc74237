"""Requests that race, for the tests of what the database must keep unique
(a like, a "Tôi cũng gặp"): real threads released together, on PostgreSQL."""

import threading

import pytest
from django.db import connection


def race(workers: int, work) -> list[Exception]:
    """Run `work(index)` in `workers` threads released together; their errors."""
    barrier = threading.Barrier(workers)
    errors = []

    def run(index):
        try:
            barrier.wait(timeout=10)
            work(index)
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite lets one writer at a time, so requests cannot race; run with "
            "DATABASE_URL=postgres://… to test the constraint under concurrency"
        )
