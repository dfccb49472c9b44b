"""Imports sit at the top of a module unless they must not: a function-local import of a
library (Django, Wagtail, the standard library) can never break an import cycle of ours, so
only the heavy PDF and QR-code libraries, which most processes never need, may wait until
they are used. (Local imports of our own modules break models-services cycles.)"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("ido_platform", "courses", "assessments", "questions", "funding")
OURS = APPS + ("tests", "scripts")
LAZY_ON_PURPOSE = ("reportlab", "qrcode", "font_source_sans_pro")


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
