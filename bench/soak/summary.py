"""The soak run's figures, from what the load tool saw, the faults' times and
what the database and the SMS stand-in hold (manage.py soak_check)."""

import csv
from collections import Counter
from pathlib import Path

from .faults import Fault


def answered(request: dict) -> float:
    """When the answer came: a request queued before a fault is answered in it."""
    return request["at"] + request["ms"] / 1000


def _in_any(at: float, windows) -> bool:
    return any(start <= at <= end for start, end in windows)


def requests_figures(requests: list[dict], faults: list[Fault]) -> dict:
    windows = [fault.window() for fault in faults if fault.part in ("redis", "postgres")]
    outside = [r for r in requests if not _in_any(answered(r), windows)]
    errors = [r for r in outside if r["status"] >= 500 or r["seen"] == "no answer"]
    return {
        "total": len(requests),
        "by_status": dict(sorted(Counter(str(r["status"]) for r in requests).items())),
        "errors_outside_faults": len(errors),
        "errors_outside_by_name": dict(Counter(f"{r['name']} {r['status']}" for r in errors)),
        "stack_traces": sum(r["seen"] == "stack trace" for r in requests),
        "during": {
            fault.name: seen_during(requests, fault)
            for fault in faults
            if fault.part in ("redis", "postgres", "worker")
        },
    }


def seen_during(requests: list[dict], fault: Fault) -> dict:
    start, end = fault.window()
    inside = [r for r in requests if start <= answered(r) <= end]
    kinds = Counter()
    for r in inside:
        if r["status"] >= 500 or r["seen"] == "no answer":
            kinds[f"{r['status'] or 'no answer'} {r['seen']}"] += 1
        elif r["status"] >= 400:
            kinds[str(r["status"])] += 1  # 429: a limit that could not be counted
        else:
            kinds[f"{r['status'] // 100}xx"] += 1
    return {"requests": len(inside), "seen": dict(sorted(kinds.items()))}


def latency(work: Path) -> dict:
    """Locust's aggregated row: median and 95th percentile, requests per second."""
    with (work / "locust_stats.csv").open() as stats:
        for row in csv.DictReader(stats):
            if row["Name"] == "Aggregated":
                return {
                    "p50_ms": float(row["50%"]),
                    "p95_ms": float(row["95%"]),
                    "max_ms": float(row["Max Response Time"]),
                    "rps": float(row["Requests/s"]),
                }
    return {}


def markdown(started, args, info, figures: dict, faults: list[Fault], check: dict) -> str:
    req, sub, sms = figures["requests"], check["submissions"], check["sms"]
    drained = figures.get("outbox_drained_after")
    lines = [
        f"## Run {started:%Y-%m-%d %H:%M} UTC: soak, {args.users} users, {args.duration} s, faults",
        "",
        f"- Machine: {info.get('nproc')} CPUs, {info.get('ram', '?')} RAM; PostgreSQL "
        f"{info.get('postgresql')}, Redis {info.get('redis')}; commit `{info.get('commit')}`",
        f"- Stack: gunicorn ({args.workers} sync workers, gunicorn.conf.py), Celery worker "
        "(concurrency 2) and beat (outbox sweep every 15 s), SMS gateway stand-in; "
        f"locust {args.users} users (50 visitors, 30 citizens, 5 new citizens signing up, "
        "5 IOC operators, 10 agency officers), `python -m bench.soak` (`make soak`)",
        f"- Requests: {req['total']:,} ({figures['latency'].get('rps', 0):.1f}/s; p50 "
        f"{figures['latency'].get('p50_ms', 0):.0f} ms, p95 "
        f"{figures['latency'].get('p95_ms', 0):.0f} ms, slowest "
        f"{figures['latency'].get('max_ms', 0):.0f} ms); by status {req['by_status']}",
        f"- **5xx or no answer outside the fault windows: {req['errors_outside_faults']}** "
        f"{req['errors_outside_by_name'] or ''}; stack traces or Django error pages seen: "
        f"{req['stack_traces']}",
        "",
        "| fault | at | away s | ready again after s | what users saw in its window |",
        "|---|---:|---:|---:|---|",
    ]
    for fault in faults:
        seen = req["during"].get(fault.name)
        shown = (
            f"{seen['requests']} requests: "
            + ", ".join(f"{kind} ×{count}" for kind, count in seen["seen"].items())
            if seen
            else "; ".join(fault.notes) + " (no user sees the gateway)"
        )
        ready = "–" if fault.recovered is None else f"{fault.recovered:.1f}"
        lines.append(
            f"| {fault.name} | +{fault.started - figures['load_started']:.0f} s | "
            f"{fault.ended - fault.started:.1f} | {ready} | {shown} |"
        )
    lines += [
        "",
        f"- **Submissions acknowledged: {sub['acknowledged']}; stored with every attachment "
        f"present and readable: {sub['stored_whole']}** (missing {len(sub['missing'])}, "
        f"incomplete {len(sub['incomplete'])}; stored but the answer never reached the user: "
        f"{sub['stored_not_acknowledged']})",
        f"- Drafts acknowledged {check['drafts']['acknowledged']}, stored "
        f"{check['drafts']['stored']}; comments {check['comments']['acknowledged']} / "
        f"{check['comments']['stored']}; likes {check['likes']['acknowledged']} / "
        f"{check['likes']['stored']}; sign-ups activated {check['signups']['acknowledged']} / "
        f"{check['signups']['stored']}",
        f"- **SMS owed by the workflow (outbox): {sms['owed']}; delivered exactly once by key: "
        f"{sms['delivered_once']}; lost: {sms['lost']}; delivered twice: "
        f"{sms['delivered_twice']}** (outbox {sms['outbox_status']}; sent more than once: "
        f"{sms['sent_more_than_once']}, of which repeats the gateway dropped by key: "
        f"{sms['repeats_dropped_by_key']}; refused by the failing gateway: "
        f"{sms['refused_by_gateway']}; wrong gateway token: {sms['wrong_token']})",
        "- Outbox empty again "
        + (f"{drained:.0f} s after the gateway recovered" if drained is not None else "NEVER"),
        "",
    ]
    return "\n".join(lines)
