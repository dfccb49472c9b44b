"""`make bench`: serve the site with gunicorn in production-like settings and report, for
each page, throughput as a ratio to a bare Django view served by the same server in the
same run, queries per request, and the gunicorn workers' peak memory.

Load comes from wrk when installed (apt-get install wrk), else from a small threaded
Python client (lower absolute numbers; the ratios stay comparable within one run).
"""

import http.client
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
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DURATION = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = 8
WORKERS = 2


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
            "IDO_VAR_DIR": str(var_dir),
            "MEDIA_ROOT": str(var_dir / "media"),
        }
    )
    return env


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def setup_django(env):
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_insert (value varchar(100))")


def collect_targets():
    targets = [{"name": "Kale Django-view (referentie)", "path": "/_bench/bare/", "bare": True}]
    from scripts.bench.targets import all_targets

    targets.extend(all_targets())
    if any(t.get("method") == "POST" for t in targets):
        targets.insert(
            1,
            {
                "name": "Kale view met één insert (referentie POST)",
                "path": "/_bench/insert/",
                "method": "POST",
                "form": {"v": "x"},
                "bare": True,
                "csrf_exempt": True,
            },
        )
    return targets


def prepare_request(target):
    """Cookies (session, CSRF) and body for a target, made in-process on the bench DB."""
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client

    headers, body = {}, None
    cookies = {}
    if target.get("username"):
        from django.contrib.auth import get_user_model

        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(get_user_model().objects.get(username=target["username"]))
        cookies["sessionid"] = client.cookies["sessionid"].value
    if target.get("method") == "POST":
        from urllib.parse import urlencode

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
    kwargs = {"data": body, "content_type": headers.get("Content-Type")} if body else {}
    send(target["path"], **kwargs)  # warm caches, as a running server would have them
    with CaptureQueriesContext(connection) as queries:
        response = send(target["path"], **kwargs)
    return response.status_code, len(queries)


def run_wrk(url, headers, body, method):
    script_path = None
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency"]
    for key, value in headers.items():
        args += ["-H", f"{key}: {value}"]
    if method == "POST":
        script_path = Path(tempfile.mkstemp(suffix=".lua")[1])
        script_path.write_text(f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\n')
        args += ["-s", str(script_path)]
    output = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    if script_path:
        script_path.unlink()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return rps, int(non_2xx.group(1)) if non_2xx else 0


def run_python_client(url, headers, body, method):
    host, port = url.split("//", 1)[1].split("/", 1)[0].split(":")
    path = "/" + url.split("//", 1)[1].split("/", 1)[1]
    deadline = time.monotonic() + DURATION
    counts, errors = [0] * CONNECTIONS, [0] * CONNECTIONS

    def worker(index):
        connection = http.client.HTTPConnection(host, int(port))
        while time.monotonic() < deadline:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            counts[index] += 1
            if response.status >= 400:
                errors[index] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / DURATION, sum(errors)


def peak_memory_mib(master_pid):
    peaks = []
    for child in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split():
        status = Path(f"/proc/{child}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return max(peaks) if peaks else 0.0


def main():
    var_dir = Path(tempfile.mkdtemp(prefix="ido-bench-"))
    env = bench_environment(var_dir)
    print(f"Preparing a production-like site in {var_dir} ...", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo_data")
    manage(env, "collectstatic", "--noinput")
    setup_django(env)
    targets = collect_targets()

    port = free_port()
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
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/_bench/bare/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        load = run_wrk if shutil.which("wrk") else run_python_client
        print(
            f"Load: {'wrk' if load is run_wrk else 'Python client (install wrk for more)'}, "
            f"{CONNECTIONS} connections, {DURATION} s per page; gunicorn {WORKERS} workers\n"
        )
        rows, floors = [], {}
        for target in targets:
            method = target.get("method", "GET")
            headers, body = prepare_request(target)
            status, queries = count_queries(target, headers, body)
            rps, errors = load(base + target["path"], headers, body, method)
            if target.get("bare"):
                floors[method] = rps
            rows.append((target["name"], method, target["path"], status, rps, queries, errors))
        print(
            f"{'pagina':<44} {'methode':<7} {'status':>6} {'req/s':>9} {'ratio':>7} "
            f"{'queries':>8} {'fouten':>7}"
        )
        for name, method, _path, status, rps, queries, errors in rows:
            floor = floors.get(method) or floors["GET"]
            print(
                f"{name[:44]:<44} {method:<7} {status:>6} {rps:>9.0f} {rps / floor:>7.3f} "
                f"{queries:>8} {errors:>7}"
            )
        print(
            "\nRatio = requests/s of the page / requests/s of the bare view of the same method "
            f"(GET: no query; POST: one insert) in this run.\nPeak memory of one gunicorn worker: "
            f"{peak_memory_mib(server.pid):.0f} MiB"
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
