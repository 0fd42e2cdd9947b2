"""Writes for the CSV import: stage the rows, let the person fix them, then log them all."""

from django.db import transaction

from accounts.models import User

from ..imports import FIELDS, row_clean
from ..models import StagedImport, SupervisionSession
from .sessions import NewProvider, SessionFacts, supervision_sessions_log_many


class ImportNotReady(Exception):
    """Some rows still have problems; nothing was saved."""

    def __init__(self, problems: int):
        super().__init__(f"problems={problems}")  # a code; the view writes the sentence
        self.problems = problems


def staged_import_create(*, supervisee: User, filename: str, rows: list[dict]) -> StagedImport:
    """Keep the uploaded rows until the person confirms. Earlier unfinished imports are dropped.

    Side effects: the person's other staged imports deleted; one StagedImport row.
    """
    StagedImport.objects.filter(supervisee=supervisee).delete()
    return StagedImport.objects.create(supervisee=supervisee, filename=filename[:255], rows=rows)


def staged_import_row_update(*, staged: StagedImport, index: int, values: dict) -> None:
    """Replace what row `index` says with the person's corrections (text as typed)."""
    staged.rows[index]["values"] = {f: str(values.get(f) or "").strip()[:200] for f in FIELDS}
    staged.save(update_fields=["rows", "updated_at"])


def staged_import_row_remove(*, staged: StagedImport, index: int) -> None:
    """Leave row `index` out of the import."""
    del staged.rows[index]
    staged.save(update_fields=["rows", "updated_at"])


def staged_import_discard(*, staged: StagedImport) -> None:
    staged.delete()


@transaction.atomic
def staged_import_commit(
    *, staged: StagedImport, days_first: bool | None = None
) -> list[SupervisionSession]:
    """Log every staged row as a session, all in one transaction, then forget the upload.

    Raises ImportNotReady (saving nothing) when any row still has a problem. Rows naming the
    same provider share one Provider (by email, else by name within this person's providers).
    Side effects, in order: Provider rows for new providers; the sessions; the staged import
    deleted. Dates written with numbers are read in `days_first` order (by default the
    active language's), the order the preview showed.
    """
    staged = StagedImport.objects.select_for_update().get(pk=staged.pk)
    supervisee = staged.supervisee
    checked = [row_clean(row["values"], days_first=days_first) for row in staged.rows]
    problems = sum(1 for _, errors in checked if errors)
    if problems or not checked:
        raise ImportNotReady(problems)
    entries = []
    for cleaned, _ in checked:
        provider = None
        if not cleaned["peer"]:
            # Same email = same provider; without one, the same name (any capitalisation).
            provider = NewProvider(name=cleaned["provider_name"], email=cleaned["provider_email"])
        facts = SessionFacts(
            date=cleaned["date"],
            duration_minutes=cleaned["duration_minutes"],
            format=cleaned["format"],
            group_size=cleaned["group_size"],
            modality=cleaned["modality"],
            focus=cleaned["focus"],
            age_band=cleaned["age_band"],
        )
        entries.append((facts, provider))
    sessions = supervision_sessions_log_many(supervisee=supervisee, entries=entries)
    staged.delete()
    return sessions
