"""The Chinese catalogue is complete and the compiled .mo matches the .po."""

from pathlib import Path

import polib
import pytest
from django.utils import translation

import gongkai

PO = Path(gongkai.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _entries():
    return [entry for entry in polib.pofile(str(PO)) if not entry.obsolete]


def test_every_message_is_translated():
    untranslated = [
        e.msgid
        for e in _entries()
        if "fuzzy" in e.flags or not (e.msgstr or any(e.msgstr_plural.values()))
    ]
    assert untranslated == []


@pytest.mark.parametrize("entry", _entries(), ids=lambda entry: entry.msgid[:40])
def test_compiled_catalogue_is_current(entry):
    with translation.override("zh-hans"):
        if entry.msgctxt:
            assert translation.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        elif entry.msgid_plural:  # Chinese has one form: nplurals=1
            assert (
                translation.ngettext(entry.msgid, entry.msgid_plural, 2) == entry.msgstr_plural[0]
            )
        else:
            assert translation.gettext(entry.msgid) == entry.msgstr
