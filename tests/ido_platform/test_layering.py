"""The floor plan, as the README draws it: apps never import the project's own files
(settings modules, the configuration layer, the Celery app, wsgi, urls), and the shared
ground floor imports none of the apps built on it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_PACKAGES = [
    "ido_platform/core",
    "courses/runs",
    "courses/learning",
    "assessments",
    "questions",
    "funding",
]
PROJECT_MODULES = ("ido_platform.settings", "ido_platform.config", "ido_platform.celery_app")
PROJECT_MODULES += ("ido_platform.wsgi", "ido_platform.urls", "celery_app")
BUILT_ON_CORE = ("courses", "assessments", "questions", "funding")


def imported_modules(path):
    """Every module a file imports, absolute, with ``from x import y`` giving x and x.y."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            yield base
            for alias in node.names:
                yield f"{base}.{alias.name}"


def app_files(package):
    return sorted((ROOT / package).rglob("*.py"))


def is_or_under(module, prefixes):
    return any(module == p or module.startswith(p + ".") for p in prefixes)


@pytest.mark.parametrize("package", APP_PACKAGES)
def test_no_app_module_imports_a_settings_module_or_the_celery_app(package):
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in app_files(package)
        for module in imported_modules(path)
        if is_or_under(module, PROJECT_MODULES)
    ]
    assert offenders == []


def test_the_shared_ground_floor_imports_none_of_the_apps_built_on_it():
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in app_files("ido_platform/core")
        for module in imported_modules(path)
        if is_or_under(module, BUILT_ON_CORE)
    ]
    assert offenders == []


def test_the_check_sees_a_forbidden_import(tmp_path):
    # The checker itself must be able to fail.
    sample = ROOT / "ido_platform" / "core" / "_layering_sample.py"
    sample.write_text("from ido_platform.settings import base\nfrom .. import celery_app\n")
    try:
        found = set(imported_modules(sample))
    finally:
        sample.unlink()
    assert "ido_platform.settings.base" in found
    assert "ido_platform.celery_app" in found


def test_funding_imports_only_the_ground_floor_of_the_other_apps():
    """Funding reads other apps' figures through ido_platform.core.metrics, never by import."""
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in app_files("funding")
        for module in imported_modules(path)
        if is_or_under(module, ("courses", "assessments"))
    ]
    assert offenders == []
