"""The Spanish catalogue is whole (issue 16): nothing marked for translation is missing from
the committed locale/es/LC_MESSAGES/django.po, nothing in it is fuzzy or empty, no Spanish
entry loses a placeholder, and the committed django.mo says exactly what django.po says.

`manage.py catalogue check` does the work (it gathers the strings again with makemessages in
a copy of the tree, so it needs GNU gettext's xgettext: .ci/run installs it); these tests
fail with its own message, which names each entry to fix.
"""

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from core.management.commands.catalogue import po_path, problems


def test_makemessages_finds_nothing_new_and_nothing_is_fuzzy_or_empty():
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext (xgettext) is needed: apt-get install gettext")
    try:
        call_command("catalogue", "check")
    except CommandError as error:
        pytest.fail(str(error), pytrace=False)


def test_the_compiled_catalogue_matches_the_written_one():
    po = po_path(Path(settings.BASE_DIR))
    mo = polib.mofile(str(po.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid) for e in mo if e.msgid}
    written = {(e.msgctxt, e.msgid) for e in polib.pofile(str(po)).translated_entries()}

    assert compiled == written, (
        f"{len(written - compiled)} translated entries are not in django.mo and "
        f"{len(compiled - written)} compiled ones are not translated in django.po: "
        "run `manage.py catalogue compile`"
    )
    stale = [p for p in problems(po) if "django.mo" in p]
    assert not stale, stale


def test_the_check_fails_on_a_fuzzy_or_empty_entry(tmp_path):
    # The check can fail: a catalogue with one fuzzy and one empty entry is refused.
    po = tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalogue.append(polib.POEntry(msgid="Save", msgstr="Guardar", flags=["fuzzy"]))
    catalogue.append(polib.POEntry(msgid="Cancel", msgstr=""))
    catalogue.append(polib.POEntry(msgid="Hello %(name)s", msgstr="Hola"))
    catalogue.save(str(po))
    catalogue.save_as_mofile(str(po.with_suffix(".mo")))

    found = problems(po)

    assert "fuzzy: 'Save'" in found
    assert "no Spanish: 'Cancel'" in found
    assert any(p.startswith("placeholder lost: 'Hello %(name)s'") for p in found)
