"""The Dutch catalogue is complete and compiled: every translatable string in templates and
first-party code is in locale/nl, and the committed .mo matches the .po."""

import ast
import re
from pathlib import Path

import polib
import pytest

from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
PO_PATH = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
FIRST_PARTY = ["ido_platform", "courses", "assessments"]
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy"}
TRANSLATE_TAG = re.compile(r"{%\s*(?:translate|trans)\s+\"([^\"]+)\"")


def catalogue_ids():
    return {entry.msgid for entry in polib.pofile(str(PO_PATH))}


def template_strings():
    for path in (ROOT / "templates").rglob("*.html"):
        for match in TRANSLATE_TAG.finditer(path.read_text()):
            yield path.relative_to(ROOT), match.group(1)


def python_strings():
    for package in FIRST_PARTY:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in GETTEXT_NAMES
                    and node.args
                    and isinstance(node.args[-1], ast.Constant)
                    and isinstance(node.args[-1].value, str)
                ):
                    yield path.relative_to(ROOT), node.args[-1].value


def test_every_template_string_is_in_the_dutch_catalogue():
    known = catalogue_ids()
    missing = [f"{path}: {text!r}" for path, text in template_strings() if text not in known]
    assert not missing, "Run `make messages`. Missing:\n" + "\n".join(missing)


def test_every_python_string_is_in_the_dutch_catalogue():
    known = catalogue_ids()
    missing = [f"{path}: {text!r}" for path, text in python_strings() if text not in known]
    assert not missing, "Run `make messages`. Missing:\n" + "\n".join(missing)


def translations(catalogue):
    return {
        entry.msgid: entry.msgstr or tuple(sorted(entry.msgstr_plural.items()))
        for entry in catalogue
        if entry.msgstr or any(entry.msgstr_plural.values())
    }


def test_compiled_catalogue_matches_its_source():
    source = translations(polib.pofile(str(PO_PATH)))
    compiled = translations(polib.mofile(str(PO_PATH.with_suffix(".mo"))))
    assert compiled == source, "The .mo is stale: run `make messages`."
    assert len(compiled) > 100


@pytest.mark.django_db
def test_wording_comes_from_the_catalogue(client, site_pages, monkeypatch):
    # Prove the running site reads the compiled catalogue: swap one entry, see it rendered.
    with translation.override("nl"):
        catalog = translation.trans_real.translation("nl")
        monkeypatch.setitem(catalog._catalog, "Naar de inhoud", "Direct naar de inhoud")
        assert "Direct naar de inhoud" in client.get("/").content.decode()
