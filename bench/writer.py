"""The writer of the mixed measure: real changes through the portal's own services, at a steady
rate, in a thread of the bench process while the clients load the pages.

Each change is one a person makes through a page, and each changes what a measured page shows:
- a training added to one of the applicants whose dashboards are loaded (applicants.services);
- an assignment made in the coordinator inbox: reviewers assigned to a waiting application
  (the inbox row changes from waiting to in review, with the reviewers' names), or, once none
  waits, a reviewer of an open review replaced by another (endorsements.review.services);
- a registry opt-in toggled for a person the registry searches find: a listed person opts
  out, and on the next turn opts back in (applicants.services.profile_update).
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import close_old_connections, connection
from django.utils import timezone

from accounts.models import User
from applicants.models import ApplicantProfile, TrainingFormat
from applicants.services import profile_update, training_create
from competencies.models import Competency
from endorsements.models import Application, ApplicationStatus
from endorsements.review import selectors, services
from endorsements.review.models import Assignment
from endorsements.review.services import AssignmentRefused

KINDS = ("training", "assignment", "opt-in")


@dataclass
class WriteCounts:
    done: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.done.values())

    def describe(self) -> str:
        rate = self.total / self.seconds if self.seconds else 0.0
        parts = ", ".join(f"{n} {kind}" for kind, n in self.done.items())
        text = f"{self.total} writes ({parts}) = {rate:.1f}/s"
        if self.errors:
            text += f", {self.errors} failed"
        return text


class Writer:
    """`start()` a thread that makes `rate` changes a second, rotating through KINDS, until
    `stop()`, which returns the counts. A change that fails is counted and the next one made;
    the writer never stops the load."""

    def __init__(
        self,
        *,
        rate: float,
        applicant_ids: list[int],
        listed_user_ids: list[int],
        coordinator,
        seed: int = 20,
    ):
        self.rate = rate
        self.applicant_ids = applicant_ids
        self.listed_user_ids = listed_user_ids
        self.coordinator = coordinator
        self.rng = random.Random(seed)
        self.opted_out: list[int] = []
        self.counts = WriteCounts()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._turn = 0

    # --- The three changes -------------------------------------------------------------------

    def add_training(self) -> None:
        user_id = self.rng.choice(self.applicant_ids)
        user = User.objects.get(pk=user_id)
        areas = list(Competency.objects.order_by("?").values_list("pk", flat=True)[:2])
        training_create(
            user=user,
            data={
                "title": f"Bench training {self.counts.done['training'] + 1}",
                "provider": "Bench provider",
                "date": timezone.localdate() - timedelta(days=self.rng.randint(1, 300)),
                "minutes": self.rng.choice((60, 90, 180, 360)),
                "format": self.rng.choice(TrainingFormat.values),
            },
            competency_ids=areas,
        )

    def make_assignment(self) -> None:
        reviewers = list(selectors.reviewers_with_load())
        waiting = list(
            Application.objects.filter(status=ApplicationStatus.SUBMITTED)
            .select_related("category", "requirement_set", "applicant")
            .order_by("submitted_at", "pk")[:5]
        )
        for application in waiting:
            required = services.reviewers_required(application)
            for offset in range(0, max(1, len(reviewers) - required + 1), required):
                chosen = [
                    r
                    for r in reviewers[offset : offset + required]
                    if r.pk != application.applicant_id
                ]
                if len(chosen) < required:
                    continue
                try:
                    services.assignment_create(
                        application=application,
                        reviewers=chosen,
                        actor=self.coordinator,
                        override_reason="Benchmark: steady writes",
                    )
                    return
                except AssignmentRefused:
                    continue
        # Nobody waits: give an open review to another reviewer instead.
        open_reviews = list(
            Assignment.objects.filter(
                completed_at__isnull=True, application__status=ApplicationStatus.IN_REVIEW
            )
            .select_related("application")
            .order_by("?")[:5]
        )
        for assignment in open_reviews:
            on_round = set(
                Assignment.objects.filter(
                    application=assignment.application, round=assignment.round
                ).values_list("reviewer_id", flat=True)
            )
            candidates = [
                r
                for r in reviewers
                if r.pk not in on_round and r.pk != assignment.application.applicant_id
            ]
            for reviewer in candidates[:3]:
                try:
                    services.assignment_replace(
                        assignment=assignment,
                        reviewer=reviewer,
                        actor=self.coordinator,
                        reason="Benchmark: steady writes",
                        override_reason="Benchmark: steady writes",
                    )
                    return
                except AssignmentRefused:
                    continue
        raise RuntimeError("no application to assign and no open review to reassign")

    def toggle_opt_in(self) -> None:
        if self.opted_out:  # turn and turn about: whoever opted out opts back in
            user_id, opt_in = self.opted_out.pop(0), True
        else:
            choices = [pk for pk in self.listed_user_ids if pk not in self.opted_out]
            if not choices:
                raise RuntimeError("nobody listed in the registry to opt out")
            user_id, opt_in = self.rng.choice(choices), False
        user = User.objects.get(pk=user_id)
        profile = ApplicantProfile.objects.get(user=user)
        # As the profile form does: every field kept, the languages posted back as they are.
        profile_update(
            user=user,
            data={"directory_opt_in": opt_in},
            languages=list(profile.languages.all()),
        )
        if not opt_in:
            self.opted_out.append(user_id)

    # --- The loop ----------------------------------------------------------------------------

    def write_once(self) -> None:
        kind = KINDS[self._turn % len(KINDS)]
        self._turn += 1
        started = time.perf_counter()
        try:
            {
                "training": self.add_training,
                "assignment": self.make_assignment,
                "opt-in": self.toggle_opt_in,
            }[kind]()
        except Exception as exc:  # counted: the load goes on
            self.counts.errors += 1
            if len(self.counts.error_samples) < 5:
                self.counts.error_samples.append(f"{kind}: {type(exc).__name__}: {exc}"[:300])
        else:
            self.counts.done[kind] += 1
            self.counts.latencies.append(time.perf_counter() - started)

    def _opt_back_in(self) -> None:
        user = User.objects.get(pk=self.opted_out.pop(0))
        profile = ApplicantProfile.objects.get(user=user)
        profile_update(
            user=user, data={"directory_opt_in": True}, languages=list(profile.languages.all())
        )

    def _run(self) -> None:
        close_old_connections()
        started = time.monotonic()
        interval = 1.0 / self.rate
        n = 0
        try:
            while not self._stop.is_set():
                due = started + n * interval
                wait = due - time.monotonic()
                if wait > 0 and self._stop.wait(wait):
                    break
                self.write_once()
                n += 1
            self.counts.seconds = time.monotonic() - started
            # Whoever opted out opts back in, so the next measure sees the same registry.
            self._opt_back_in_all()
        finally:
            connection.close()

    def _opt_back_in_all(self) -> None:
        while self.opted_out:
            try:
                self._opt_back_in()
            except Exception:  # the next measure merely sees one person fewer
                break

    def start(self) -> Writer:
        self._thread = threading.Thread(target=self._run, name="bench-writer", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> WriteCounts:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(60)
        return self.counts
