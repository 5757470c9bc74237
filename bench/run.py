"""The portal's benchmark: production settings, gunicorn, PostgreSQL, Redis, wrk.

    .venv/bin/python bench/run.py --sizes 10000,100000     # make bench
    .venv/bin/python bench/run.py --sizes 1000000          # make bench N=1000000

For each size: a fresh database `phananh_bench` seeded by `seed_bench`, a
gunicorn with 3 sync workers, and every page measured with wrk (32
connections, 2 threads, 2 s warm-up then --duration seconds) against the
constant view /bench/constant/, the framework's ceiling on this machine. For
each page also the SQL queries of one request with the cache off, and the peak
memory of the biggest worker. Then tables per size, a comparison between
sizes, the targets marked pass or fail, and bench/RESULTS.md (newest run
first), with the photo re-encoding measurement of bench/photos.py.

Failed targets are reported, not fatal: the exit status is 0 unless something
broke (a service that cannot start, a command that fails, a page that does
not answer 200). Only the standard library is used here; Django code runs in
subprocesses of this script (`--child ...`).
"""

# ruff: noqa: S603, S607 - this script runs the project's own commands and system tools

import argparse
import http.client
import json
import math
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
PY = BASE_DIR / ".venv" / "bin" / "python"
if not PY.exists():
    PY = Path(sys.executable)
GUNICORN = PY.parent / "gunicorn"
WRK_SCRIPT = BENCH_DIR / "wrk.lua"
WORK_DIR = BASE_DIR / "var" / "bench"  # logs, raw results, media; var/ is git-ignored
RESULTS_MD = BENCH_DIR / "RESULTS.md"

DB_NAME = "phananh_bench"
PG = ("-h", "127.0.0.1", "-p", "5432", "-U", "postgres")
REDIS_DB = 14
HOST = "127.0.0.1"
WORKERS = 3

# The seeded data (bench/management/commands/seed_bench.py) and the demo accounts.
ROLES = {
    "citizen": "+84902000000",  # the heavy citizen, 1,000 reports
    "officer": "+84903000001",  # member of agency bench-lead
    "moderator": "+84901000006",
    "ioc": "+84901000003",
}
LEAD_AGENCY = "bench-lead"
# --demo (developing the runner without seed_bench): demo_reports' accounts.
DEMO_ROLES = {**ROLES, "citizen": "+84901000001", "officer": "+84901000004"}
REPORT_PAGES = 300
DEEP_PAGE = 400
SEARCH = "duong le"
PAGE_SIZE = 10  # reports.views.public.PAGE_SIZE

# Targets (the brief of the benchmark).
ANON_SHARE, ANON_P95_MS = 25.0, 150.0
SEARCH_P95_MS = 300.0
USER_SHARE, USER_P95_MS = 5.0, 500.0
SCALE_P95_RATIO = 1.5
WORKER_PEAK_MB = 300.0
MILLION, MILLION_P95_MS, MILLION_HOME_SHARE = 1_000_000, 1000.0, 25.0


def log(message: str = "") -> None:
    print(message, flush=True)


class BenchError(RuntimeError):
    """Something broke: the run cannot go on."""


# --- Pages ---------------------------------------------------------------------------


@dataclass
class Page:
    key: str
    group: str  # baseline | anon | search | user | other
    paths: list[str]
    role: str | None = None  # a key of ROLES; None: anonymous

    @property
    def path(self) -> str:
        return self.paths[0]

    @property
    def label(self) -> str:
        more = f" (+{len(self.paths) - 1} more)" if len(self.paths) > 1 else ""
        return f"{self.path}{more}"


def build_pages(data: dict) -> list[Page]:
    slug, ward, agency = data["category"], data["ward"], data["agency"]
    q = data["search"].replace(" ", "+")
    (south, west), (north, east) = data["province_bounds"]
    lat, lon = data["street_point"]
    street = f"{lon - 0.005:.4f},{lat - 0.005:.4f},{lon + 0.005:.4f},{lat + 0.005:.4f}"
    triage = f"/xu-ly/?agency={agency}&tab="
    pages = [
        Page("constant", "baseline", ["/bench/constant/"]),
        Page("home", "anon", ["/"]),
        Page("home khan", "anon", ["/?tab=khan"]),
        Page("home da-xu-ly", "anon", ["/?tab=da-xu-ly"]),
        Page("home tat-ca", "anon", ["/?tab=tat-ca"]),
        Page("category chip", "anon", [f"/?category={slug}"]),
        Page("search", "search", [f"/?q={q}"]),
        Page("deep page", "search", [f"/?page={data['deep_page']}"]),
        Page(
            "map province z9",
            "anon",
            [f"/ban-do/du-lieu.geojson?bbox={west},{south},{east},{north}&zoom=9"],
        ),
        Page("map street z16", "anon", [f"/ban-do/du-lieu.geojson?bbox={street}&zoom=16"]),
        Page("report page", "anon", [f"/phan-anh/{code}/" for code in data["report_codes"]]),
        Page("open311 json", "anon", ["/open311/v2/requests.json"]),
        Page("open311 xml", "anon", ["/open311/v2/requests.xml"]),
        Page("open311 closed", "anon", ["/open311/v2/requests.json?status=closed"]),
        Page("open311 service", "anon", [f"/open311/v2/requests.xml?service_code={slug}"]),
        Page("feed", "anon", ["/phan-anh/moi.atom"]),
        Page("feed category", "anon", [f"/phan-anh/chuyen-muc/{slug}.atom"]),
        Page("feed ward", "anon", [f"/phan-anh/dia-ban/{ward}.atom"]),
        Page("stats", "other", ["/thong-ke/"]),
        Page("my reports", "user", ["/ca-nhan/phan-anh/"], "citizen"),
        Page("triage moi", "user", [f"{triage}moi"], "officer"),
        Page("triage dang-xu-ly", "user", [f"{triage}dang-xu-ly"], "officer"),
        Page("triage qua-han", "user", [f"{triage}qua-han"], "officer"),
        Page("triage da-tra-loi", "user", [f"{triage}da-tra-loi"], "officer"),
        Page("moderation queue", "user", ["/kiem-duyet/"], "moderator"),
        Page("admin reports", "user", ["/admin/reports/report/"], "ioc"),
        Page("admin forwarded", "user", ["/admin/reports/report/?status__exact=forwarded"], "ioc"),
        Page(
            "admin phone search",
            "user",
            [f"/admin/reports/report/?q={data['phone_search']}"],
            "ioc",
        ),
    ]
    return pages


# --- Processes and services ------------------------------------------------------------


def run(cmd, *, timeout: float, env=None, log_file: Path | None = None, check=True, **kwargs):
    """Run a command with a timeout; its output goes to `log_file` (or is captured)."""
    started = time.monotonic()
    if log_file is not None:
        with log_file.open("a") as out:
            out.write(f"\n$ {' '.join(map(str, cmd))}\n")
            out.flush()
            completed = subprocess.run(
                [str(c) for c in cmd],
                cwd=BASE_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
                **kwargs,
            )
    else:
        completed = subprocess.run(
            [str(c) for c in cmd],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            **kwargs,
        )
    if check and completed.returncode != 0:
        detail = ""
        if log_file is not None:
            detail = log_file.read_text(errors="replace")[-4000:]
        else:
            detail = (completed.stdout or "")[-2000:] + (completed.stderr or "")[-4000:]
        raise BenchError(
            f"command failed ({completed.returncode}): {' '.join(map(str, cmd))}\n{detail}"
        )
    completed.seconds = time.monotonic() - started
    return completed


def _postgres_up() -> bool:
    return subprocess.run(["pg_isready", *PG[:4], "-q"], timeout=10, check=False).returncode == 0


def _redis_up() -> bool:
    try:
        with socket.create_connection((HOST, 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _wait(check, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise BenchError(f"{what} cannot be reached on 127.0.0.1 after {timeout:.0f} s")


def ensure_services() -> None:
    if not shutil.which("pg_isready"):
        raise BenchError("PostgreSQL client tools (pg_isready, psql) are missing")
    if not _postgres_up():
        versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
        if not versions:
            raise BenchError("PostgreSQL is not running and no cluster is in /etc/postgresql")
        log(f"Starting PostgreSQL {versions[0]} ...")
        run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", versions[0], "main", "start"],
            timeout=60,
        )
        _wait(_postgres_up, "PostgreSQL")
    if not _redis_up():
        log("Starting Redis ...")
        for folder in ("/var/lib/redis", "/var/log/redis"):
            os.makedirs(folder, exist_ok=True)
        run(
            [
                "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1",
                "--port", "6379", "--save", "", "--appendonly", "no",
                "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log",
            ],
            timeout=30,
        )  # fmt: skip
        _wait(_redis_up, "Redis")
    log("PostgreSQL and Redis answer on 127.0.0.1.")


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise BenchError("wrk is missing: sudo apt-get install wrk")
    log("Installing wrk (apt-get install -y wrk) ...")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if run(
        ["apt-get", "install", "-y", "-qq", "wrk"], timeout=600, env=env, check=False
    ).returncode:
        run(["apt-get", "update", "-qq"], timeout=600, env=env)
        run(["apt-get", "install", "-y", "-qq", "wrk"], timeout=600, env=env)
    found = shutil.which("wrk")
    if not found:
        raise BenchError("wrk could not be installed")
    return found


def redis_command(*args: str) -> str:
    """One Redis command over a plain socket (inline protocol), the reply's first line."""
    with socket.create_connection((HOST, 6379), timeout=10) as sock:
        sock.sendall((" ".join(args) + "\r\n").encode())
        reply = b""
        while not reply.endswith(b"\r\n"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            reply += chunk
        if reply.startswith(b"$"):  # bulk string: read it whole
            length = int(reply.split(b"\r\n", 1)[0][1:])
            while len(reply) < len(str(length)) + 3 + length + 2:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                reply += chunk
            return reply.split(b"\r\n", 1)[1][:length].decode(errors="replace")
        return reply.decode(errors="replace").strip()


def redis_flush() -> None:
    """FLUSHDB of the benchmark's Redis database (the cache and the broker queue)."""
    with socket.create_connection((HOST, 6379), timeout=10) as sock:
        sock.sendall(f"SELECT {REDIS_DB}\r\nFLUSHDB\r\n".encode())
        reply = b""
        deadline = time.monotonic() + 10
        while reply.count(b"\r\n") < 2 and time.monotonic() < deadline:
            chunk = sock.recv(1024)
            if not chunk:
                break
            reply += chunk
    if reply != b"+OK\r\n+OK\r\n":
        raise BenchError(f"Redis FLUSHDB of db {REDIS_DB} failed: {reply!r}")


def bench_env(secret_key: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
        REDIS_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
        DJANGO_SECRET_KEY=secret_key,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        MEDIA_ROOT=str(WORK_DIR / "media"),
        PYTHONUNBUFFERED="1",
    )
    env["PYTHONPATH"] = str(BASE_DIR)
    return env


def manage(env, *args, timeout: float, log_file: Path):
    return run([PY, "manage.py", *args], env=env, timeout=timeout, log_file=log_file)


def psql(sql: str, *, database: str = "postgres", timeout: float = 60) -> str:
    completed = run(["psql", *PG, "-d", database, "-tAX", "-c", sql], timeout=timeout)
    return completed.stdout.strip()


def setup_database(size: int, env: dict, *, seed: str, log_file: Path) -> dict:
    """Fresh `phananh_bench`, migrated and seeded; the time of each step."""
    timings = {}
    log(f"Database {DB_NAME}: dropped and created")
    run(["dropdb", *PG, "--if-exists", "--force", DB_NAME], timeout=120)
    run(["createdb", *PG, DB_NAME], timeout=60)
    seed_timeout = 1800 + size * 0.02  # 1,000,000 reports: up to ~6 hours
    steps = [
        ("migrate", ["migrate", "--noinput"], 900),
        ("collectstatic", ["collectstatic", "--noinput", "--verbosity", "0"], 600),
        ("setup_roles", ["setup_roles"], 300),
        ("demo_accounts", ["demo_accounts"], 300),
        ("load_admin_units", ["load_admin_units", "--province", "44"], 600),
        ("load_reference_data", ["load_reference_data"], 300),
    ]
    if seed == "demo":
        steps.append(("seed (demo_reports)", ["demo_reports"], 900))
    else:
        steps.append(("seed_bench", ["seed_bench", "--reports", str(size)], seed_timeout))
    for name, args, timeout in steps:
        seconds = manage(env, *args, timeout=timeout, log_file=log_file).seconds
        timings[name] = seconds
        log(f"  {name:<22} {seconds:8.1f} s")
    started = time.monotonic()
    psql("VACUUM ANALYZE", database=DB_NAME, timeout=3600)
    timings["vacuum_analyze"] = time.monotonic() - started
    log(f"  {'VACUUM ANALYZE':<22} {timings['vacuum_analyze']:8.1f} s")
    seeded = timings.get("seed_bench", timings.get("seed (demo_reports)"))
    log(f"Seeding {size:,} reports took {seeded:.1f} s.")
    return timings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def http_get(port: int, path: str, *, cookie: str | None = None, timeout: float = 60):
    """(status, body bytes, headers) of one plain GET, redirects not followed."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        headers = {"Host": HOST, "X-Forwarded-Proto": "https"}
        if cookie:
            headers["Cookie"] = cookie
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


class Gunicorn:
    """gunicorn in its own process group; stopped (the whole group) on exit."""

    def __init__(self, env: dict, log_file: Path):
        self.env, self.log_file = env, log_file
        self.process = None
        self.port = None

    def __enter__(self):
        self.port = free_port()
        out = self.log_file.open("ab")
        self.process = subprocess.Popen(
            [
                str(GUNICORN), "phananh.wsgi",
                "--workers", str(WORKERS), "--worker-class", "sync",
                "--bind", f"{HOST}:{self.port}", "--no-control-socket",
            ],
            cwd=BASE_DIR, env=self.env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        out.close()
        deadline = time.monotonic() + 90
        while True:
            if self.process.poll() is not None:
                tail = self.log_file.read_text(errors="replace")[-3000:]
                raise BenchError(f"gunicorn exited ({self.process.returncode}):\n{tail}")
            try:
                if http_get(self.port, "/bench/constant/", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise BenchError("gunicorn did not answer within 90 s")
            time.sleep(0.5)
        # Every worker up, so that memory is read from all three.
        deadline = time.monotonic() + 30
        while len(self.worker_pids()) < WORKERS and time.monotonic() < deadline:
            time.sleep(0.2)
        log(f"gunicorn: pid {self.process.pid}, {WORKERS} sync workers on {HOST}:{self.port}")
        return self

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            return [int(child) for child in children]
        except OSError:
            pids = []
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    fields = stat.read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == pid:
                    pids.append(int(stat.parent.name))
            return pids

    def drain(self, timeout: float = 300) -> float:
        """Wait until the requests wrk left behind are done; the seconds it took.

        When wrk stops, the requests it had sent are still queued or running in
        the sync workers (a worker only sees the closed connection when it
        writes the answer). Without this, a slow page's leftovers would be
        measured as the next page's latency. The accept queue is first in,
        first out: once a probe answers fast twice in a row, every leftover
        was taken up and at most WORKERS - 1 are still finishing."""
        started = time.monotonic()
        fast = 0
        while fast < 2:
            if time.monotonic() - started > timeout:
                raise BenchError(f"gunicorn still busy {timeout:.0f} s after wrk stopped")
            probe = time.monotonic()
            try:
                http_get(self.port, "/bench/constant/", timeout=timeout)
            except OSError:
                time.sleep(0.5)
                continue
            fast = fast + 1 if time.monotonic() - probe < 0.2 else 0
        time.sleep(0.3)
        return time.monotonic() - started

    def peak_worker_mb(self) -> float | None:
        """VmHWM of the biggest worker, in MB."""
        peaks = []
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peaks.append(int(line.split()[1]) / 1024)
            except OSError:
                continue
        return max(peaks) if peaks else None

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass
        log("gunicorn stopped.")


# --- Django side (subprocesses of this script) ------------------------------------------


def child(env: dict, name: str, payload: dict, *, timeout: float) -> dict:
    """Run `name` of CHILDREN in a fresh process with the bench settings."""
    with tempfile.TemporaryDirectory(prefix="phananh-bench-") as folder:
        source, target = Path(folder) / "in.json", Path(folder) / "out.json"
        source.write_text(json.dumps(payload))
        run([PY, __file__, "--child", name, source, target], env=env, timeout=timeout)
        return json.loads(target.read_text())


def _django(**overrides):
    """Set Django up (bench settings), with `overrides` applied to the settings first."""
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django
    from django.conf import settings

    for name, value in overrides.items():
        setattr(settings, name, value)
    django.setup()


def _child_prepare(payload: dict) -> dict:
    """Session cookies of the roles, and the data-dependent parts of the URLs."""
    _django()
    from collections import Counter

    from django.conf import settings
    from django.db.models import Count
    from django.test import Client

    from accounts.models import User
    from accounts.text import fold
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
        agency = LEAD_AGENCY
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
    if not codes:  # only for --demo: any public report
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
            "citizens +8490200xxxx": User.objects.filter(phone__startswith="+8490200").count(),
            "reports of the heavy citizen": Report.objects.filter(reporter=heavy).count(),
            f"reports led by {agency}": Report.objects.filter(lead_agency__code=agency).count(),
            "agencies": Agency.objects.count(),
            "pending comments": Comment.objects.filter(status=Comment.Status.PENDING).count(),
            f"search '{search}' matches": matches(search),
        },
    }


def _child_queries(payload: dict) -> dict:
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
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(page["path"], **headers)
            seconds = time.perf_counter() - started
        sql_ms = sum(float(q.get("time") or 0) for q in queries.captured_queries) * 1000
        slowest = max(queries.captured_queries, key=lambda q: float(q.get("time") or 0), default={})
        results[page["key"]] = {
            "status": response.status_code,
            "queries": len(queries),
            "sql_ms": round(sql_ms, 1),
            "request_ms": round(seconds * 1000, 1),
            "slowest_sql_ms": round(float(slowest.get("time") or 0) * 1000, 1),
            "slowest_sql": (slowest.get("sql") or "")[:500],
        }
    return results


CHILDREN = {"prepare": _child_prepare, "queries": _child_queries}


# --- Measuring ------------------------------------------------------------------------


@dataclass
class Result:
    key: str
    group: str
    url: str
    role: str | None
    rps: float = 0.0
    share: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    errors: int = 0
    error_detail: str = ""
    kb: float = 0.0
    queries: int | None = None
    sql_ms: float | None = None
    peak_mb: float | None = None
    status: int | None = None
    load: float | None = None  # 1-minute load average when the run started
    drain_s: float | None = None  # time the workers took to finish wrk's leftovers
    verdicts: list = field(default_factory=list)


def wrk(wrk_bin, port, page: Page, *, cookie, duration, connections, threads, timeout, paths_file):
    cmd = [
        wrk_bin, "-t", str(threads), "-c", str(connections), "-d", f"{duration}s",
        "--timeout", f"{timeout}s", "-s", WRK_SCRIPT,
        "-H", f"Host: {HOST}", "-H", "X-Forwarded-Proto: https",
    ]  # fmt: skip
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    cmd.append(f"http://{HOST}:{port}{page.path}")
    if paths_file:
        cmd += ["--", paths_file]
    completed = run(cmd, timeout=duration + timeout + 60)
    for line in completed.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line[len("BENCH_JSON ") :])
    raise BenchError(
        f"wrk printed no result for {page.path}:\n{completed.stdout}{completed.stderr}"
    )


def check_pages(server: Gunicorn, pages: list[Page], cookies: dict) -> list[tuple[str, int, str]]:
    """Every URL once with a plain request: (url, status, note) of those not 200."""
    bad = []
    log("\nPlain requests (must answer 200):")
    for page in pages:
        cookie = cookies.get(page.role)
        for path in page.paths[:10]:
            started = time.monotonic()
            try:
                status, body, headers = http_get(server.port, path, cookie=cookie, timeout=120)
            except OSError as error:
                status, body, headers = 0, b"", {"error": str(error)}
            ms = (time.monotonic() - started) * 1000
            if path == page.path:
                size_kb = len(body) / 1024
                log(f"  {status} {ms:7.0f} ms {size_kb:7.1f} KB  {page.role or '-':<9} {path}")
            if status != 200:
                note = headers.get("Location") or headers.get("error") or _title(body)
                bad.append((path, status, f"as {page.role or 'anonymous'}: {note}"))
                if path != page.path:
                    log(f"  {status} {ms:7.0f} ms  {page.role or '-':<9} {path}")
    return bad


def _title(body: bytes) -> str:
    """What a refusal says: the page's <title>, else the start of the body."""
    text = body.decode(errors="replace")
    found = re.search(r"<title>(.*?)</title>", text, re.S | re.I)
    return " ".join((found.group(1) if found else text[:200]).split())


def measure_size(size, args, env, wrk_bin, log_file) -> dict:
    timings = {}
    if not args.no_setup:
        timings = setup_database(size, env, seed=args.seed, log_file=log_file)
    redis_flush()
    log(f"Redis db {REDIS_DB} flushed.")

    roles = DEMO_ROLES if args.seed == "demo" else ROLES
    data = child(env, "prepare", {"roles": roles, "demo": args.seed == "demo"}, timeout=600)
    log("Data:")
    for name, value in data["counts"].items():
        log(f"  {name:<50} {value:>10,}")
    cookies = {role: f"{data['cookie_name']}={value}" for role, value in data["cookies"].items()}
    pages = build_pages(data)
    if args.pages:
        pattern = re.compile(args.pages)
        pages = [p for p in pages if p.key == "constant" or pattern.search(p.key)]

    results = {}
    with Gunicorn(env, WORK_DIR / "gunicorn.log") as server:
        bad = check_pages(server, pages, cookies)
        if bad:
            log("\n!!! URLs that did not answer 200:")
            for path, status, note in bad:
                log(f"!!!   {status} {path} {note}")
            if not args.keep_going:
                raise BenchError(
                    "some URLs did not answer 200 (see above; --keep-going skips them)"
                )
            skipped = {path for path, *_ in bad}
            pages = [p for p in pages if p.key == "constant" or p.path not in skipped]

        log("\nSQL queries of one request, cache off ...")
        payload = {
            "roles": roles,
            "pages": [{"key": p.key, "role": p.role, "path": p.path} for p in pages],
        }
        queries = child(env, "queries", payload, timeout=1800)

        log(
            f"\nwrk: {args.connections} connections, {args.threads} threads, "
            f"{args.warmup} s warm-up + {args.duration} s per page"
        )
        baseline_rps = None
        for page in pages:
            paths_file = None
            if len(page.paths) > 1:
                paths_file = WORK_DIR / f"paths-{re.sub(r'[^a-z0-9]+', '-', page.key)}.txt"
                paths_file.write_text("\n".join(page.paths) + "\n")
            options = {
                "cookie": cookies.get(page.role),
                "connections": args.connections,
                "threads": args.threads,
                "timeout": args.timeout,
                "paths_file": paths_file,
            }
            if args.warmup > 0:
                wrk(wrk_bin, server.port, page, duration=args.warmup, **options)
                server.drain()
            load = os.getloadavg()[0]
            out = wrk(wrk_bin, server.port, page, duration=args.duration, **options)
            drained = server.drain()
            result = Result(page.key, page.group, page.label, page.role)
            result.load = round(load, 2)
            result.drain_s = round(drained, 1)
            result.rps = out["rps"]
            if page.group == "baseline":
                baseline_rps = out["rps"] or None
            result.share = 100 * out["rps"] / baseline_rps if baseline_rps else 0.0
            result.p50_ms, result.p95_ms, result.p99_ms = (
                out[k] / 1000 for k in ("p50_us", "p95_us", "p99_us")
            )
            result.requests = out["requests"]
            socket_errors = out["connect"] + out["read"] + out["write"] + out["timeout"]
            result.errors = socket_errors + out["not_200"]
            parts = [f"{k} {out[k]}" for k in ("connect", "read", "write", "timeout", "not_200")]
            result.error_detail = ", ".join(p for p in parts if not p.endswith(" 0"))
            result.kb = out["bytes"] / out["requests"] / 1024 if out["requests"] else 0.0
            counted = queries.get(page.key, {})
            result.queries, result.sql_ms = counted.get("queries"), counted.get("sql_ms")
            result.status = counted.get("status")
            result.peak_mb = server.peak_worker_mb()
            results[page.key] = result
            log(
                f"  {page.key:<20} {result.rps:8.1f} rps {result.share:6.1f} %  "
                f"p50 {result.p50_ms:7.1f}  p95 {result.p95_ms:7.1f}  p99 {result.p99_ms:7.1f} ms  "
                f"err {result.errors:<4} {result.kb:6.1f} KB  SQL {result.queries}  "
                f"worker {result.peak_mb or 0:.0f} MB  load {load:.1f}  drain {drained:.1f} s"
            )
    return {
        "size": size,
        "timings": timings,
        "data": {k: v for k, v in data.items() if k not in ("cookies", "report_codes")},
        "report_codes": len(data["report_codes"]),
        "queries": queries,
        "results": results,
    }


# --- Targets and tables -------------------------------------------------------------------


def evaluate(runs: list[dict]) -> list[dict]:
    """Every target checked: {size, page, target, value, ok}; also marks results."""
    checks = []

    def check(size, result, target, value, ok):
        checks.append(
            {"size": size, "page": result.key, "target": target, "value": value, "ok": ok}
        )
        if not ok:
            result.verdicts.append(target)

    for size_run in runs:
        size = size_run["size"]
        for r in size_run["results"].values():
            if not r.requests:
                check(size, r, "requests completed", "none in the run", False)
            if r.errors:
                check(size, r, "no errors", r.error_detail, False)
            if r.group == "anon":
                check(
                    size,
                    r,
                    f">= {ANON_SHARE:g} % of baseline",
                    f"{r.share:.1f} %",
                    r.share >= ANON_SHARE,
                )
                check(
                    size,
                    r,
                    f"p95 < {ANON_P95_MS:g} ms",
                    f"{r.p95_ms:.0f} ms",
                    r.p95_ms < ANON_P95_MS,
                )
            elif r.group == "search":
                check(
                    size,
                    r,
                    f"p95 < {SEARCH_P95_MS:g} ms",
                    f"{r.p95_ms:.0f} ms",
                    r.p95_ms < SEARCH_P95_MS,
                )
            elif r.group == "user":
                check(
                    size,
                    r,
                    f">= {USER_SHARE:g} % of baseline",
                    f"{r.share:.1f} %",
                    r.share >= USER_SHARE,
                )
                check(
                    size,
                    r,
                    f"p95 < {USER_P95_MS:g} ms",
                    f"{r.p95_ms:.0f} ms",
                    r.p95_ms < USER_P95_MS,
                )
            if r.peak_mb is not None:
                check(
                    size, r, f"worker peak < {WORKER_PEAK_MB:g} MB", f"{r.peak_mb:.0f} MB",
                    r.peak_mb < WORKER_PEAK_MB,
                )  # fmt: skip
            if size >= MILLION and r.group != "baseline":
                check(size, r, "p95 < 1 s at 1M", f"{r.p95_ms:.0f} ms", r.p95_ms < MILLION_P95_MS)
                if r.key == "home":
                    check(
                        size, r, f"home >= {MILLION_HOME_SHARE:g} % at 1M", f"{r.share:.1f} %",
                        r.share >= MILLION_HOME_SHARE,
                    )  # fmt: skip
    if len(runs) >= 2:
        small, large = runs[0], runs[-1]
        span = f"{_size(small['size'])}→{_size(large['size'])}"
        for key, r_large in large["results"].items():
            r_small = small["results"].get(key)
            if r_small is None or r_large.group == "baseline":
                continue
            ratio = r_large.p95_ms / r_small.p95_ms if r_small.p95_ms else math.inf
            check(
                large["size"], r_large, f"p95 ratio {span} <= {SCALE_P95_RATIO:g}",
                f"{ratio:.2f}", ratio <= SCALE_P95_RATIO,
            )  # fmt: skip
            check(
                large["size"], r_large, f"same SQL count {span}",
                f"{r_small.queries} → {r_large.queries}", r_small.queries == r_large.queries,
            )  # fmt: skip
    return checks


def _size(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return f"{n:,}"


def _fmt(value, spec="", none="–"):
    return none if value is None else format(value, spec)


def size_table(size_run: dict) -> str:
    lines = [
        "| page | URL | as | req/s | % of baseline | p50 ms | p95 ms | p99 ms | errors | KB | SQL "
        "| SQL ms | worker peak MB | load | targets |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in size_run["results"].values():
        verdict = "–" if r.group in ("baseline", "other") and not r.verdicts else "pass"
        if r.verdicts:
            verdict = "FAIL: " + "; ".join(r.verdicts)
        url = r.url.replace("|", "\\|")
        lines.append(
            f"| {r.key} | `{url}` | {r.role or 'anonymous'} | {r.rps:.1f} | {r.share:.1f} "
            f"| {r.p50_ms:.1f} | {r.p95_ms:.1f} | {r.p99_ms:.1f} | {r.errors} | {r.kb:.1f} "
            f"| {_fmt(r.queries)} | {_fmt(r.sql_ms, '.1f')} | {_fmt(r.peak_mb, '.0f')} "
            f"| {_fmt(r.load, '.1f')} | {verdict} |"
        )
    return "\n".join(lines)


def comparison_table(runs: list[dict]) -> str:
    sizes = [_size(run["size"]) for run in runs]
    head = ["page", *(f"p95 ms {s}" for s in sizes)]
    if len(runs) >= 2:
        head.append(f"p95 ratio {sizes[0]}→{sizes[-1]}")
    head += [f"SQL {s}" for s in sizes]
    if len(runs) >= 2:
        head.append("SQL count")
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    for key in runs[0]["results"]:
        rows = [run["results"].get(key) for run in runs]
        cells = [key, *(_fmt(r and r.p95_ms, ".1f") for r in rows)]
        if len(runs) >= 2:
            first, last = rows[0], rows[-1]
            ratio = last.p95_ms / first.p95_ms if first and last and first.p95_ms else None
            cells.append(_fmt(ratio, ".2f"))
        counts = [r.queries if r else None for r in rows]
        cells += [_fmt(c) for c in counts]
        if len(runs) >= 2:
            cells.append("same" if len(set(counts)) == 1 else "CHANGED")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets_text(checks: list[dict]) -> str:
    failed = [c for c in checks if not c["ok"]]
    lines = [f"{len(checks) - len(failed)} of {len(checks)} target checks pass."]
    if failed:
        lines += ["", "| size | page | target | value |", "|---|---|---|---:|"]
        lines += [
            f"| {_size(c['size'])} | {c['page']} | {c['target']} | {c['value']} |" for c in failed
        ]
    return "\n".join(lines)


TARGETS_DOC = (
    f"Targets: anonymous pages (home tabs, category chip, report page, map data, Open311, "
    f"feeds) >= {ANON_SHARE:g} % of the baseline's req/s and p95 < {ANON_P95_MS:g} ms; "
    f"search and deep page p95 < {SEARCH_P95_MS:g} ms; logged-in pages (personal list, "
    f"triage tabs, moderation queue, admin lists) >= {USER_SHARE:g} % of the baseline and "
    f"p95 < {USER_P95_MS:g} ms; from the smallest to the largest size a p95 ratio <= "
    f"{SCALE_P95_RATIO:g} and the same SQL count; every worker's peak memory < "
    f"{WORKER_PEAK_MB:g} MB; at 1,000,000 reports every page p95 < 1 s and the home page >= "
    f"{MILLION_HOME_SHARE:g} %; no errors anywhere. `stats` has no target of its own."
)


# --- Machine and RESULTS.md -----------------------------------------------------------------


def machine() -> dict:
    info = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "load": " ".join(f"{n:.2f}" for n in os.getloadavg()),
    }
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["ram"] = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        info["postgresql"] = psql("SHOW server_version")
    except (BenchError, subprocess.TimeoutExpired):
        info["postgresql"] = "?"
    try:
        server = redis_command("INFO", "server")
        info["redis"] = re.search(r"redis_version:(\S+)", server).group(1)
    except (OSError, AttributeError, ValueError):
        info["redis"] = "?"
    try:
        commit = run(["git", "rev-parse", "--short", "HEAD"], timeout=30).stdout.strip()
        dirty = run(["git", "status", "--porcelain"], timeout=60).stdout.strip()
        info["commit"] = commit + ("+dirty" if dirty else "")
    except (BenchError, subprocess.TimeoutExpired):
        info["commit"] = "?"
    try:
        wrk_version = run(["wrk", "-v"], timeout=10, check=False)
        info["wrk"] = (wrk_version.stdout + wrk_version.stderr).split()[1]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        info["wrk"] = "?"
    return info


RESULTS_HEADER = """# Benchmark results

Written by `bench/run.py` (`make bench`, `make bench N=1000000`); newest run first.
Each run: production settings (`bench.settings`), gunicorn with 3 sync workers,
PostgreSQL and Redis on the same machine, wrk on the same machine too.
"""
KEEP_RUNS = 10


def write_results(path: Path, section: str) -> None:
    old_runs = []
    if path.exists():
        text = path.read_text()
        old_runs = re.split(r"\n(?=## Run )", text)[1:]
    body = "\n".join([section.rstrip() + "\n", *old_runs[: KEEP_RUNS - 1]]).rstrip() + "\n"
    path.write_text(RESULTS_HEADER + "\n" + body)


def results_section(started, args, info, runs, checks, photos) -> str:
    sizes = ", ".join(f"{run['size']:,}" for run in runs)
    lines = [
        f"## Run {started:%Y-%m-%d %H:%M} UTC: {sizes} reports",
        "",
        f"- Machine: {info.get('nproc')} CPUs ({info.get('cpu', '?')}), "
        f"{info.get('ram', '?')} RAM; "
        f"PostgreSQL {info.get('postgresql')}, Redis {info.get('redis')}, wrk {info.get('wrk')}, "
        f"Python {info.get('python')}; load average at the start {info.get('load')} "
        "(`load` below: the 1-minute load average when each page's run started; the benchmark "
        "shares the machine with whatever else runs)",
        f"- Commit: `{info.get('commit')}`",
        f"- Parameters: `--sizes {','.join(str(r['size']) for r in runs)} "
        f"--duration {args.duration} "
        f"--connections {args.connections} --threads {args.threads} --warmup {args.warmup}"
        f"{' --seed demo' if args.seed == 'demo' else ''}`; {WORKERS} gunicorn sync workers; "
        "SQL counted with the cache off (DummyCache); worker peak = VmHWM of the biggest worker "
        "after the page's run.",
    ]
    for run_ in runs:
        timings = run_["timings"]
        seed = timings.get("seed_bench", timings.get("seed (demo_reports)"))
        data = run_["data"]
        lines += [
            "",
            f"### {run_['size']:,} reports",
            "",
            (f"Seeding: {seed:.0f} s; " if seed is not None else "")
            + (f"database set up in {sum(timings.values()):.0f} s. " if timings else "")
            + f"Report pages rotate among {run_['report_codes']} codes; search `{data['search']}` "
            f"({data['search_matches']:,} matches); deep page {data['deep_page']} of "
            f"{data['last_page']:,}; category `{data['category']}`, ward `{data['ward']}`.",
            "",
            size_table(run_),
        ]
    lines += ["", "### Comparison", "", comparison_table(runs), "", "### Targets", ""]
    lines += [TARGETS_DOC, "", targets_text(checks)]
    if photos:
        lines += ["", "### Photo re-encoding (`reports.media.inspect_upload`)", "", photos]
    return "\n".join(lines) + "\n"


# --- Main -------------------------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="report counts, comma separated")
    parser.add_argument("--duration", type=int, default=10, help="seconds per page (default 10)")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up seconds per page")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--timeout", type=int, default=10, help="wrk's request timeout, s")
    parser.add_argument("--pages", help="only the pages whose key matches this regex")
    parser.add_argument("--results", default=str(RESULTS_MD), help="Markdown file to update")
    parser.add_argument("--no-results", action="store_true", help="do not write RESULTS.md")
    parser.add_argument("--no-photos", action="store_true", help="skip bench/photos.py")
    parser.add_argument(
        "--keep-going", action="store_true", help="skip URLs that do not answer 200"
    )
    parser.add_argument(
        "--no-setup", action="store_true", help="reuse phananh_bench as it is (one size only)"
    )
    parser.add_argument(
        "--seed",
        choices=("bench", "demo"),
        default="bench",
        help="demo: demo_reports and the demo accounts instead of seed_bench (runner development)",
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.size_list = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if not args.size_list or any(n < 1 for n in args.size_list):
        parser.error("--sizes needs positive numbers")
    if args.no_setup and len(args.size_list) > 1:
        parser.error("--no-setup reuses one database: give one size")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.child:
        name, source, target = args.child
        result = CHILDREN[name](json.loads(Path(source).read_text()))
        Path(target).write_text(json.dumps(result, default=str))
        return 0

    def interrupted(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    started = datetime.now(UTC)
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    (WORK_DIR / "media").mkdir(exist_ok=True)
    try:
        ensure_services()
        wrk_bin = ensure_wrk()
        if args.seed == "bench" and not (BENCH_DIR / "management/commands/seed_bench.py").exists():
            raise BenchError("bench/management/commands/seed_bench.py is missing (--seed demo?)")
        env = bench_env(secrets.token_urlsafe(64))  # one random key per run
        info = machine()
        log(f"Machine: {info}")
        runs = []
        for size in args.size_list:
            log(f"\n===== {size:,} reports =====")
            log_file = WORK_DIR / f"setup-{size}.log"
            log_file.write_text("")
            runs.append(measure_size(size, args, env, wrk_bin, log_file))
        checks = evaluate(runs)

        photos_md = ""
        if not args.no_photos:
            log("\nPhoto re-encoding (bench/photos.py) ...")
            photos_json = WORK_DIR / "photos.json"
            run([PY, BENCH_DIR / "photos.py", "--json", photos_json], env=env, timeout=1800)
            photos_md = _photos_markdown(json.loads(photos_json.read_text()))

        for run_ in runs:
            log(f"\n### {run_['size']:,} reports\n\n{size_table(run_)}")
        log(f"\n### Comparison\n\n{comparison_table(runs)}")
        log(f"\n### Targets\n\n{TARGETS_DOC}\n\n{targets_text(checks)}")
        if photos_md:
            log(f"\n### Photo re-encoding\n\n{photos_md}")

        raw = WORK_DIR / f"results-{started:%Y%m%d-%H%M%S}.json"
        raw.write_text(
            json.dumps(
                {
                    "started": started.isoformat(),
                    "machine": info,
                    "runs": [
                        {**r, "results": {k: asdict(v) for k, v in r["results"].items()}}
                        for r in runs
                    ],
                    "checks": checks,
                },
                indent=1,
                default=str,
            )
        )
        log(f"\nRaw results: {raw.relative_to(BASE_DIR)}")
        if not args.no_results:
            write_results(
                Path(args.results), results_section(started, args, info, runs, checks, photos_md)
            )
            log(f"Updated {args.results}")
        return 0
    except BenchError as error:
        log(f"\nBENCHMARK BROKEN: {error}")
        return 1
    except subprocess.TimeoutExpired as error:
        log(f"\nBENCHMARK BROKEN: timed out: {error}")
        return 1
    except KeyboardInterrupt:
        log("\nInterrupted.")
        return 130


def _photos_markdown(result: dict) -> str:
    sys.path.insert(0, str(BENCH_DIR))
    import photos  # bench/photos.py, the same table it prints

    return photos.markdown(result)


if __name__ == "__main__":
    sys.exit(main())
