"""One absolute-URL builder: every link that leaves the site (an e-mail, a text, a PDF, a
desk link to copy) is made by ``ido_platform.core.links`` from the configured public address,
never from the request's host."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", ".tools", ".git", "var", "node_modules", "__pycache__", "media", "static"}
SUFFIXES = (".py", ".html", ".txt", ".ics", ".xml")
# Spelled in two parts, so this file does not find itself.
REQUEST_HOST_LINKS = ("build_absolute" + "_uri", "protocol }}" + "://")


def project_files(root):
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if name not in SKIPPED]
        yield from (Path(folder) / name for name in names if name.endswith(SUFFIXES))


def request_host_links(root):
    return sorted(
        f"{path.relative_to(root)}: {needle}"
        for path in project_files(root)
        for needle in REQUEST_HOST_LINKS
        if needle in path.read_text(errors="replace")
    )


def test_no_link_is_made_from_the_requests_host():
    assert request_host_links(ROOT) == [], "make the link with ido_platform.core.links"


def test_the_check_sees_a_link_from_the_requests_host(tmp_path):
    (tmp_path / "mail.txt").write_text("{{ " + REQUEST_HOST_LINKS[1] + "{{ domain }}/pad/")
    (tmp_path / "views.py").write_text(f"link = request.{REQUEST_HOST_LINKS[0]}('/pad/')")
    (tmp_path / "plain.py").write_text("link = links.absolute_url('/pad/')")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "django.py").write_text(REQUEST_HOST_LINKS[0])
    assert request_host_links(tmp_path) == [
        f"mail.txt: {REQUEST_HOST_LINKS[1]}",
        f"views.py: {REQUEST_HOST_LINKS[0]}",
    ]
