"""The portal's benchmark: production settings, gunicorn, PostgreSQL, Redis, wrk.

    .venv/bin/python -m bench.runner --sizes 10000,100000     # make bench
    .venv/bin/python -m bench.runner --sizes 1000000          # make bench N=1000000

For each size: a fresh database `phananh_bench` seeded by `seed_bench`, a
gunicorn with 3 sync workers, and every page measured with wrk (32
connections, 2 threads, 2 s warm-up then --duration seconds; the report page,
which rotates among 300 paths, is warmed up by one request to each path
instead) against the constant view /bench/constant/, the framework's ceiling
on this machine. For each page also the SQL queries of one request with the
cache off, and the peak memory of the biggest worker. Then tables per size, a
comparison between sizes, the targets marked pass or fail, and
bench/RESULTS.md (newest run first), with the photo re-encoding measurement of
bench/photos.py.

Failed targets are reported, not fatal: the exit status is 0 unless something
broke (a service that cannot start, a command that fails, a page that does
not answer 200). Only the standard library is used in this process; Django
code runs in subprocesses (bench/runner/django_side.py).

    common.py       paths, service addresses, log(), BenchError
    pages.py        the pages and the accounts they are seen as
    services.py     commands, PostgreSQL, Redis, wrk; the database set up
    server.py       gunicorn, plain requests, the workers' memory
    django_side.py  the Django subprocesses: cookies and URLs, SQL counts
    measure.py      one size measured
    targets.py      the targets checked, the tables
    results.py      the machine, RESULTS.md, the raw JSON, photos
"""

import argparse
import secrets
import signal
import subprocess  # nosec B404 # the runner starts the portal's own processes
import sys
from datetime import UTC, datetime
from pathlib import Path

from .common import BENCH_DIR, WORK_DIR, BenchError, log
from .measure import measure_size
from .results import (
    RESULTS_MD,
    machine,
    measure_photos,
    results_section,
    write_raw,
    write_results,
)
from .services import bench_env, ensure_services, ensure_wrk
from .targets import TARGETS_DOC, comparison_table, evaluate, size_table, targets_text


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m bench.runner", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--sizes", default="10000,100000", help="report counts, comma separated")
    parser.add_argument("--duration", type=int, default=10, help="seconds per page (default 10)")
    parser.add_argument(
        "--warmup",
        type=int,
        default=2,
        help="warm-up seconds of wrk per page (a page rotating among several paths: each path "
        "requested once instead); 0: no warm-up",
    )
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
    args = parser.parse_args(argv)
    args.size_list = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if not args.size_list or any(n < 1 for n in args.size_list):
        parser.error("--sizes needs positive numbers")
    if args.no_setup and len(args.size_list) > 1:
        parser.error("--no-setup reuses one database: give one size")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)

    def interrupted(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    # SIGTERM as Ctrl-C, so that gunicorn is stopped on the way out.
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
            photos_md = measure_photos(env)

        for run_ in runs:
            log(f"\n### {run_['size']:,} reports\n\n{size_table(run_)}")
        log(f"\n### Comparison\n\n{comparison_table(runs)}")
        log(f"\n### Targets\n\n{TARGETS_DOC}\n\n{targets_text(checks)}")
        if photos_md:
            log(f"\n### Photo re-encoding\n\n{photos_md}")

        log(f"\nRaw results: {write_raw(started, info, runs, checks)}")
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


if __name__ == "__main__":
    sys.exit(main())
