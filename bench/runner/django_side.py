"""The runner's Django side: each function runs in a fresh process with the bench settings.

    python -m bench.runner.django_side NAME IN.json OUT.json

A process of its own for each, because Django is set up once per process and the
settings differ (the SQL count turns the cache off), and so that the runner itself
imports no Django. The parent calls child(); cwd and PYTHONPATH (services.bench_env) are
the project's root, so that `bench.settings` and the apps import.
"""

import json
import math
import sys
import tempfile
import time
from pathlib import Path

from .common import HOST, PY
from .services import run

REPORT_PAGES = 300  # report pages the "report page" rotates among
DEEP_PAGE = 400
SEARCH = "duong le"
PAGE_SIZE = 10  # reports.views.public.PAGE_SIZE


def child(env: dict, name: str, payload: dict, *, timeout: float) -> dict:
    """Run `name` of CHILDREN in a fresh process with the bench settings."""
    with tempfile.TemporaryDirectory(prefix="phananh-bench-") as folder:
        source, target = Path(folder) / "in.json", Path(folder) / "out.json"
        source.write_text(json.dumps(payload))
        run([PY, "-m", __name__, name, source, target], env=env, timeout=timeout)
        return json.loads(target.read_text())


def _django(**overrides):
    """Set Django up (DJANGO_SETTINGS_MODULE of bench_env), `overrides` applied first."""
    import django
    from django.conf import settings

    for name, value in overrides.items():
        setattr(settings, name, value)
    django.setup()


def prepare(payload: dict) -> dict:
    """Session cookies of the roles, and the data-dependent parts of the URLs."""
    _django()
    from collections import Counter

    from django.conf import settings
    from django.db.models import Count
    from django.test import Client

    from accounts.models import User
    from accounts.text import fold
    from bench.seed.people import CITIZEN_PREFIX, HEAVY_AGENCY
    from moderation.models import Comment
    from reports.models import Agency, AgencyMembership, Report

    roles = payload["roles"]
    users = {}
    for role, phone in roles.items():
        user = User.objects.filter(phone=phone).first()
        if user is None:
            raise SystemExit(f"the {role} account {phone} does not exist")
        users[role] = user
    if payload["demo"]:
        membership = AgencyMembership.objects.filter(user=users["officer"]).first()
        agency = membership.agency.code if membership else ""
    else:
        agency = HEAVY_AGENCY
        if not AgencyMembership.objects.filter(user=users["officer"], agency__code=agency).exists():
            raise SystemExit(f"{roles['officer']} is no member of agency {agency}")
    cookies = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        cookies[role] = client.cookies[settings.SESSION_COOKIE_NAME].value

    public = Report.objects.public()
    published = public.filter(status=Report.Status.PUBLISHED)
    codes = list(
        published.filter(comments__status=Comment.Status.APPROVED)
        .order_by("code")
        .values_list("code", flat=True)
        .distinct()[:REPORT_PAGES]
    )
    if not codes:  # only for --seed demo: any public report
        codes = list(public.order_by("code").values_list("code", flat=True)[:REPORT_PAGES])
    category = (
        public.filter(category__is_active=True)
        .values("category__slug")
        .annotate(n=Count("pk"))
        .order_by("-n", "category__slug")
        .first()
    )
    ward = (
        public.exclude(ward=None)
        .values("ward__code")
        .annotate(n=Count("pk"))
        .order_by("-n", "ward__code")
        .first()
    )
    if not (codes and category and ward):
        raise SystemExit("no public reports with a category and a ward: was the database seeded?")
    ward_code = ward["ward__code"]

    def matches(query):
        reports = public
        for word in fold(query).split():
            reports = reports.filter(search_text__contains=word)
        return reports.count()

    search = SEARCH
    if not matches(search):
        titles = public.order_by("-pk").values_list("title", flat=True)[:2000]
        words = Counter(w for t in titles for w in fold(t).split() if len(w) >= 4 and w.isalpha())
        search = words.most_common(1)[0][0] if words else "a"

    in_ward = public.filter(ward__code=ward_code).order_by("pk")
    middle = in_ward.count() // 2
    lat, lon = in_ward.values_list("latitude", "longitude")[middle]
    public_count = public.count()
    last_page = max(1, math.ceil(public_count / PAGE_SIZE))
    heavy = users["citizen"]
    return {
        "statistics_seconds": _statistics_computed(),
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "cookies": cookies,
        "agency": agency,
        "report_codes": codes,
        "category": category["category__slug"],
        "ward": ward_code,
        "search": search,
        "search_matches": matches(search),
        "deep_page": min(DEEP_PAGE, last_page),
        "last_page": last_page,
        "street_point": [float(lat), float(lon)],
        "province_bounds": settings.PROVINCE_BOUNDS,
        "phone_search": "0" + str(heavy.phone)[3:],
        "counts": {
            "reports": Report.objects.count(),
            "public reports": public_count,
            "published public reports with approved comments": published.filter(
                comments__status=Comment.Status.APPROVED
            )
            .distinct()
            .count(),
            f"citizens {CITIZEN_PREFIX}xxxxx": User.objects.filter(
                phone__startswith=CITIZEN_PREFIX
            ).count(),
            "reports of the heavy citizen": Report.objects.filter(reporter=heavy).count(),
            f"reports led by {agency}": Report.objects.filter(lead_agency__code=agency).count(),
            "agencies": Agency.objects.count(),
            "pending comments": Comment.objects.filter(status=Comment.Status.PENDING).count(),
            f"search '{search}' matches": matches(search),
        },
    }


def _statistics_computed() -> float:
    """The statistics page's figures, as Celery beat keeps them; the seconds they took."""
    from reports.opendata import statistics

    started = time.perf_counter()
    statistics.figures_refresh()
    return round(time.perf_counter() - started, 1)


def queries(payload: dict) -> dict:
    """SQL queries of one request per page, with the cache off (the cold count)."""
    _django(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    clients = {None: Client()}
    for role, phone in payload["roles"].items():
        client = Client()
        client.force_login(User.objects.get(phone=phone))
        clients[role] = client
    headers = {"HTTP_HOST": HOST, "HTTP_X_FORWARDED_PROTO": "https"}
    results = {}
    for page in payload["pages"]:
        client = clients[page["role"]]
        client.get(page["path"], **headers)  # per-process caches (content types, sites)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(page["path"], **headers)
            seconds = time.perf_counter() - started
        sql_ms = sum(float(q.get("time") or 0) for q in captured.captured_queries) * 1000
        slowest = max(
            captured.captured_queries, key=lambda q: float(q.get("time") or 0), default={}
        )
        results[page["key"]] = {
            "status": response.status_code,
            "queries": len(captured),
            "sql_ms": round(sql_ms, 1),
            "request_ms": round(seconds * 1000, 1),
            "slowest_sql_ms": round(float(slowest.get("time") or 0) * 1000, 1),
            "slowest_sql": (slowest.get("sql") or "")[:500],
        }
    return results


CHILDREN = {"prepare": prepare, "queries": queries}

if __name__ == "__main__":
    name, source, target = sys.argv[1:]
    result = CHILDREN[name](json.loads(Path(source).read_text()))
    Path(target).write_text(json.dumps(result, default=str))
