"""CSV import: upload, preview every row with its problems, fix or remove rows, then save."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from .. import selectors, services
from ..forms import ImportRowForm, ImportUploadForm
from ..imports import FIELD_LABELS, FIELDS, date_example, day_first, row_clean

# The preview says in which order it read the dates and posts it with the import, so the
# sessions are saved with the dates the person checked, whatever the language is by then.
DATE_ORDERS = {"day_first": True, "month_first": False}


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        staged = services.staged_import_create(
            supervisee=request.user, filename=form.cleaned_data["file"].name, rows=form.rows
        )
        return redirect("reflective_supervision:import_preview", pk=staged.pk)
    return render(
        request,
        "reflective_supervision/import_upload.html",
        {"form": form, "date_example": date_example()},
    )


def _checked_rows(staged, *, days_first: bool):
    rows = []
    for index, row in enumerate(staged.rows):
        cleaned, errors = row_clean(row["values"], days_first=days_first)
        rows.append(
            {
                "index": index,
                "line": row["line"],
                "values": [row["values"].get(f, "") for f in FIELDS],
                "cleaned": cleaned,
                "problems": [
                    _("%(field)s: %(problem)s") % {"field": FIELD_LABELS[f], "problem": m}
                    for f, m in errors.items()
                ],
            }
        )
    return rows


@login_required
@require_http_methods(["GET"])
def import_preview(request, pk):
    staged = selectors.staged_import_get_for_user(user=request.user, pk=pk)
    days_first = day_first()
    rows = _checked_rows(staged, days_first=days_first)
    return render(
        request,
        "reflective_supervision/import_preview.html",
        {
            "staged": staged,
            "rows": rows,
            "labels": [FIELD_LABELS[f] for f in FIELDS],
            "problem_count": sum(1 for r in rows if r["problems"]),
            "ambiguous_count": sum(1 for r in rows if r["cleaned"].get("date_ambiguous")),
            "date_order": "day_first" if days_first else "month_first",
            "date_example": date_example(),
        },
    )


@login_required
@require_POST
def import_save(request, pk):
    staged = selectors.staged_import_get_for_user(user=request.user, pk=pk)
    days_first = DATE_ORDERS.get(request.POST.get("date_order", ""), day_first())
    try:
        sessions = services.staged_import_commit(staged=staged, days_first=days_first)
    except services.ImportNotReady as exc:
        messages.error(
            request,
            ngettext(
                "Nothing was saved: %(count)s row still has problems. Fix it or leave it out "
                "first.",
                "Nothing was saved: %(count)s rows still have problems. Fix or leave them out "
                "first.",
                exc.problems,
            )
            % {"count": exc.problems},
        )
        return redirect("reflective_supervision:import_preview", pk=staged.pk)
    messages.success(
        request,
        ngettext(
            "%(count)s session imported into your log.",
            "%(count)s sessions imported into your log.",
            len(sessions),
        )
        % {"count": len(sessions)},
    )
    return redirect("reflective_supervision:log")


def _row(staged, index):
    if not 0 <= index < len(staged.rows):
        raise Http404
    return staged.rows[index]


@login_required
@require_http_methods(["GET", "POST"])
def import_row_edit(request, pk, index):
    staged = selectors.staged_import_get_for_user(user=request.user, pk=pk)
    row = _row(staged, index)
    # Bound from the start so the row's problems show as soon as the page opens.
    form = ImportRowForm(request.POST if request.method == "POST" else row["values"])
    if request.method == "POST" and form.is_valid():
        services.staged_import_row_update(staged=staged, index=index, values=form.cleaned_data)
        messages.success(request, _("Row %(line)s is ready to import.") % {"line": row["line"]})
        return redirect("reflective_supervision:import_preview", pk=staged.pk)
    return render(
        request,
        "reflective_supervision/import_row.html",
        {"form": form, "staged": staged, "row": row, "index": index},
    )


@login_required
@require_POST
def import_row_remove(request, pk, index):
    staged = selectors.staged_import_get_for_user(user=request.user, pk=pk)
    row = _row(staged, index)
    services.staged_import_row_remove(staged=staged, index=index)
    messages.success(request, _("Row %(line)s left out of the import.") % {"line": row["line"]})
    return redirect("reflective_supervision:import_preview", pk=staged.pk)


@login_required
@require_POST
def import_discard(request, pk):
    staged = selectors.staged_import_get_for_user(user=request.user, pk=pk)
    services.staged_import_discard(staged=staged)
    messages.info(request, _("Import cancelled. Nothing was added to your log."))
    return redirect("reflective_supervision:log")
