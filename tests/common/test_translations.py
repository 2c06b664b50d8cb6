"""Bahasa Indonesia is the default language: every message of ours must have it."""

import re
import subprocess

from tests.process import BACKEND

PO = BACKEND / "locale" / "id" / "LC_MESSAGES" / "django.po"


def entries() -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) of each entry, joining wrapped lines."""
    found = []
    for block in PO.read_text().split("\n\n"):
        fuzzy = "#, fuzzy" in block
        head = block.split("msgstr")[0].split("msgid_plural")[0]  # singular form only
        msgid = "".join(re.findall(r'"(.*)"', head.split("msgid", 1)[-1]))
        msgstr = "".join(re.findall(r'"(.*)"', block.split("msgstr", 1)[-1]))
        if "msgid" in block:
            found.append((msgid, msgstr, fuzzy))
    return found


def test_every_message_has_an_indonesian_translation():
    untranslated = [msgid for msgid, msgstr, _ in entries() if msgid and not msgstr]

    assert untranslated == [], "run `make messages` and translate these"


def test_no_translation_is_left_fuzzy():
    assert [msgid for msgid, _, fuzzy in entries() if fuzzy and msgid] == []


def test_placeholders_survive_translation():
    for msgid, msgstr, _ in entries():
        assert sorted(re.findall(r"\{\w+\}|%\(\w+\)s|%s", msgid)) == sorted(
            re.findall(r"\{\w+\}|%\(\w+\)s|%s", msgstr)
        ), msgid


def test_compiled_catalogue_is_up_to_date():
    compiled = subprocess.run(
        ["msgfmt", "--check", "-o", "-", str(PO)], capture_output=True, check=True
    ).stdout

    assert compiled == PO.with_suffix(".mo").read_bytes(), "run `make messages` and commit"
