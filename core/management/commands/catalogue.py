"""The Spanish catalogue: gather the strings, compile it, check it (`make messages`, CI).

    manage.py catalogue update    gather new strings into locale/es (makemessages), then compile
    manage.py catalogue compile   write django.mo from django.po (pure Python: polib)
    manage.py catalogue check     fail when the committed catalogue is not whole

`check` fails when gathering the strings again would add or drop any (a string marked for
translation but never added to the catalogue), when an entry is fuzzy or has no Spanish,
when a Spanish entry loses a placeholder of its English one, or when the compiled django.mo
says anything else than django.po. Gathering needs GNU gettext (xgettext); compiling and
running the portal never do, so `make run` needs no system package (the .mo is committed).
"""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

LANGUAGE = "es"
# Where strings are never for a reader of the portal: the virtualenv, tests, the bench, builds.
IGNORED = [
    ".venv/*",
    "var/*",
    "staticfiles/*",
    "bench/*",
    "*/tests/*",
    "conftest.py",
    "*/migrations/*",
    "node_modules/*",
]
MAKEMESSAGES = {
    "locale": [LANGUAGE],
    "ignore_patterns": IGNORED,
    "add_location": "file",
    "no_obsolete": True,
    "verbosity": 0,
}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def po_path(base: Path | None = None) -> Path:
    base = base or Path(settings.BASE_DIR)
    return base / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"


def compile_catalogue(po: Path) -> Path:
    mo = po.with_suffix(".mo")
    polib.pofile(str(po)).save_as_mofile(str(mo))
    return mo


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def problems(po: Path) -> list[str]:
    """What is wrong with the committed catalogue itself (not whether it is up to date)."""
    found = []
    catalogue = polib.pofile(str(po))
    for entry in catalogue:
        if entry.obsolete:
            continue
        name = repr(entry.msgid[:60])
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {name}")
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not all(f.strip() for f in forms):
            found.append(f"no Spanish: {name}")
            continue
        wanted = _placeholders(entry.msgid) | _placeholders(entry.msgid_plural or "")
        for form in forms:
            if not wanted <= _placeholders(form) and not _plural_may_drop(entry, form, wanted):
                found.append(f"placeholder lost: {name} -> {form[:60]!r}")
    mo = po.with_suffix(".mo")
    if not mo.exists():
        found.append("django.mo is missing: run `manage.py catalogue compile`")
    else:
        compiled = {(e.msgctxt, e.msgid): _strings(e) for e in polib.mofile(str(mo))}
        written = {(e.msgctxt, e.msgid): _strings(e) for e in catalogue.translated_entries()}
        compiled.pop((None, ""), None)
        written.pop((None, ""), None)
        if compiled != written:
            found.append("django.mo does not match django.po: run `manage.py catalogue compile`")
    return found


def _plural_may_drop(entry, form, wanted) -> bool:
    # "One hour" for the singular may leave out the count, as English "an hour" would.
    return bool(entry.msgid_plural) and _placeholders(form) <= wanted


def _strings(entry):
    if entry.msgid_plural:
        return tuple(sorted(entry.msgstr_plural.items()))
    return entry.msgstr


def gathered_ids(base: Path) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path(base))) if not e.obsolete}


def staleness(base: Path) -> tuple[set, set]:
    """(strings missing from the catalogue, strings it has that the code no longer uses),
    found by gathering again in a copy of the tree, so the working tree is never touched."""
    if not shutil.which("xgettext"):
        raise CommandError(
            "GNU gettext (xgettext) is needed to gather strings: apt-get install gettext"
        )
    committed = gathered_ids(base)
    with tempfile.TemporaryDirectory() as tmp:
        files = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
            cwd=base,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        copy = Path(tmp) / "tree"
        for name in files:
            source = base / name
            if not source.is_file() or not name.endswith((".py", ".html", ".txt", ".po")):
                continue
            target = copy / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        _gather(copy)
        fresh = gathered_ids(copy)
    return fresh - committed, committed - fresh


def _gather(base: Path) -> None:
    import os

    here = os.getcwd()
    os.chdir(base)
    try:
        call_command("makemessages", **MAKEMESSAGES)
    finally:
        os.chdir(here)


class Command(BaseCommand):
    help = "Gather, compile or check the Spanish catalogue (locale/es/LC_MESSAGES/django.po)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["update", "compile", "check"])

    def handle(self, *args, action, **options):
        base = Path(settings.BASE_DIR)
        po = po_path(base)
        if action == "update":
            _gather(base)
            compile_catalogue(po)
            entries = polib.pofile(str(po))
            left = len(entries.untranslated_entries()) + len(entries.fuzzy_entries())
            self.stdout.write(f"{po}: {entries.percent_translated()}% translated, {left} to do.")
        elif action == "compile":
            compile_catalogue(po)
            self.stdout.write(f"Compiled {po.with_suffix('.mo')}.")
        else:
            missing, unused = staleness(base)
            found = problems(po)
            found += [f"not in the catalogue: {m[1][:70]!r}" for m in sorted(missing, key=str)]
            found += [f"no longer used: {u[1][:70]!r}" for u in sorted(unused, key=str)]
            if found:
                raise CommandError("The Spanish catalogue is not whole:\n  " + "\n  ".join(found))
            self.stdout.write("The Spanish catalogue is whole and compiled.")
