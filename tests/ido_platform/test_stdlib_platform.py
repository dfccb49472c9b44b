"""Guard against the name clash in ../shared/DESIGN.md: a package called ``platform`` beside
manage.py would shadow the standard library and break uuid, Django, Celery and redis."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_stdlib_platform_module_imports_from_the_repository_root():
    result = subprocess.run(
        [sys.executable, "-c", "import platform, uuid; print(platform.__file__); uuid.uuid4()"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    imported_from = Path(result.stdout.strip())
    assert ROOT not in imported_from.parents, f"platform was imported from {imported_from}"
    assert not (ROOT / "platform" / "__init__.py").exists()
