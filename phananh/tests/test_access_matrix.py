"""The access matrix (security review, OWASP ASVS L2): every URL pattern of the
project, requested as every role, against objects each may and may not see.

What each role must get is MATRIX, in access_matrix.py, one table per area of
the site; a new URL pattern goes there (its docstring says which table). Each
case is a concrete URL written with the world's names (access_world.py), the
outcome of a GET for every role and, for the roles that must be refused, the
outcome of a POST (CSRF checks on) that must leave every table as it was. The
admin's patterns come from its registry, with expectations derived from each
group's permissions in `setup_roles`. A pattern without expectations, or
expectations without a pattern, fail `test_every_url_pattern_is_in_the_matrix`.

Whatever the status, no response may show a secret of the world to a role
that may not read it (`World.secrets`); `SECRETS_SHOWN` proves that the check
finds each secret where its readers look.
"""

from collections import Counter
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver

from accounts.tests.factories import UserFactory

from .access_cases import Outcome
from .access_matrix import MATRIX
from .access_matrix_accounts import PROFILE
from .access_matrix_public import MAP_DATA, NEARBY
from .access_matrix_reports import RATING_DATA
from .access_world import ALL, SIGNED_IN, Role, build_world, login

# --- The URL configuration --------------------------------------------------------------


def url_routes(patterns=None, prefix: str = "") -> Iterator[str]:
    """Every pattern's full route, includes walked through, in resolving order."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from url_routes(pattern.url_patterns, route)
        else:
            yield route


# The portal's account pages take over allauth's at allauth's own paths
# (phananh/urls.py): the first pattern answers, the second is never reached.
SHADOWED = {
    "admin/r/<path:content_type_id>/<path:object_id>/",  # phananh.admin_links
    "tai-khoan/email/",
    "tai-khoan/password/reset/",
    "tai-khoan/phone/change/",
    "tai-khoan/phone/verify/",
}


def test_every_url_pattern_is_in_the_matrix():
    # With DEBUG on, phananh/urls.py adds the media route: it shows up here as missing.
    routes = set(url_routes())
    assert sorted(routes - MATRIX.keys()) == [], "URL patterns without expectations"
    assert sorted(MATRIX.keys() - routes) == [], "expectations for URL patterns that are gone"


def test_only_the_known_overrides_shadow_a_pattern():
    counts = Counter(url_routes())
    assert {route for route, count in counts.items() if count > 1} == SHADOWED


# --- Requesting the matrix --------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world for the whole module, in a transaction rolled back at its end;
    each test runs in a savepoint inside it, so a POST that got through is undone."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with media, django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def sessions(world) -> dict[Role, str]:
    """Each role's session, signed in once for the module: what a test's
    requests write to it is rolled back with the test."""
    keys = {}
    for role in SIGNED_IN:
        client = Client()
        login(client, world.user(role))
        keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


# Written by every login and request, not by what a request may change.
UNTRACKED_TABLES = {"django_session"}


def fingerprint() -> dict[str, list[str]]:
    """Every row of every table (raw SQL: the ORM would triple the module's time)."""
    tables = set(connection.introspection.table_names()) - UNTRACKED_TABLES
    with connection.cursor() as cursor:
        snapshot = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            snapshot[table] = sorted(map(repr, cursor.fetchall()))
    return snapshot


def _read(response) -> str:
    body = "" if response.streaming else response.content.decode("utf-8", "replace")
    return body + response.get("Location", "")


def problems(response, expected: Outcome, *, world, role: Role) -> list[str]:
    """What is wrong with `response` for `role`: the status, the redirect's
    target, and any secret `role` may not read."""
    found = []
    if response.status_code != expected.status:
        found.append(f"{response.status_code} {response.get('Location', '')}, expected {expected}")
    elif expected.location:
        # Only the path: the admin's "view on site" names the Site's domain.
        target = urlsplit(response["Location"])
        location = target.path + (f"?{target.query}" if target.query else "")
        location += f"#{target.fragment}" if target.fragment else ""
        wanted = world.format(expected.location)
        if not (location == wanted if expected.exact else location.startswith(wanted)):
            found.append(f"redirected to {location}, expected {wanted}")
    text = _read(response)
    leaked = sorted(
        name
        for name, secret in world.secrets.items()
        if role not in secret.readers and secret.text in text
    )
    if leaked:
        found.append(f"shows {leaked}")
    return found


class Browser(Client):
    """A client with CSRF checks on and the cookie and token a page would give."""

    def __init__(self):
        super().__init__(enforce_csrf_checks=True)
        self.csrf_token = _get_new_csrf_string()
        self.cookies[settings.CSRF_COOKIE_NAME] = self.csrf_token


def browser(sessions, role: Role) -> Browser:
    client = Browser()
    if role in sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
    return client


def _cases_by_role():
    for route, cases in MATRIX.items():
        for role in Role:
            yield pytest.param(route, role, cases, id=f"/{route} {role}")


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "role", "cases"), list(_cases_by_role()))
def test_access(world, sessions, route, role, cases):
    client = browser(sessions, role)
    failures = []
    for case in cases:
        url = world.format(case.url)
        for problem in problems(client.get(url), case.get[role], world=world, role=role):
            failures.append(f"GET {url}: {problem}")
        if role in case.post:
            data = {name: world.format(value) for name, value in case.data.items()}
            before = fingerprint()
            response = client.post(url, data, HTTP_X_CSRFTOKEN=client.csrf_token)
            for problem in problems(response, case.post[role], world=world, role=role):
                failures.append(f"POST {url}: {problem}")
            if fingerprint() != before:
                failures.append(f"POST {url}: changed data")
    if failures:
        pytest.fail(f"as {role}:\n" + "\n".join(failures), pytrace=False)


@pytest.mark.django_db
def test_the_matrix_requests_every_role(world):
    """Each case says what every role gets: none is left out by a typo."""
    for route, cases in MATRIX.items():
        assert cases, f"/{route}: no case"
        for case in cases:
            assert case.get.keys() == ALL, f"{case.url}: roles {ALL - case.get.keys()}"
            world.format(case.url)


# Proof that the leak check can see: each secret, where one of its readers finds it.
SECRETS_SHOWN = [
    ("draft", Role.OWNER, "/phan-anh/nhap/{r[draft].pk}/"),
    ("submitted", Role.OWNER, "/ca-nhan/phan-anh/"),
    ("rejected", Role.MONITOR, "/xu-ly/{r[rejected].code}/"),
    ("forwarded_private", Role.OFFICER, "/xu-ly/"),
    ("forwarded_public", Role.VISITOR, "/open311/v2/requests.json"),
    ("resolved", Role.VISITOR, NEARBY),
    ("published", Role.VISITOR, "/"),
    ("published", Role.VISITOR, "/phan-anh/moi.atom"),
    ("published", Role.VISITOR, f"{MAP_DATA}&zoom=16"),
    ("anonymous", Role.VISITOR, "/phan-anh/{r[anonymous].code}/"),
    ("elsewhere", Role.IOC, "/admin/reports/report/"),
    ("answer", Role.OFFICER, "/xu-ly/{r[resolved].code}/"),
    ("internal_note", Role.MONITOR, "/xu-ly/{r[forwarded_public].code}/"),
    ("rating", Role.OWNER, "/phan-anh/{r[published].code}/"),
    ("pending", Role.CITIZEN, "/phan-anh/{r[published].code}/"),
    ("pending", Role.MODERATOR, "/kiem-duyet/"),
    ("flag_note", Role.MODERATOR, "/kiem-duyet/?tab=flags"),
    ("notice", Role.OWNER, "/ca-nhan/"),
    ("sms", Role.IOC, "/admin/reports/delivery/{d[notice].pk}/change/"),
    ("sms_code", Role.OWNER, "/tai-khoan/du-lieu-ca-nhan/tai-ve/"),
    ("hidden_name", Role.IOC, "/admin/reports/report/{r[anonymous].pk}/change/"),
    ("phone", Role.IOC, "/admin/accounts/user/{r[submitted].reporter_id}/change/"),
    ("national_phone", Role.IOC, "/admin/reports/report/{r[submitted].pk}/change/"),
    ("national_phone", Role.OWNER, PROFILE),
    ("email", Role.OWNER, PROFILE),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("secret", "role", "url"), SECRETS_SHOWN)
def test_the_leak_check_sees_secrets_where_their_readers_look(world, sessions, secret, role, url):
    assert role in world.secrets[secret].readers
    response = browser(sessions, role).get(world.format(url))
    assert response.status_code == 200
    assert world.secrets[secret].text in _read(response)


@pytest.mark.django_db
def test_every_readable_secret_is_shown_somewhere(world):
    readable = {name for name, secret in world.secrets.items() if secret.readers}
    assert readable <= {secret for secret, _role, _url in SECRETS_SHOWN}


@pytest.mark.django_db
def test_an_allowed_post_gets_through_and_the_fingerprint_sees_it(world, sessions):
    """The refusals above are the views' own: the same client's CSRF token is
    accepted, and a change shows in the fingerprint."""
    client = browser(sessions, Role.OWNER)
    url = world.format("/phan-anh/{r[published].code}/danh-gia/")
    before = fingerprint()
    response = client.post(url, RATING_DATA, HTTP_X_CSRFTOKEN=client.csrf_token)
    assert response.status_code == 302
    assert fingerprint() != before


@pytest.mark.django_db
def test_view_on_site_with_an_id_that_is_no_number_answers_404(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for content_type in ("²", "9" * 30, "x"):
        assert client.get(f"/admin/r/{content_type}/1/").status_code == 404
