"""The README's production walk-through as a new operator follows it, in one clean environment
built from the README's environment file: the release step, the deploy check, the first
account, gunicorn, and a login that ends at the two-factor set-up. Pages answer 200 with their
stylesheet, also when collectstatic ran with the wrong settings (the dev profile writes no
manifest) — that used to make every page a 500."""

import contextlib
import http.client
import os
import re
import secrets
import shlex
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.redis_server import OwnRedis, free_port

pytestmark = pytest.mark.slow  # starts manage.py, Redis and gunicorn in subprocesses

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
GUNICORN = Path(sys.executable).with_name("gunicorn")
PRODUCTION = "ido_platform.settings.production"
ENV_FILE = "/etc/ido.env"
PASSWORD = "een-lang-en-sterk-wachtwoord-2026"


def readme_section():
    text = README.read_text()
    return text.split("## Production deployment", 1)[1].split("\n## ", 1)[0]


def readme_shell_blocks():
    return re.findall(r"```sh\n(.*?)```", readme_section(), flags=re.S)


def readme_environment_file():
    """The variables of the README's /etc/ido.env, as `. /etc/ido.env` reads them."""
    (block,) = [b for b in readme_shell_blocks() if b.lstrip().startswith(f"# {ENV_FILE}")]
    values = {}
    for line in block.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, value = line.split("=", 1)
            (values[name],) = shlex.split(value)
    return values


def readme_manage_commands():
    """The manage.py commands of the README's release block, after it loads the env file."""
    (block,) = [b for b in readme_shell_blocks() if "manage.py" in b]
    lines = [line.strip() for line in block.splitlines()]
    loads = lines.index(f"set -a; . {ENV_FILE}; set +a")
    commands = [shlex.split(line) for line in lines if "manage.py" in line]
    assert all(lines.index(shlex.join(c)) > loads for c in commands), block
    assert all(c[:2] == [".venv/bin/python", "manage.py"] for c in commands), block
    return [c[2:] for c in commands]


def server_environment(base, redis_url):
    """Only what a fresh server has (PATH, HOME, a locale) plus the README's environment file;
    the values that name this machine's own services and folders are replaced."""
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(base)),
        "LANG": "C.UTF-8",
    }
    env.update(readme_environment_file())
    env.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": f"sqlite:///{base / 'db.sqlite3'}",
            "REDIS_URL": redis_url,
            "EMAIL_HOST": "127.0.0.1",  # nothing here sends mail
            "MEDIA_ROOT": str(base / "media"),
            "PRIVATE_MEDIA_ROOT": str(base / "private-media"),
            "IDO_VAR_DIR": str(base / "var"),
        }
    )
    return env


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """A production server on this machine: SQLite in a temp dir (the release step's migrate),
    an own Redis, an unused mail host."""
    base = tmp_path_factory.mktemp("release")
    redis = OwnRedis(base).start()
    env = server_environment(base, redis.url)
    assert env["DJANGO_SETTINGS_MODULE"] == PRODUCTION  # the file names the settings
    migrate = manage(env, "migrate", "--noinput")
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    yield {"env": env, "base": base, "host": env["ALLOWED_HOSTS"].split(",")[0]}
    redis.stop()


def manage(env, *args, input=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        input=input,
        timeout=600,
    )


class Browser:
    """HTTP as the TLS proxy hands it to gunicorn (X-Forwarded-Proto: https), with cookies."""

    def __init__(self, port, host):
        self.port, self.host, self.cookies = port, host, {}

    def request(self, method, path, form=None):
        headers = {"Host": self.host, "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{self.host}"
            headers["Referer"] = f"https://{self.host}{path}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name.strip()] = value.strip()
        return response.status, response.headers, response.read().decode("utf-8", "replace")

    def get(self, path):
        status, _, html = self.request("GET", path)
        return status, html


@contextlib.contextmanager
def gunicorn(env, var_dir, host):
    """gunicorn as the README's process table starts it, until it answers /inloggen/."""
    port = free_port()
    log = var_dir / "gunicorn.log"
    with open(log, "w") as output:
        server = subprocess.Popen(
            [str(GUNICORN), "ido_platform.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env={**env, "IDO_VAR_DIR": str(var_dir)},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    Browser(port, host).get("/gezondheid/")
                    break
                except OSError:
                    assert server.poll() is None, log.read_text()[-3000:]
                    assert time.monotonic() < deadline, log.read_text()[-3000:]
                    time.sleep(0.5)
            yield Browser(port, host), log
        finally:
            server.terminate()
            server.wait(timeout=30)


@pytest.mark.parametrize(
    "settings_module",
    [
        PRODUCTION,  # the README's release step, with the environment file loaded
        None,  # forgotten: manage.py falls back to the dev profile, which writes no manifest
    ],
)
def test_gunicorn_serves_pages_after_the_release_step(production, settings_module, tmp_path):
    env = dict(production["env"], IDO_VAR_DIR=str(tmp_path))
    if not settings_module:
        del env["DJANGO_SETTINGS_MODULE"]
    collect = manage(env, "collectstatic", "--noinput")
    assert collect.returncode == 0, collect.stderr[-3000:]
    manifest = (tmp_path / "static" / "staticfiles.json").exists()
    assert manifest is bool(settings_module)

    # The site's login page, the home page, the admin login and the site's stylesheet.
    # gunicorn chooses the production settings itself (ido_platform/wsgi.py).
    server_env = {k: v for k, v in production["env"].items() if k != "DJANGO_SETTINGS_MODULE"}
    with gunicorn(server_env, tmp_path, production["host"]) as (browser, log):
        status, html = browser.get("/inloggen/")
        assert 'rel="stylesheet" href="' in html, (status, html[:2000])
        stylesheet = html.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        others = [browser.get(path)[0] for path in ("/", "/admin/login/", stylesheet)]
        health_status, health = browser.get("/gezondheid/")
    assert [status, *others] == [200, 200, 200, 200], log.read_text()[-3000:]
    assert health_status == 200 and '"database": "ok"' in health
    if not settings_module:
        assert "not in the manifest" in log.read_text()


def test_the_readme_walk_through_ends_at_the_two_factor_set_up(production, tmp_path):
    env = dict(production["env"], IDO_VAR_DIR=str(tmp_path))

    # Step 3: the release step and the deploy check, as the README's shell block runs them.
    commands = readme_manage_commands()
    assert [c[0] for c in commands] == ["migrate", "collectstatic", "check"]
    for command in commands:
        done = manage(env, *command)
        assert done.returncode == 0, (command, done.stderr[-3000:])
    assert "System check identified no issues" in done.stdout, done.stdout + done.stderr
    assert done.stderr == "", done.stderr

    # Step 4: the first account, the password from a pipe.
    admin = manage(
        env,
        "create_first_admin",
        "--username=beheer",
        "--email=beheer@example.nl",
        "--password-stdin",
        input=PASSWORD + "\n",
    )
    assert admin.returncode == 0, admin.stderr[-3000:]

    # Steps 5 and 6: gunicorn, then log in at /inloggen/ as that account.
    with gunicorn(env, tmp_path, production["host"]) as (browser, log):
        status, page = browser.get("/inloggen/")
        assert status == 200, log.read_text()[-3000:]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {"csrfmiddlewaretoken": token, "username": "beheer", "password": PASSWORD}
        status, headers, _ = browser.request("POST", "/inloggen/", form)
        assert status == 302, log.read_text()[-3000:]
        visited = []
        while status == 302 and len(visited) < 5:
            visited.append(urllib.parse.urlsplit(headers["Location"]).path)
            status, headers, page = browser.request("GET", visited[-1])
        assert visited[-1] == "/inloggen/tweestaps/instellen/", visited
        assert status == 200, log.read_text()[-3000:]
        assert "<svg" in page  # the QR code for the authenticator app
