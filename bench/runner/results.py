"""What a run leaves behind: the machine described, bench/RESULTS.md, the raw JSON, photos."""

import json
import os
import platform
import re
import subprocess  # nosec B404 # git and version queries, fixed arguments
from dataclasses import asdict
from pathlib import Path

from bench import photos

from .common import BASE_DIR, BENCH_DIR, PY, WORK_DIR, WORKERS, BenchError
from .measure import warmup_text
from .server import MEMORY_EVERY
from .services import psql, redis_command, run
from .targets import TARGETS_DOC, comparison_table, size_table, targets_text

RESULTS_MD = BENCH_DIR / "RESULTS.md"
RESULTS_HEADER = """# Benchmark results

Written by `python -m bench.runner` (`make bench`, `make bench N=1000000`) and by
`python -m bench.soak` (`make soak`, the runs marked "soak"); newest run first.
Each run: production settings (`bench.settings`), gunicorn with 3 sync workers,
PostgreSQL and Redis on the same machine, wrk or locust on the same machine too.
"""
KEEP_RUNS = 10


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


def measure_photos(env: dict) -> str:
    """bench/photos.py's table; run as a script of its own, since it needs Pillow and Django."""
    photos_json = WORK_DIR / "photos.json"
    run([PY, BENCH_DIR / "photos.py", "--json", photos_json], env=env, timeout=1800)
    return photos.markdown(json.loads(photos_json.read_text()))


def write_raw(started, info, runs, checks) -> Path:
    """Everything measured, as JSON in var/bench/; the path written."""
    raw = WORK_DIR / f"results-{started:%Y%m%d-%H%M%S}.json"
    raw.write_text(
        json.dumps(
            {
                "started": started.isoformat(),
                "machine": info,
                "runs": [
                    {**r, "results": {k: asdict(v) for k, v in r["results"].items()}} for r in runs
                ],
                "checks": checks,
            },
            indent=1,
            default=str,
        )
    )
    return raw.relative_to(BASE_DIR)


def write_results(path: Path, section: str) -> None:
    """`section` on top of the KEEP_RUNS - 1 newest runs already in the file."""
    old_runs = []
    if path.exists():
        text = path.read_text()
        old_runs = re.split(r"\n(?=## Run )", text)[1:]
    body = "\n".join([section.rstrip() + "\n", *old_runs[: KEEP_RUNS - 1]]).rstrip() + "\n"
    path.write_text(RESULTS_HEADER + "\n" + body)


def results_section(started, args, info, runs, checks, photos_md) -> str:
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
        f"{' --seed demo' if args.seed == 'demo' else ''}`; {warmup_text(args.warmup)}; "
        f"{WORKERS} gunicorn sync workers; SQL counted with the cache off (DummyCache), "
        "and `cold ms` is that one request's time "
        "in-process: what a page costs when it is not in the cache (the first request after "
        "a write, for the signed-in pages); "
        "worker peak = the highest VmHWM a worker reached until the end of the page's run "
        f"(read every {MEMORY_EVERY:g} s, replaced workers included).",
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
            f"{data['last_page']:,}; category `{data['category']}`, ward `{data['ward']}`; "
            f"the statistics page's figures took {data['statistics_seconds']} s to compute "
            "(in Celery, never in a request).",
            "",
            size_table(run_),
        ]
    lines += ["", "### Comparison", "", comparison_table(runs), "", "### Targets", ""]
    lines += [TARGETS_DOC, "", targets_text(checks)]
    if photos_md:
        lines += ["", "### Photo re-encoding (`reports.media.inspect_upload`)", "", photos_md]
    return "\n".join(lines) + "\n"
