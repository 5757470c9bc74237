"""The soak run: the production stack under mixed load while its parts fail.

    .venv/bin/python -m bench.soak [--duration 60] [--users 100]     # make soak

A fresh database `phananh_soak` (seed_bench's 2,000 reports, soak_seed's
accounts), then gunicorn (production settings), a Celery worker and beat, an
SMS gateway stand-in and locust, each in its own process. While locust runs,
Redis is stopped for 20 s, the worker is killed with SIGKILL and restarted,
PostgreSQL is restarted, and the gateway answers 500 for 20 s, then slowly.
After the load, the runner waits for the outbox to empty, compares what the
server acknowledged with what was stored and sent (manage.py soak_check), and
writes the figures to bench/RESULTS.md. The exit status is 1 when a promise
failed: a 5xx outside a fault window, a stack trace, an acknowledged write
missing, an SMS lost or delivered twice.

    stack.py     the worker, beat, the SMS stand-in and locust as processes
    gateway.py   the SMS stand-in      faults.py   the faults and recovery times
    locustfile.py, html_forms.py  the simulated people   summary.py  the figures
"""

import argparse
import json
import secrets
import shutil
import sys
import time
from datetime import UTC, datetime

from bench.runner.common import BASE_DIR, PG, PY, WORK_DIR, BenchError, log
from bench.runner.results import RESULTS_MD, machine, write_results
from bench.runner.server import Gunicorn, free_port
from bench.runner.services import bench_env, ensure_services, manage, psql, run

from . import stack
from .faults import Injector
from .summary import latency, markdown, requests_figures

DB_NAME = "phananh_soak"
REDIS_DB = 10
SEED_REPORTS = 2000
GATEWAY_TIMEOUT = 5  # the portal's SMS_GATEWAY_TIMEOUT in the run; "slow" is longer
DRAIN_LIMIT = 300  # seconds the outbox may take to empty after the load


def parse_args(argv):
    summary = __doc__.split("\n\n")[0]
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=summary)
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (default 60)")
    parser.add_argument("--users", type=int, default=100, help="simulated people (default 100)")
    parser.add_argument("--no-results", action="store_true", help="do not write RESULTS.md")
    parser.add_argument(
        "--no-faults", action="store_true", help="the load alone (a baseline; not for RESULTS.md)"
    )
    args = parser.parse_args(argv)
    args.workers = 3
    return args


def soak_env(work, gateway_url: str, token: str) -> dict:
    env = bench_env(secrets.token_urlsafe(64))
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
        REDIS_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
        MEDIA_ROOT=str(work / "media"),
        SMS_BACKEND="accounts.sms.backends.http.SmsBackend",
        SMS_GATEWAY_URL=gateway_url + "/",
        SMS_GATEWAY_TOKEN=token,
        SMS_GATEWAY_TIMEOUT=str(GATEWAY_TIMEOUT),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        OUTBOX_SWEEP_SECONDS="15",
        BENCH_SECURE_COOKIES="false",
    )
    return env


def set_up(env, work, log_file) -> None:
    log(f"Database {DB_NAME}: dropped, created, seeded ({SEED_REPORTS:,} reports)")
    run(["dropdb", *PG, "--if-exists", "--force", DB_NAME], timeout=120)
    run(["createdb", *PG, DB_NAME], timeout=60)
    for args in (
        ["migrate", "--noinput"],
        ["collectstatic", "--noinput", "--verbosity", "0"],
        ["setup_roles"],
        ["demo_accounts", "--not-in-production"],
        ["load_admin_units", "--province", "44"],
        ["load_reference_data"],
        ["seed_bench", "--reports", str(SEED_REPORTS)],
        ["soak_seed", "--out", str(work)],
    ):
        manage(env, *args, timeout=1200, log_file=log_file)
    psql("VACUUM ANALYZE", database=DB_NAME, timeout=600)


def django_json(env, *args) -> dict:
    completed = run([PY, "manage.py", "soak_check", *args], env=env, timeout=600)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def drain(env, limit: float = DRAIN_LIMIT) -> float | None:
    """Seconds until no SMS waits in the outbox (the sweep runs every 15 s)."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if django_json(env, "--pending")["pending"] == 0:
            return time.monotonic() - started
        time.sleep(5)
    return None


def soak(args) -> tuple[str, bool]:
    ensure_services()
    stack.ensure_locust()
    work = WORK_DIR.parent / "soak"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    log_file = work / "setup.log"
    token = secrets.token_urlsafe(16)
    gateway_port = free_port()
    gateway_url = f"http://127.0.0.1:{gateway_port}"
    env = soak_env(work, gateway_url, token)
    set_up(env, work, log_file)

    started = datetime.now(UTC)
    processes = [stack.gateway(gateway_port, work).start()]
    try:
        with Gunicorn(env, work / "gunicorn.log") as web:
            worker = stack.worker(env, work / "worker.log").start()
            beat = stack.beat(env, work / "beat.log", work / "beat-schedule").start()
            processes += [worker, beat]
            worker.wait_for_line("ready.", timeout=120)
            slow = GATEWAY_TIMEOUT + 2  # past the portal's timeout: it retries what was taken
            injector = Injector(
                port=web.port, worker=worker, gateway_url=gateway_url, slow_delay=slow
            )
            load = stack.locust(
                host=f"http://127.0.0.1:{web.port}",
                users=args.users,
                seconds=args.duration,
                work=work,
                gateway_url=gateway_url,
            ).start()
            processes.append(load)
            log(f"Load: {args.users} users for {args.duration} s; faults as they come:")
            if args.no_faults:
                injector.faults = []
            injector.load_started = time.time()
            injector.start()
            # At least --duration, and until the faults users see are over.
            injector.users_done.wait(timeout=args.duration + 300)
            time.sleep(max(0.0, injector.load_started + args.duration - time.time()))
            load.stop(timeout=60)  # SIGTERM: locust lets users finish, then writes its files
            injector.join(timeout=180)
            if injector.error:
                raise BenchError(f"fault injection failed: {injector.error}")
            log("Load over; waiting for the outbox to empty ...")
            drained = drain(env)
            check = django_json(
                env,
                "--acks", str(work / "acks.jsonl"), "--gateway-log", str(work / "gateway.jsonl"),
                "--since", str(started.timestamp()), "--token", token,
            )  # fmt: skip
    finally:
        for process in reversed(processes):
            process.stop()
        ensure_services()  # whatever a fault left stopped is started again

    requests = [json.loads(line) for line in (work / "requests.jsonl").read_text().splitlines()]
    figures = {
        "requests": requests_figures(requests, injector.faults),
        "latency": latency(work),
        "load_started": injector.load_started,
        "outbox_drained_after": drained,
    }
    (work / "figures.json").write_text(json.dumps({"figures": figures, "check": check}, indent=1))
    section = markdown(started, args, machine(), figures, injector.faults, check)
    sub, sms = check["submissions"], check["sms"]
    kept = (
        figures["requests"]["errors_outside_faults"] == 0
        and figures["requests"]["stack_traces"] == 0
        and sub["acknowledged"] == sub["stored_whole"]
        and sms["lost"] == 0
        and sms["delivered_twice"] == 0
        and drained is not None
        and all(
            check[kind]["acknowledged"] == check[kind]["stored"]
            for kind in ("drafts", "comments", "likes", "signups")
        )
    )
    return section, kept


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        section, kept = soak(args)
    except BenchError as error:
        log(f"Soak run failed: {error}")
        return 2
    log(section)
    if not (args.no_results or args.no_faults):
        write_results(RESULTS_MD, section)
        log(f"Written to {RESULTS_MD.relative_to(BASE_DIR)}")
    log("Every promise held." if kept else "A promise failed: see the figures above.")
    return 0 if kept else 1


if __name__ == "__main__":
    sys.exit(main())
