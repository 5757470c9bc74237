"""The targets of the benchmark checked, and the Markdown tables of the results."""

import math

# Targets (the brief of the benchmark).
ANON_SHARE, ANON_P95_MS = 25.0, 150.0
SEARCH_P95_MS = 300.0
USER_SHARE, USER_P95_MS = 5.0, 500.0
SCALE_P95_RATIO = 1.5
WORKER_PEAK_MB = 300.0
MILLION, MILLION_P95_MS, MILLION_HOME_SHARE = 1_000_000, 1000.0, 25.0
# Per page group: (minimum % of the baseline's req/s, maximum p95 ms); None: no such target.
GROUP_TARGETS = {
    "anon": (ANON_SHARE, ANON_P95_MS),
    "search": (None, SEARCH_P95_MS),
    "user": (USER_SHARE, USER_P95_MS),
}


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
            min_share, max_p95 = GROUP_TARGETS.get(r.group, (None, None))
            if min_share is not None:
                check(
                    size, r, f">= {min_share:g} % of baseline", f"{r.share:.1f} %",
                    r.share >= min_share,
                )  # fmt: skip
            if max_p95 is not None:
                check(size, r, f"p95 < {max_p95:g} ms", f"{r.p95_ms:.0f} ms", r.p95_ms < max_p95)
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
        "| SQL ms | cold ms | worker peak MB | load | targets |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in size_run["results"].values():
        verdict = "–" if r.group in ("baseline", "other") and not r.verdicts else "pass"
        if r.verdicts:
            verdict = "FAIL: " + "; ".join(r.verdicts)
        url = r.url.replace("|", "\\|")
        lines.append(
            f"| {r.key} | `{url}` | {r.role or 'anonymous'} | {r.rps:.1f} | {r.share:.1f} "
            f"| {r.p50_ms:.1f} | {r.p95_ms:.1f} | {r.p99_ms:.1f} | {r.errors} | {r.kb:.1f} "
            f"| {_fmt(r.queries)} | {_fmt(r.sql_ms, '.1f')} | {_fmt(r.cold_ms, '.1f')} "
            f"| {_fmt(r.peak_mb, '.0f')} "
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
