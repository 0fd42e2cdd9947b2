"""The portfolio as submitted: a plain JSON document frozen on the application at submission.

Reviewers read `Application.snapshot`, never the living portfolio, so later edits to the evidence
do not change what they see; files it names are marked `retained` so that deleting the evidence
leaves them in storage. On resubmission after a deferral the old one moves to
`previous_snapshot` so the differences can be shown.

Format (version 3). Dates are "YYYY-MM-DD", times ISO 8601 with offset, hours and years are
strings of Decimals ("37.5"), lengths also in whole minutes, ids are the living rows' ids (they
may be gone later). Version 2 (December 2026): degrees carry "completed_on", work no longer
"post_graduate", trainings and sessions their "minutes", sessions their "age_band", checklist
items their "code" and "params". Version 3 (issue 16): no prose from the rules. Checklist
items keep only "code" and "params", sessions "reason_code" and "reason_params";
`competencies.checklist_text` writes them in the reader's language. Older snapshots keep their
English "label", "explanation" and "reason", shown as they were where the codes cannot say it.
Version 4 (issue 16): the profile keeps "region_id" and "language_ids" beside the names. The
pages write every choice from its code, and rating statements, competency areas, regions and
languages from the living rows by id (`endorsements.frozen_names`), in the reader's language;
the English words stored beside them (`*_label`, names, an answer's "domain" and "text") are
only shown for older snapshots or rows deleted since:

    {
      "format": 4,
      "built_at": "2026-03-14T10:00:00+00:00",
      "evaluated_on": "2026-03-14",
      "category": {"code": "IFA", "name": "Infant Family Associate"},
      "requirement_set": {"id": 3, "label": "IFA requirements from 1 Jan 2000"} | null,
      "applicant": {"id": 12, "email": "...", "full_name": "..."},
      "profile": null | {            # NO demographics, ever
        "legal_given_name", "legal_family_name", "display_name", "preferred_name",
        "credentials", "phone", "job_title",
        "agency": null | {"name", "program_type", "program_type_label"},
        "work_county": str, "region_id": int | null, "region": str,
        "language_ids": [int], "languages": [str],
        "membership_number": str, "membership_expires_on": date | null},
      "education": [{"id", "degree_level", "degree_level_label", "field_of_study",
                     "institution", "year", "completed_on", "transcript": FILE | null}],
      "work": [{"id", "employer", "role", "kind", "kind_label", "start_date", "end_date",
                "hours_per_week", "families_served", "age_band", "age_band_label", "paid"}],
      "training": [{"id", "title", "provider", "date", "end_date", "hours", "minutes", "format",
                    "format_label", "dei", "rsc_provision",
                    "competencies": [{"id", "name", "domain"}], "certificate": FILE | null}],
      "leadership": [{"id", "kind", "kind_label", "title", "organisation", "start_date",
                      "end_date", "description"}],
      "documents": [{"id", "kind", "kind_label", "title", "file": FILE}],
      "rsc": {"window_start": date | null, "counted_hours", "not_counted_hours",
              "focus_provided_hours",
              "sessions": [{"id", "date", "hours", "minutes", "format", "format_label",
                            "group_size", "modality", "modality_label", "focus", "focus_label",
                            "age_band", "age_band_label",
                            "provider_name", "peer", "counted": bool, "reason_code",
                            "reason_params", "attestation_status", "attestation_status_label",
                            "provider_comment"}],       # private notes are never included
              "by_provider": [{"provider_name", "counted_hours", "not_counted_hours",
                               "sessions"}]},
      "references": [{"id", "rater_name", "rater_email", "relationship",
                      "relationship_label", "rater_endorsed", "rater_endorsement_number",
                      "rater_endorsement_verified", "vetted", "status", "completed_at",
                      "applicant_waived_access",
                      "answers": [{"item", "domain", "text", "rating": 1..5 | null}],
                      "comments", "not_enough_info_count", "counts": bool}],
      "checklist": {"complete": bool,
                    "items": [{"key", "met", "required", "actual", "section",
                               "contributing_ids", "code", "params"}]},
      "attestation": null | {"version", "typed_name", "attested_at"}
    }

where FILE is {"file_id": StoredFile id, "name": original file name, "kind": "pdf"|"png"|"jpeg"}.
Reference content is in the snapshot even where the applicant waived access: reviewers see it,
the applicant's pages hide it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.functional import Promise

from applicants import selectors as applicant_selectors
from endorsements.models import Application, ReferenceRelationship
from endorsements.selectors import Evaluation, application_evaluation, reference_counts
from reflective_supervision import selectors as rsc_selectors
from reflective_supervision.models import SupervisionSession, minutes_to_hours

FORMAT_VERSION = 4


def _plain(value):
    """A JSON-safe copy of a checklist figure or parameter (dicts and lists all the way down)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return value


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _file(stored_file) -> dict | None:
    if stored_file is None:
        return None
    return {"file_id": stored_file.pk, "name": stored_file.original_name, "kind": stored_file.kind}


def _profile(user) -> dict | None:
    profile = applicant_selectors.profile_for_user(user)
    if profile is None:
        return None
    county = profile.work_county
    agency = profile.agency
    return {
        # The legal name is the account's (one name for the person).
        "legal_given_name": profile.user.given_name,
        "legal_family_name": profile.user.family_name,
        "display_name": profile.display_name,
        "preferred_name": profile.preferred_name,
        "credentials": profile.credentials,
        "phone": profile.phone,
        "job_title": profile.job_title,
        "agency": {
            "name": agency.name,
            "program_type": agency.program_type,
            "program_type_label": agency.get_program_type_display(),
        }
        if agency
        else None,
        "work_county": county.name if county else "",
        # Ids, which the pages name in the reader's language; the English names beside them
        # are what a page shows if the row is gone.
        "region_id": county.region_id if county else None,
        "region": county.region.name if county else "",
        "language_ids": [language.pk for language in profile.languages.all()],
        "languages": [language.name for language in profile.languages.all()],
        "membership_number": profile.membership_number,
        "membership_expires_on": _day(profile.membership_expires_on),
    }


def _evidence(user) -> dict:
    evidence = applicant_selectors.evidence_for_user(user)
    return {
        "education": [
            {
                "id": d.pk,
                "degree_level": d.degree_level,
                "degree_level_label": d.get_degree_level_display(),
                "field_of_study": d.field_of_study,
                "institution": d.institution,
                "year": d.year,
                "completed_on": _day(d.completed_on),
                "transcript": _file(d.transcript),
            }
            for d in evidence.degrees
        ],
        "work": [
            {
                "id": w.pk,
                "employer": w.employer,
                "role": w.role,
                "kind": w.kind,
                "kind_label": w.get_kind_display(),
                "start_date": _day(w.start_date),
                "end_date": _day(w.end_date),
                "hours_per_week": str(w.hours_per_week),
                "families_served": w.families_served,
                "age_band": w.age_band,
                "age_band_label": w.get_age_band_display(),
                "paid": w.paid,
            }
            for w in evidence.work
        ],
        "training": [
            {
                "id": t.pk,
                "title": t.title,
                "provider": t.provider,
                "date": _day(t.date),
                "end_date": _day(t.end_date),
                "hours": str(t.hours),
                "minutes": t.minutes,
                "format": t.format,
                "format_label": t.get_format_display(),
                "dei": t.dei,
                "rsc_provision": t.rsc_provision,
                # Confirmed by the provider's roster (the training catalog), not self-reported.
                "verified": t.verified,
                "competencies": [
                    {"id": c.pk, "name": c.name, "domain": c.domain.name}
                    for c in t.competencies.all()
                ],
                "certificate": _file(t.certificate),
            }
            for t in evidence.trainings
        ],
        "leadership": [
            {
                "id": a.pk,
                "kind": a.kind,
                "kind_label": a.get_kind_display(),
                "title": a.title,
                "organisation": a.organisation,
                "start_date": _day(a.start_date),
                "end_date": _day(a.end_date),
                "description": a.description,
            }
            for a in evidence.leadership
        ],
        "documents": [
            {
                "id": doc.pk,
                "kind": doc.kind,
                "kind_label": doc.get_kind_display(),
                "title": doc.title,
                "file": _file(doc.file),
            }
            for doc in evidence.documents
        ],
    }


def _rsc(user, evaluation: Evaluation) -> dict:
    breakdown = evaluation.rsc
    verdicts = {v.session.id: v for v in breakdown.verdicts} if breakdown else {}
    rows = rsc_selectors.sessions_for_user(user=user, end=evaluation.on).defer("private_notes")
    sessions = []
    for s in sorted(rows, key=lambda s: (s.date, s.pk)):
        verdict = verdicts.get(s.pk)
        sessions.append(
            {
                "id": s.pk,
                "date": _day(s.date),
                "hours": str(minutes_to_hours(s.duration_minutes)),
                "minutes": s.duration_minutes,
                "format": s.format,
                "format_label": s.get_format_display(),
                "group_size": s.group_size,
                "modality": s.modality,
                "modality_label": s.get_modality_display(),
                "focus": s.focus,
                "focus_label": s.get_focus_display(),
                "age_band": s.age_band,
                "age_band_label": s.get_age_band_display() if s.age_band else "",
                "provider_name": s.provider.name if s.provider else "",
                "peer": s.peer,
                "counted": bool(verdict and verdict.counted),
                "reason_code": verdict.reason_code if verdict else "not_evaluated",
                "reason_params": _plain(dict(verdict.params)) if verdict else {},
                "attestation_status": s.status,
                "attestation_status_label": SupervisionSession.Status(s.status).label,
                "provider_comment": s.provider_comment,
            }
        )
    return {
        "window_start": _day(breakdown.window_start) if breakdown else None,
        "counted_hours": str(breakdown.counted_hours) if breakdown else "0",
        "not_counted_hours": str(breakdown.not_counted_hours) if breakdown else "0",
        "focus_provided_hours": str(breakdown.counted_focus_provided_hours) if breakdown else "0",
        "sessions": sessions,
        "by_provider": [
            {
                "provider_name": p.provider_name,
                "counted_hours": str(p.counted_hours),
                "not_counted_hours": str(p.not_counted_hours),
                "sessions": p.sessions,
            }
            for p in (breakdown.by_provider if breakdown else ())
        ],
    }


def _references(evaluation: Evaluation) -> list[dict]:
    threshold = evaluation.spec.reference_not_enough_info_threshold if evaluation.spec else 6
    return [
        {
            "id": r.pk,
            "rater_name": r.rater_name,
            "rater_email": r.rater_email,
            "relationship": r.relationship,
            "relationship_label": str(ReferenceRelationship(r.relationship).label),
            "rater_endorsed": r.rater_endorsed,
            "rater_endorsement_number": r.rater_endorsement_number,
            "rater_endorsement_verified": r.endorsement_verified,
            "vetted": r.vetted,
            "status": str(r.status),
            "completed_at": r.completed_at.isoformat() if r.completed_at else None,
            "applicant_waived_access": r.applicant_waived_access,
            "answers": r.answers,
            "comments": r.comments,
            "not_enough_info_count": r.not_enough_info_count,
            "counts": reference_counts(r, threshold=threshold),
        }
        for r in evaluation.references
    ]


def _checklist(evaluation: Evaluation) -> dict:
    return {
        "complete": evaluation.complete,
        "items": [
            {
                "key": item.key,
                "met": item.met,
                "required": _plain(item.required),
                "actual": _plain(item.actual),
                "section": item.section,
                "contributing_ids": [_plain(i) for i in item.contributing_ids],
                "code": item.code,
                "params": _plain(dict(item.params)),
            }
            for item in evaluation.checklist.items
        ],
    }


def _frozen(value):
    """Lazy translations made plain text, all the way down (JSON cannot hold them)."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_frozen(v) for v in value]
    return value


def application_snapshot_build(
    application: Application, *, evaluation: Evaluation | None = None
) -> dict:
    """The snapshot of `application`'s portfolio now (see the module docstring for the format).

    Reads only; `evaluation` (from `selectors.application_evaluation`) is computed when absent.
    Whoever submits, the words kept beside codes and ids are frozen in English: the review
    pages write them in each reader's language from the codes and ids, and show these only
    where the code or the row is no longer known.
    """
    with translation.override("en"):
        return _frozen(_snapshot(application, evaluation=evaluation))


def _snapshot(application: Application, *, evaluation: Evaluation | None) -> dict:
    evaluation = evaluation or application_evaluation(application=application)
    user = application.applicant
    requirement_set = evaluation.requirement_set
    attestation = evaluation.attestation
    return {
        "format": FORMAT_VERSION,
        "built_at": timezone.now().isoformat(),
        "evaluated_on": evaluation.on.isoformat(),
        "category": {"code": application.category.code, "name": application.category.name},
        "requirement_set": {"id": requirement_set.pk, "label": str(requirement_set)}
        if requirement_set
        else None,
        "applicant": {"id": user.pk, "email": user.email, "full_name": user.full_name},
        "profile": _profile(user),
        **_evidence(user),
        "rsc": _rsc(user, evaluation),
        "references": _references(evaluation),
        "checklist": _checklist(evaluation),
        "attestation": {
            "version": attestation.version,
            "typed_name": attestation.typed_name,
            "attested_at": attestation.attested_at.isoformat(),
        }
        if attestation
        else None,
    }


def snapshot_file_ids(snapshot: dict) -> set[int]:
    """Every stored file the snapshot names (to keep them when the evidence changes)."""
    ids = set()
    for entry in snapshot.get("education", []):
        if entry.get("transcript"):
            ids.add(entry["transcript"]["file_id"])
    for entry in snapshot.get("training", []):
        if entry.get("certificate"):
            ids.add(entry["certificate"]["file_id"])
    for entry in snapshot.get("documents", []):
        if entry.get("file"):
            ids.add(entry["file"]["file_id"])
    return ids
