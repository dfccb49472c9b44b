"""`make bench`: serve the site with gunicorn in production-like settings and report, for
each page, throughput as a ratio to a bare Django view served by the same server in the
same run, queries per request, and the gunicorn workers' peak memory.

Each page gets a warm-up, then three measurements whose median is reported. The bare views
are measured before and after the pages; when the two differ by more than 15 % the run is
flagged (a warning line and ``drift_flagged`` in the JSON). The table is written as Markdown
and JSON to var/bench/ (timestamp and commit in the name, plus latest.json / latest.md);
``--compare FILE`` prints the change against an earlier JSON.

Load comes from wrk when installed (apt-get install wrk), else from a small threaded
Python client (scripts/bench/load.py).
"""

import argparse
import datetime as dt
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from scripts.bench import load as loaders
from scripts.bench import report

ROOT = Path(__file__).resolve().parents[2]
CONNECTIONS = 8
WORKERS = 2
BARE_GET = {
    "name": "Kale Django-view (referentie)",
    "path": "/_bench/bare/",
    "reference": True,
    "expected_status": 200,
}
BARE_POST = {
    "name": "Kale view met één insert (referentie POST)",
    "path": "/_bench/insert/",
    "method": "POST",
    "form": {"v": "x"},
    "reference": True,
    "csrf_exempt": True,
    "expected_status": 200,
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m scripts.bench", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--seconds",
        type=int,
        default=int(os.environ.get("BENCH_SECONDS", "3")),
        help="whole seconds per measurement, as wrk takes them (default 3, or BENCH_SECONDS)",
    )
    parser.add_argument("--warmup", type=int, default=1, help="warm-up seconds per page (0: none)")
    parser.add_argument("--repeats", type=int, default=3, help="measurements per page (median)")
    parser.add_argument(
        "--output-dir", type=Path, default=ROOT / "var" / "bench", help="where to write results"
    )
    parser.add_argument(
        "--compare", type=Path, metavar="FILE", help="print the change against an earlier JSON"
    )
    parser.add_argument(
        "--against",
        type=Path,
        metavar="FILE",
        help="with --compare: compare with this JSON instead of running the bench",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="TEXT",
        help="measure only pages whose name contains TEXT (repeatable; the bare views always)",
    )
    parser.add_argument(
        "--python-client", action="store_true", help="use the Python client even if wrk is there"
    )
    args = parser.parse_args(argv)
    if args.against and not args.compare:
        parser.error("--against needs --compare")
    if args.repeats < 1 or args.seconds < 1 or args.warmup < 0:
        parser.error("--repeats and --seconds must be at least 1, --warmup at least 0")
    return args


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def git(*args):
    try:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def commit_meta():
    commit = git("rev-parse", "HEAD") or "unknown"
    return {
        "commit": commit,
        "commit_short": commit[:10] if commit != "unknown" else "unknown",
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
    }


def bench_environment(var_dir):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "scripts.bench.settings",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{var_dir}/bench.sqlite3"),
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
            "EMAIL_HOST": "localhost",
            # Production settings require an https public address (check ido.E003).
            "PUBLIC_BASE_URL": "https://127.0.0.1",
            "IDO_VAR_DIR": str(var_dir),
            "MEDIA_ROOT": str(var_dir / "media"),
        }
    )
    return env


def manage(env, *args):
    """A management command, quiet unless it fails (collectstatic warns per admin file)."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")


def setup_django(env):
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_insert (value varchar(100))")


def collect_targets(only=()):
    from scripts.bench.targets import all_targets

    pages = []
    for target in all_targets():
        if only and not any(text.lower() in target["name"].lower() for text in only):
            continue
        target.setdefault("method", "GET")
        target.setdefault("expected_status", 302 if target["method"] == "POST" else 200)
        pages.append(target)
    return pages


def prepare_request(target):
    """Cookies (session, CSRF) and body for a target, made in-process on the bench DB. A
    logged-in session has passed two-factor authentication (a static device), as a staff
    member's would after the code page; without it the staff pages answer a redirect."""
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client

    headers, body = {}, None
    cookies = {}
    if target.get("username"):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_static.models import StaticDevice

        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(username=target["username"])
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        cookies["sessionid"] = session.session_key
    if target.get("method") == "POST":
        form = dict(target.get("form") or {})
        if not target.get("csrf_exempt"):
            token = _get_new_csrf_string()
            cookies["csrftoken"] = token
            form["csrfmiddlewaretoken"] = token
            headers["Referer"] = "http://127.0.0.1/"
        body = urlencode(form, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    return headers, body


def count_queries(target, headers, body):
    """Status and queries of one request through the test client on the bench database and
    settings (its cache included, so a cached answer shows as few or no queries)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(
        headers={k: v for k, v in headers.items() if k not in ("Content-Type", "Cookie")},
        SERVER_NAME="127.0.0.1",
    )
    if "Cookie" in headers:
        for part in headers["Cookie"].split("; "):
            key, value = part.split("=", 1)
            client.cookies[key] = value
    send = client.post if target.get("method") == "POST" else client.get

    def request():  # a fresh registration id each time, as the load generators send
        if not body:
            return send(target["path"])
        data = loaders.with_fresh_id(body)
        return send(target["path"], data=data, content_type=headers.get("Content-Type"))

    request()  # warm caches, as a running server would have them
    with CaptureQueriesContext(connection) as queries:
        response = request()
    return response.status_code, len(queries)


def peak_memory_mib(master_pid):
    """The highest peak resident size (VmHWM) among the gunicorn master's workers."""
    peaks = []
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    for child in children.read_text().split():
        status = Path(f"/proc/{child}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return max(peaks) if peaks else None


def start_server(env, log_path):
    """gunicorn on a free port; its output (the storage's warnings about admin files missing
    from the manifest among it) goes to ``log_path`` rather than over the table."""
    port = free_port()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = log_path.open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ido_platform.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(f"{base}/_bench/bare/", timeout=1)
            return server, base
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn did not start; see {log_path}") from None
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 30 s")


def measure(load, base, target, args):
    """Warm up, then ``args.repeats`` measurements; a row with every sample."""
    method = target.get("method", "GET")
    if target.get("prepare"):
        seconds = target["prepare"]()
        print(f"  ({target['name']}: data prepared in {seconds:.1f} s)", flush=True)
    headers, body = prepare_request(target)
    status, queries = count_queries(target, headers, body)
    options = {"connections": CONNECTIONS}
    url = base + target["path"]
    if args.warmup > 0:
        load(url, headers, body, method, seconds=args.warmup, **options)
    samples, errors = [], 0
    for _ in range(args.repeats):
        rps, failed = load(url, headers, body, method, seconds=args.seconds, **options)
        samples.append(rps)
        errors += failed
    median = report.summarise(samples)["median"]
    print(f"  {target['name'][:50]:<50} {method:<4} {median:>8.0f} req/s", flush=True)
    return {
        "name": target["name"],
        "method": method,
        "path": target["path"],
        "status": status,
        "expected_status": target.get("expected_status"),
        "samples": samples,
        "queries": queries,
        "errors": errors,
        "reference": target.get("reference", False),
    }


def run_bench(args):
    var_dir = Path(tempfile.mkdtemp(prefix="ido-bench-"))
    env = bench_environment(var_dir)
    print(f"Preparing a production-like site in {var_dir} ...", flush=True)
    server = None
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo_data")
        manage(env, "collectstatic", "--noinput")
        setup_django(env)
        pages = collect_targets(args.only)
        server, base = start_server(env, args.output_dir / "gunicorn.log")
        use_wrk = loaders.wrk_available() and not args.python_client
        load = loaders.run_wrk if use_wrk else loaders.run_python_client
        tool = "wrk" if use_wrk else "python"
        print(
            f"Load: {'wrk' if use_wrk else 'Python client (apt-get install wrk for more)'}, "
            f"{CONNECTIONS} connections; {args.warmup:g} s warm-up, then {args.repeats} × "
            f"{args.seconds:g} s per page (median); gunicorn {WORKERS} workers",
            flush=True,
        )
        before = [
            measure(load, base, dict(BARE_GET), args),
            measure(load, base, dict(BARE_POST), args),
        ]
        rows = [measure(load, base, target, args) for target in pages]
        after = [
            measure(load, base, dict(BARE_GET), args),
            measure(load, base, dict(BARE_POST), args),
        ]
        peak = peak_memory_mib(server.pid)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(var_dir, ignore_errors=True)

    floors = {}
    for first, last in zip(before, after, strict=True):
        floors[first["method"]] = (
            report.summarise(first["samples"])["median"],
            report.summarise(last["samples"])["median"],
        )
    for row in before:
        row["name"] += " – vooraf"
    for row in after:
        row["name"] += " – achteraf"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    meta = {
        **commit_meta(),
        "created": now.isoformat(),
        "load_tool": tool,
        "connections": CONNECTIONS,
        "workers": WORKERS,
        "seconds": args.seconds,
        "warmup_seconds": args.warmup,
        "repeats": args.repeats,
        "database": "postgresql" if env["DATABASE_URL"].startswith("postgres") else "sqlite",
    }
    result = report.build_result([*before, *rows, *after], floors, meta, peak_rss_mib=peak)
    return result, now


def write_result(result, when, output_dir):
    output_dir.mkdir(parents=True, exist_ok=True)
    stem = report.file_stem(when, result["commit_short"])
    text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    markdown = report.render_markdown(result)
    (output_dir / f"{stem}.json").write_text(text, encoding="utf-8")
    (output_dir / f"{stem}.md").write_text(markdown, encoding="utf-8")
    (output_dir / "latest.json").write_text(text, encoding="utf-8")
    (output_dir / "latest.md").write_text(markdown, encoding="utf-8")
    return output_dir / f"{stem}.json"


def load_result(path):
    try:
        result = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SystemExit(f"Cannot read bench result {path}: {error}") from None
    if not isinstance(result, dict) or "rows" not in result:
        raise SystemExit(f"{path} is not a bench result (no rows)")
    return result


def main(argv=None):
    args = parse_args(argv)
    old = load_result(args.compare) if args.compare else None
    if args.against:
        new = load_result(args.against)
    else:
        new, when = run_bench(args)
        print()
        print(report.render_markdown(new))
        written = write_result(new, when, args.output_dir)
        print(f"Written: {written} (and latest.json, latest.md)")
    if old is not None:
        print()
        print(report.render_comparison(report.compare(old, new), old, new))
    return 0


if __name__ == "__main__":
    sys.exit(main())
