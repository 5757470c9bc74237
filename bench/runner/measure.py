"""Measuring one size: the database, the pages checked, their SQL counted, wrk on each."""

import json
import os
import re
import time
from dataclasses import dataclass, field

from .common import BENCH_DIR, HOST, REDIS_DB, WORK_DIR, BenchError, log
from .django_side import child
from .pages import DEMO_ROLES, ROLES, Page, build_pages
from .server import Gunicorn, http_get
from .services import redis_flush, run, setup_database

WRK_SCRIPT = BENCH_DIR / "wrk.lua"


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
    cold_ms: float | None = None  # one request with every cache off: a miss after a write
    peak_mb: float | None = None
    status: int | None = None
    load: float | None = None  # 1-minute load average when the run started
    drain_s: float | None = None  # time the workers took to finish wrk's leftovers
    verdicts: list = field(default_factory=list)


def warmup_text(warmup: int) -> str:
    """How pages are warmed up, for the parameters line (printed and in RESULTS.md)."""
    if warmup <= 0:
        return "no warm-up"
    return (
        f"{warmup} s wrk warm-up per page, except a page rotating among several paths "
        "(report page): each of its paths requested once instead"
    )


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


def _visit_every_path(server: Gunicorn, page: Page, cookie: str | None) -> None:
    """The warm-up of a page rotating among many paths: each path requested once.

    A site in steady state has every report page's cached entry warm from earlier
    visitors; a few seconds of wrk would reach only part of the paths, so the measured
    run would time first visits a steady state does not have. Failures are only
    counted here: wrk counts them again as errors of the measured run."""
    started = time.monotonic()
    failed = 0
    for path in page.paths:
        try:
            status = http_get(server.port, path, cookie=cookie)[0]
        except OSError:
            status = None
        failed += status != 200
    note = f", {failed} not 200" if failed else ""
    log(
        f"  {page.key:<20} warm-up: {len(page.paths)} paths once each in "
        f"{time.monotonic() - started:.1f} s{note}"
    )


def _measure_page(server: Gunicorn, page: Page, args, wrk_bin, cookie: str | None) -> Result:
    """One page warmed up, then measured by wrk; `share` is left to the caller (the baseline)."""
    paths_file = None
    if len(page.paths) > 1:
        paths_file = WORK_DIR / f"paths-{re.sub(r'[^a-z0-9]+', '-', page.key)}.txt"
        paths_file.write_text("\n".join(page.paths) + "\n")
    options = {
        "cookie": cookie,
        "connections": args.connections,
        "threads": args.threads,
        "timeout": args.timeout,
        "paths_file": paths_file,
    }
    if args.warmup > 0 and paths_file:
        _visit_every_path(server, page, cookie)
    elif args.warmup > 0:
        wrk(wrk_bin, server.port, page, duration=args.warmup, **options)
        server.drain()
    result = Result(page.key, page.group, page.label, page.role)
    result.load = round(os.getloadavg()[0], 2)
    out = wrk(wrk_bin, server.port, page, duration=args.duration, **options)
    result.drain_s = round(server.drain(), 1)
    result.rps = out["rps"]
    result.p50_ms, result.p95_ms, result.p99_ms = (
        out[k] / 1000 for k in ("p50_us", "p95_us", "p99_us")
    )
    result.requests = out["requests"]
    socket_errors = out["connect"] + out["read"] + out["write"] + out["timeout"]
    result.errors = socket_errors + out["not_200"]
    parts = [f"{k} {out[k]}" for k in ("connect", "read", "write", "timeout", "not_200")]
    result.error_detail = ", ".join(p for p in parts if not p.endswith(" 0"))
    result.kb = out["bytes"] / out["requests"] / 1024 if out["requests"] else 0.0
    return result


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
    log(f"Statistics page's figures computed (as beat does) in {data['statistics_seconds']} s")
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
            f"{args.duration} s per page; {warmup_text(args.warmup)}"
        )
        baseline_rps = None
        for page in pages:
            result = _measure_page(server, page, args, wrk_bin, cookies.get(page.role))
            if page.group == "baseline":
                baseline_rps = result.rps or None
            result.share = 100 * result.rps / baseline_rps if baseline_rps else 0.0
            counted = queries.get(page.key, {})
            result.queries, result.sql_ms = counted.get("queries"), counted.get("sql_ms")
            result.cold_ms = counted.get("request_ms")
            result.status = counted.get("status")
            result.peak_mb = server.peak_worker_mb()
            results[page.key] = result
            log(
                f"  {page.key:<20} {result.rps:8.1f} rps {result.share:6.1f} %  "
                f"p50 {result.p50_ms:7.1f}  p95 {result.p95_ms:7.1f}  p99 {result.p99_ms:7.1f} ms  "
                f"err {result.errors:<4} {result.kb:6.1f} KB  SQL {result.queries}  "
                f"worker {result.peak_mb or 0:.0f} MB  load {result.load:.1f}  "
                f"drain {result.drain_s:.1f} s"
            )
    return {
        "size": size,
        "timings": timings,
        "data": {k: v for k, v in data.items() if k not in ("cookies", "report_codes")},
        "report_codes": len(data["report_codes"]),
        "queries": queries,
        "results": results,
    }
