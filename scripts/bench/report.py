"""The pure half of `make bench`: medians, the drift flag on the bare reference view, the
result document (JSON), its Markdown table and the comparison with an earlier run. No Django,
no processes: tests/ido_platform/test_bench.py exercises all of it in milliseconds."""

import statistics

SCHEMA = 1
# The bare view measured before and after the pages may differ by this much (relative to the
# first measurement) before the run is flagged: more means the machine's load changed mid-run,
# so the ratios are not to be trusted.
DRIFT_LIMIT = 0.15
# Issue 12: a gunicorn worker stays at or under this peak resident size after the bench.
MEMORY_LIMIT_MIB = 150


def summarise(samples):
    """The median of repeated measurements, with the spread kept for the report."""
    if not samples:
        raise ValueError("at least one measurement is needed")
    return {
        "median": statistics.median(samples),
        "min": min(samples),
        "max": max(samples),
        "samples": list(samples),
    }


def drift(before, after):
    """Relative change of the bare view's throughput from before the pages to after them."""
    if before <= 0:
        return float("inf") if after > 0 else 0.0
    return abs(after - before) / before


def floor_summary(before, after, limit=DRIFT_LIMIT):
    """The reference throughput of one method: the mean of the medians measured before and
    after the pages, and whether the two differ by more than ``limit``."""
    change = drift(before, after)
    return {
        "before": before,
        "after": after,
        "rps": (before + after) / 2,
        "drift": change,
        "flagged": change > limit,
    }


def build_result(rows, floors, meta, peak_rss_mib=None):
    """The result document: ``rows`` are measured targets (name, method, path, status,
    expected_status, samples, queries, errors, reference); ``floors`` maps a method to the
    bare view's median before and after as ``(before, after)``. Each row's ratio is its median
    over the floor of its own method (GET when the method has none)."""
    floor_docs = {method: floor_summary(*pair) for method, pair in floors.items()}
    warnings = []
    for method, doc in floor_docs.items():
        if doc["flagged"]:
            warnings.append(
                f"UNRELIABLE RUN: the bare {method} view went from {doc['before']:.0f} to "
                f"{doc['after']:.0f} req/s during the run ({doc['drift']:.0%} > "
                f"{DRIFT_LIMIT:.0%}); the machine's load changed, measure again."
            )
    out_rows = []
    for row in rows:
        stats = summarise(row["samples"])
        floor = floor_docs.get(row["method"]) or floor_docs.get("GET")
        ratio = stats["median"] / floor["rps"] if floor and floor["rps"] else None
        out_rows.append(
            {
                "name": row["name"],
                "method": row["method"],
                "path": row["path"],
                "status": row["status"],
                "expected_status": row.get("expected_status"),
                "rps": stats["median"],
                "rps_min": stats["min"],
                "rps_max": stats["max"],
                "rps_samples": stats["samples"],
                "ratio": ratio,
                "queries": row["queries"],
                "errors": row["errors"],
                "reference": bool(row.get("reference")),
            }
        )
        expected = row.get("expected_status")
        if expected is not None and row["status"] != expected:
            warnings.append(
                f"{row['name']}: answered {row['status']}, expected {expected}; "
                "the row does not measure the page."
            )
        if row["method"] == "POST" and not row.get("reference") and row["queries"] == 0:
            warnings.append(f"{row['name']}: the POST ran no query; a cache may be answering it.")
        if row["errors"]:
            warnings.append(f"{row['name']}: {row['errors']} error responses under load.")
    memory_over = peak_rss_mib is not None and peak_rss_mib > MEMORY_LIMIT_MIB
    if memory_over:
        warnings.append(
            f"Peak gunicorn worker memory {peak_rss_mib:.0f} MiB is over the "
            f"{MEMORY_LIMIT_MIB} MiB limit."
        )
    return {
        "schema": SCHEMA,
        **meta,
        "drift_limit": DRIFT_LIMIT,
        "floors": floor_docs,
        "drift_flagged": any(doc["flagged"] for doc in floor_docs.values()),
        "peak_rss_mib": peak_rss_mib,
        "memory_limit_mib": MEMORY_LIMIT_MIB,
        "memory_over_limit": memory_over,
        "rows": out_rows,
        "warnings": warnings,
    }


def _ratio(value):
    return "–" if value is None else f"{value:.3f}"


def render_markdown(result):
    """The ratio table as Markdown, with the run's conditions and warnings above it."""
    lines = [
        f"# Bench {result.get('created', '')} at {result.get('commit_short', '?')}"
        + (" (uncommitted changes)" if result.get("dirty") else ""),
        "",
        f"Load: {result.get('load_tool', '?')}, {result.get('connections', '?')} connections, "
        f"{result.get('repeats', '?')} × {result.get('seconds', '?')} s per page after a "
        f"{result.get('warmup_seconds', '?')} s warm-up (median reported); gunicorn "
        f"{result.get('workers', '?')} workers.",
        "",
    ]
    for method, floor in result["floors"].items():
        lines.append(
            f"Bare {method} view: {floor['before']:.0f} req/s before the pages, "
            f"{floor['after']:.0f} after (drift {floor['drift']:.1%}"
            + (", FLAGGED" if floor["flagged"] else "")
            + ")."
        )
    if result.get("peak_rss_mib") is not None:
        lines.append(
            f"Peak memory of one gunicorn worker: {result['peak_rss_mib']:.0f} MiB "
            f"(limit {result['memory_limit_mib']} MiB"
            + (", OVER" if result.get("memory_over_limit") else "")
            + ")."
        )
    lines.append("")
    for warning in result["warnings"]:
        lines.append(f"> **Warning:** {warning}")
    if result["warnings"]:
        lines.append("")
    lines += [
        "| page | method | status | req/s (median) | min–max | ratio | queries | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["rows"]:
        name = row["name"].replace("|", "\\|")
        lines.append(
            f"| {name} | {row['method']} | {row['status']} | {row['rps']:.0f} | "
            f"{row['rps_min']:.0f}–{row['rps_max']:.0f} | {_ratio(row['ratio'])} | "
            f"{row['queries']} | {row['errors']} |"
        )
    lines += [
        "",
        "Ratio = median requests/s of the page / requests/s of the bare view of the same "
        "method (GET: no query; POST: one insert), the mean of its measurements before and "
        "after the pages, in this run.",
        "",
    ]
    return "\n".join(lines)


def _key(row):
    return (row["name"], row["method"])


def compare(old, new):
    """Per page (matched on name and method): the old ratio, the new ratio and the change
    (absolute and relative). Pages in only one run have None on the other side."""
    old_rows = {_key(row): row for row in old.get("rows", [])}
    new_rows = {_key(row): row for row in new.get("rows", [])}
    keys = [_key(row) for row in new.get("rows", [])]
    keys += [key for key in old_rows if key not in new_rows]
    changes = []
    for key in keys:
        before = old_rows.get(key, {}).get("ratio")
        after = new_rows.get(key, {}).get("ratio")
        change = relative = None
        if before is not None and after is not None:
            change = after - before
            relative = change / before if before else None
        changes.append(
            {
                "name": key[0],
                "method": key[1],
                "old_ratio": before,
                "new_ratio": after,
                "change": change,
                "relative_change": relative,
            }
        )
    return changes


def render_comparison(changes, old, new):
    """The comparison as a Markdown table, headed by the two runs' commits."""
    lines = [
        f"Change from {old.get('commit_short', '?')} ({old.get('created', '?')}) to "
        f"{new.get('commit_short', '?')} ({new.get('created', '?')}):",
        "",
        "| page | method | old ratio | new ratio | change |",
        "|---|---|---:|---:|---:|",
    ]
    for item in changes:
        if item["change"] is None:
            change = "new" if item["old_ratio"] is None else "gone"
        else:
            change = f"{item['change']:+.3f}"
            if item["relative_change"] is not None:
                change += f" ({item['relative_change']:+.0%})"
        name = item["name"].replace("|", "\\|")
        lines.append(
            f"| {name} | {item['method']} | {_ratio(item['old_ratio'])} | "
            f"{_ratio(item['new_ratio'])} | {change} |"
        )
    if old.get("drift_flagged") or new.get("drift_flagged"):
        lines += ["", "> **Warning:** one of the two runs is flagged as unreliable (drift)."]
    return "\n".join(lines) + "\n"


def file_stem(when, commit_short):
    """``bench-20261203T083000Z-3e7d8ec``: sorts by time (UTC), names the commit."""
    return f"bench-{when:%Y%m%dT%H%M%SZ}-{commit_short}"
