"""Browser tests on SQLite answer one request at a time.

The live server's threads share the in-memory test database's one connection
(Django's connections_override), and two requests using it at once break it
("bad parameter or other API misuse", a session that cannot be read, so a
signed-in user is sent to the login page). Pages make requests of their own
beside the one the test waits for (the service worker, scripts), so on SQLite
the Django part of each request holds a lock; static files are served before
it, and PostgreSQL, where each thread has its own connection, never waits.
`make run` is not concerned: its file database gives each thread a connection.
"""

import threading

from django.db import connection

_one_at_a_time = threading.Lock()


class OneRequestAtATimeOnSqlite:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if connection.vendor != "sqlite":
            return self.get_response(request)
        with _one_at_a_time:
            return self.get_response(request)
