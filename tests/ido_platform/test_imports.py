"""Imports sit at the top of a module unless they must not: a function-local import of a
library (Django, Wagtail, the standard library) can never break an import cycle of ours, so
only the heavy PDF, spreadsheet, QR-code and calendar libraries, which most requests never
need, may wait until they are used; a web worker that starts does not load them (the test at
the end starts one). (Local imports of our own modules break models-services cycles.)"""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("ido_platform", "courses", "assessments", "questions", "funding")
OURS = APPS + ("tests", "scripts")
LAZY_ON_PURPOSE = ("reportlab", "qrcode", "font_source_sans_pro", "openpyxl", "icalendar")


def app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def local_library_imports(path, root=ROOT):
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name == "ready":
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.ImportFrom) and inner.level == 0:
                names = [inner.module]
            elif isinstance(inner, ast.Import):
                names = [alias.name for alias in inner.names]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in OURS and top not in LAZY_ON_PURPOSE:
                    found.append(f"{path.relative_to(root)}:{inner.lineno} {name}")
    return found


@pytest.mark.parametrize("path", list(app_modules()), ids=lambda p: str(p.relative_to(ROOT)))
def test_libraries_are_imported_at_the_top_of_the_module(path):
    assert local_library_imports(path) == []


def test_the_check_sees_a_local_library_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from django.utils import timezone\n    import reportlab\n")
    found = local_library_imports(sample, root=tmp_path)
    assert [line.split(" ")[1] for line in found] == ["django.utils"]


def test_a_started_web_worker_has_not_loaded_the_lazy_libraries():
    """The WSGI application, loaded with every URL pattern and so every view module, holds
    none of them: each costs every worker memory (openpyxl alone about 16 MiB, icalendar 4 MiB)
    for requests it rarely serves."""
    script = (
        "import sys\n"
        "from ido_platform.wsgi import application\n"
        "from django.urls import get_resolver\n"
        "get_resolver()._populate()\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(LAZY_ON_PURPOSE)!r}))\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ido_platform.settings.test",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout
