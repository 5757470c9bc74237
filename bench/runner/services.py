"""Commands, PostgreSQL, Redis and wrk: checked, started when they can be, the database set up."""

# ruff: noqa: S603, S607 - the runner runs the project's own commands and system tools

import os
import shutil
import socket
import subprocess  # nosec B404 # PostgreSQL, Redis and wrk tools, fixed arguments
import time
from pathlib import Path

from .common import BASE_DIR, DB_NAME, HOST, PG, PY, REDIS_DB, WORK_DIR, BenchError, log

REDIS_TIMEOUT = 10  # seconds for one exchange with Redis, reply included


def run(cmd, *, timeout: float, env=None, log_file: Path | None = None, check=True, **kwargs):
    """Run a command with a timeout; its output goes to `log_file` (or is captured)."""
    started = time.monotonic()
    if log_file is not None:
        with log_file.open("a") as out:
            out.write(f"\n$ {' '.join(map(str, cmd))}\n")
            out.flush()
            completed = subprocess.run(  # nosec B603 # argument lists built here, no shell
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
        completed = subprocess.run(  # nosec B603 # argument lists built here, no shell
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
    return subprocess.run(["pg_isready", *PG[:4], "-q"], timeout=10, check=False).returncode == 0  # nosec B603 B607 # PostgreSQL's own client from PATH


def _redis_up() -> bool:
    try:
        reply = _redis_exchange(b"PING\r\n", lambda reply: b"\r\n" in reply, timeout=2)
    except OSError:
        return False
    return reply.startswith(b"+PONG")


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


def _redis_exchange(request: bytes, complete, *, timeout: float = REDIS_TIMEOUT) -> bytes:
    """Send `request` (inline protocol) and read until `complete(reply)`, all within
    `timeout`: a socket's timeout bounds each recv, not a reply that trickles in."""
    deadline = time.monotonic() + timeout
    with socket.create_connection((HOST, 6379), timeout=timeout) as sock:
        sock.sendall(request)
        reply = b""
        while not complete(reply):
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"Redis: no whole reply within {timeout:g} s")
            sock.settimeout(left)
            chunk = sock.recv(65536)
            if not chunk:
                break
            reply += chunk
    return reply


def _whole_reply(reply: bytes) -> bool:
    """One Redis reply read to its end: a line, or a bulk string of the length it announces."""
    head, crlf, _ = reply.partition(b"\r\n")
    if not crlf:
        return False
    if head.startswith(b"$"):  # $<length>\r\n<data>\r\n; $-1: nil
        return len(reply) >= len(head) + 2 + int(head[1:]) + 2
    return True


def redis_command(*args: str) -> str:
    """One Redis command: the bulk string it answers, else the reply's first line."""
    reply = _redis_exchange((" ".join(args) + "\r\n").encode(), _whole_reply)
    head, _, rest = reply.partition(b"\r\n")
    if head.startswith(b"$"):
        return rest[: int(head[1:])].decode(errors="replace")
    return head.decode(errors="replace")


def redis_flush() -> None:
    """FLUSHDB of the benchmark's Redis database (the cache and the broker queue)."""
    try:
        reply = _redis_exchange(
            f"SELECT {REDIS_DB}\r\nFLUSHDB\r\n".encode(), lambda reply: reply.count(b"\r\n") >= 2
        )
    except OSError as error:
        raise BenchError(f"Redis FLUSHDB of db {REDIS_DB} failed: {error}") from error
    if reply != b"+OK\r\n+OK\r\n":
        raise BenchError(f"Redis FLUSHDB of db {REDIS_DB} failed: {reply!r}")


def bench_env(secret_key: str) -> dict:
    """The environment of every Django process: production settings on the bench services."""
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
        ("demo_accounts", ["demo_accounts", "--not-in-production"], 300),
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
