"""Compile every locale/*/LC_MESSAGES/*.po into .mo with polib (pure Python: no GNU
gettext needed on a fresh machine; `make messages` uses xgettext only to extract)."""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
# Message ids are written in Dutch, so the Dutch catalogue starts as the ids themselves;
# an editor corrects wording by changing a msgstr, without touching code.
SOURCE_LANGUAGE = "nl"
HEADER = {
    "Project-Id-Version": "ido-platform",
    "Language": "nl",
    "Language-Team": "IDO-platform <noreply@ido.example>",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
    "Content-Type": "text/plain; charset=UTF-8",
}


def fill_source_catalogue(catalogue):
    catalogue.metadata.update(HEADER)
    catalogue.metadata_is_fuzzy = False
    for entry in catalogue:
        if "fuzzy" in entry.flags:
            # msgmerge's guess from a similar old id is never right for a Dutch-id catalogue:
            # the new id is the text.
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = None
            entry.msgstr = ""
            entry.msgstr_plural = {k: "" for k in entry.msgstr_plural}
        if entry.msgid_plural:
            if not any(entry.msgstr_plural.values()):
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        elif not entry.msgstr:
            entry.msgstr = entry.msgid


def compile_all():
    compiled = []
    for po_path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        catalogue = polib.pofile(str(po_path), wrapwidth=100)
        if po_path.parts[-3] == SOURCE_LANGUAGE:
            fill_source_catalogue(catalogue)
            catalogue.save(str(po_path))
        catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
        compiled.append(po_path)
    return compiled


if __name__ == "__main__":
    for path in compile_all():
        print(f"compiled {path.relative_to(ROOT)}")
