"""Load generators for `make bench`: wrk when installed (apt-get install wrk), else a small
threaded Python client (lower absolute numbers; the ratios stay comparable within one run).
Each returns ``(requests_per_second, error_responses)``."""

import http.client
import json
import re
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

# A form value the load generators replace by a fresh UUID (32 hex digits) per request, so
# a POST that refuses or ignores a replayed id (the question registration) inserts each time.
FRESH_ID = "__FRESH_ID__"

# wrk: per request the body with FRESH_ID replaced by the thread's prefix (start time,
# thread number, a random part) and a counter; unique across threads and runs.
FRESH_ID_SCRIPT = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
end
function init(args)
  math.randomseed(os.time() * 100 + thread_no)
  prefix = string.format("%08x%04x%04x", os.time(), thread_no, math.random(0, 65535))
  counter = 0
end
function request()
  counter = counter + 1
  local id = prefix .. string.format("%016x", counter)
  return wrk.format(nil, nil, nil, (body:gsub(FRESH_ID, id)))
end
"""


def with_fresh_id(body):
    return body.replace(FRESH_ID, uuid.uuid4().hex) if body else body


def wrk_available():
    return shutil.which("wrk") is not None


def parse_wrk(output):
    """Requests/s and the count of non-2xx/3xx answers from wrk's report."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return rps, int(non_2xx.group(1)) if non_2xx else 0


def run_wrk(url, headers, body, method, *, seconds, connections):
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for key, value in headers.items():
        args += ["-H", f"{key}: {value}"]
    with tempfile.TemporaryDirectory() as tmp:
        if method == "POST":
            script = Path(tmp) / "post.lua"
            lua = f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\n'
            if FRESH_ID in body:
                lua += f"body = wrk.body\nFRESH_ID = {json.dumps(FRESH_ID)}\n{FRESH_ID_SCRIPT}"
            script.write_text(lua)
            args += ["-s", str(script)]
        output = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def run_python_client(url, headers, body, method, *, seconds, connections):
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    counts, errors = [0] * connections, [0] * connections
    start = time.monotonic()
    deadline = start + seconds

    def worker(index):
        connection = http.client.HTTPConnection(parts.hostname, parts.port)
        while time.monotonic() < deadline:
            connection.request(method, path, body=with_fresh_id(body), headers=headers)
            response = connection.getresponse()
            response.read()
            counts[index] += 1
            if response.status >= 400:
                errors[index] += 1
        connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - start), sum(errors)
