"""The README's release step, then gunicorn with the production settings, as a server runs
them: pages answer 200 with their stylesheet, also when collectstatic ran with the wrong
settings (the dev profile writes no manifest) — that used to make every page a 500."""

import http.client
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ido_platform.test_config import PRODUCTION_ENV
from tests.ido_platform.test_entry_points import clean_environment
from tests.redis_server import OwnRedis, free_port

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
HOST = PRODUCTION_ENV["ALLOWED_HOSTS"]
PRODUCTION = "ido_platform.settings.production"


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """A production environment on this machine: SQLite in a temp dir (the release step's
    migrate), an own Redis, an unused mail host."""
    base = tmp_path_factory.mktemp("release")
    redis = OwnRedis(base).start()
    env = clean_environment(
        **{
            **PRODUCTION_ENV,
            "DATABASE_URL": f"sqlite:///{base / 'db.sqlite3'}",
            "REDIS_URL": redis.url,
            "MEDIA_ROOT": str(base / "media"),
            "IDO_VAR_DIR": str(base / "var"),
        }
    )
    migrate = manage({**env, "DJANGO_SETTINGS_MODULE": PRODUCTION}, "migrate", "--noinput")
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    yield {"env": env, "base": base}
    redis.stop()


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": HOST, "X-Forwarded-Proto": "https"})
    response = connection.getresponse()
    return response.status, response.read().decode("utf-8", "replace")


def serve_and_fetch(env, var_dir):
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
                    status, html = get(port, "/inloggen/")
                    break
                except OSError:
                    assert server.poll() is None, log.read_text()[-3000:]
                    assert time.monotonic() < deadline, log.read_text()[-3000:]
                    time.sleep(0.5)
            assert 'rel="stylesheet" href="' in html, (status, html[:2000])
            stylesheet = html.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
            others = [get(port, path)[0] for path in ("/", "/admin/login/", stylesheet)]
            return [status, *others], get(port, "/gezondheid/"), log
        finally:
            server.terminate()
            server.wait(timeout=30)


@pytest.mark.parametrize(
    "settings_module",
    [
        PRODUCTION,  # the README's release step
        None,  # forgotten: manage.py falls back to the dev profile, which writes no manifest
    ],
)
def test_gunicorn_serves_pages_after_the_release_step(production, settings_module, tmp_path):
    env = dict(production["env"], IDO_VAR_DIR=str(tmp_path))
    if settings_module:
        env["DJANGO_SETTINGS_MODULE"] = settings_module
    collect = manage(env, "collectstatic", "--noinput")
    assert collect.returncode == 0, collect.stderr[-3000:]
    manifest = (tmp_path / "static" / "staticfiles.json").exists()
    assert manifest is bool(settings_module)

    # The site's login page, the home page, the admin login and the site's stylesheet.
    statuses, (health_status, health), log = serve_and_fetch(production["env"], tmp_path)
    assert statuses == [200, 200, 200, 200], log.read_text()[-3000:]
    assert health_status == 200 and '"database": "ok"' in health
    if not settings_module:
        assert "not in the manifest" in log.read_text()
