"""The measurements behind `make bench`, run inside a Django process on the bench database."""

import random
import statistics
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from bench import certificates as cert_bench
from bench import reports as report_bench
from bench.loadgen import run_load
from bench.writer import WriteCounts, Writer
from endorsements.models import ApplicationStatus, Endorsement

TARGETS = {
    "pages": "at least 0.5x the baseline's requests/s, p95 at most 2x the baseline's",
    "report": "within 1.5x of raw SQL",
    "certificate": "within 1.3x of bare WeasyPrint",
    "reminders": "under 10 s for 100,000 endorsements",
    "uncached": "at most 5x the bare page's single request; queries constant in list size",
    "bulk": "per worker process at least 0.8x bare WeasyPrint's certificates/s",
}


def applicant_count() -> int:
    return User.objects.holding(Role.APPLICANT).count()


def row_counts() -> str:
    tables = {
        "users": "accounts_user",
        "RSC sessions": "reflective_supervision_supervisionsession",
        "trainings": "applicants_training",
        "endorsements": "endorsements_endorsement",
        "endorsement history": "endorsements_endorsementevent",
    }
    parts = []
    total = 0
    with connection.cursor() as cur:
        for label, table in tables.items():
            cur.execute(f"SELECT count(*) FROM {table}")  # fixed table names, not input
            n = cur.fetchone()[0]
            total += n
            parts.append(f"{n:,} {label}")
    return ", ".join(parts) + f" ({total:,} rows)"


def session_cookie(user) -> str:
    """A signed-in session for `user`, made directly (as a load tester would), 2FA passed."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if user.is_staff_member:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        store["otp_device_id"] = device.persistent_id
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _page_row(name, result, baseline, writes: WriteCounts | None = None):
    ratio_rps = result.rps / baseline.rps if baseline.rps else float("nan")
    ratio_p95 = result.pct(95) / baseline.pct(95) if baseline.latencies else float("nan")
    row = {
        "name": name,
        "figure": f"{result.rps:.0f} req/s, p50 {result.pct(50) * 1000:.0f} ms, "
        f"p95 {result.pct(95) * 1000:.0f} ms",
        "baseline": f"{baseline.rps:.0f} req/s, p95 {baseline.pct(95) * 1000:.0f} ms",
        "ratio": f"{ratio_rps:.2f}x req/s, {ratio_p95:.2f}x p95",
        "target": TARGETS["pages"],
        "met": ratio_rps >= 0.5 and ratio_p95 <= 2.0,
    }
    if writes is not None:
        row["figure"] += f"; {writes.describe()}"
        if writes.errors:
            row["failed"] = f"{writes.errors} writes failed, e.g. {writes.error_samples[:2]}"
    if result.errors:
        row["failed"] = f"{result.errors} errors, e.g. {result.error_samples[:2]}"
    return row


@dataclass
class Subjects:
    """Who and what the measures look at: real people and records of the bench database."""

    coordinator: User
    coordinator_cookie: str
    applicant_ids: list[int]
    applicant_cookies: list[str]
    names: list[str]
    listed_user_ids: list[int]
    registry_paths: list[str]


def subjects() -> Subjects:
    from endorsements.reports.selectors import directory_search

    coordinator = User.objects.get(email="coordinator@example.org")
    applicant_ids = list(
        User.objects.holding(Role.APPLICANT).order_by("?").values_list("pk", flat=True)[:200]
    )
    names = list(User.objects.order_by("?").values_list("family_name", flat=True)[:50])
    listed = directory_search()
    # People the registry searches find, so that their opting out shows on the measured pages.
    listed_user_ids = list(
        listed.filter(user__family_name__in=names).values_list("user_id", flat=True)[:200]
    ) or list(listed.values_list("user_id", flat=True)[:50])
    registry = reverse("reports:registry")
    return Subjects(
        coordinator=coordinator,
        coordinator_cookie=session_cookie(coordinator),
        applicant_ids=applicant_ids,
        applicant_cookies=[session_cookie(u) for u in User.objects.filter(pk__in=applicant_ids)],
        names=names,
        listed_user_ids=listed_user_ids,
        registry_paths=[f"{registry}?name={n}" for n in names] or [registry],
    )


def _guarded(rows: list, name: str, measure: Callable[[], list | dict]) -> None:
    """Run one measure; a crash becomes a failed row (the run goes on, the exit is non-zero)."""
    try:
        result = measure()
    except Exception as exc:
        traceback.print_exc()
        rows.append(
            {
                "name": name,
                "figure": "crashed",
                "baseline": "",
                "ratio": "",
                "target": "",
                "met": False,
                "failed": f"{type(exc).__name__}: {exc}"[:300],
            }
        )
        return
    rows.extend(result if isinstance(result, list) else [result])


def run_all(
    *,
    base_url,
    seconds,
    load_seconds,
    smoke,
    clients,
    load_users,
    median_seconds,
    pages_only=False,
    write_rate=2.0,
    worker_concurrency=2,
):
    rng = random.Random(2026)
    rows = []
    who = subjects()

    def load(label, paths, cookies, secs=seconds, users=clients, during=None):
        # Warm up the server's connections and caches, then measure (with `during` running:
        # the writer of the mixed measure).
        run_load(
            base_url=base_url, paths=paths, cookies=cookies, clients=users, seconds=1, label=label
        )
        if during is not None:
            during.start()
        try:
            return run_load(
                base_url=base_url,
                paths=paths,
                cookies=cookies,
                clients=users,
                seconds=secs,
                label=label,
            )
        finally:
            if during is not None:
                during.stop()

    baseline = load("baseline", [reverse("bench_baseline")], [])
    pages = [
        ("Coordinator inbox", [reverse("review:inbox")], [who.coordinator_cookie]),
        ("Applicant dashboard", [reverse("applicants:dashboard")], who.applicant_cookies),
        ("Registry search", who.registry_paths, []),
    ]
    for name, paths, cookies in pages:

        def bare_page(name=name, paths=paths, cookies=cookies):
            return _page_row(name, load(name, paths, cookies), baseline)

        _guarded(rows, name, bare_page)

    # Mixed: the same pages while the writer changes what they show.
    for name, paths, cookies in pages:
        label = f"{name}, mixed ({write_rate:g} writes/s)"

        def mixed(name=name, paths=paths, cookies=cookies, label=label):
            writer = Writer(
                rate=write_rate,
                applicant_ids=who.applicant_ids,
                listed_user_ids=who.listed_user_ids,
                coordinator=who.coordinator,
            )
            result = load(label, paths, cookies, during=writer)
            return _page_row(label, result, baseline, writes=writer.counts)

        _guarded(rows, label, mixed)

    _guarded(
        rows,
        "Uncached pages",
        lambda: uncached_pages(who=who, repeat=3 if smoke else 30),
    )
    if pages_only:
        return rows

    _guarded(rows, "Per-region report", lambda: region_report(median_seconds))
    _guarded(rows, "Certificate render", lambda: certificate_render(median_seconds))
    _guarded(
        rows,
        "Bulk certificates (worker)",
        lambda: bulk_certificates(
            count=10 if smoke else 200, concurrency=worker_concurrency, sample=3 if smoke else 20
        ),
    )
    _guarded(rows, "Daily reminder job", lambda: reminder_job(median_seconds))

    # Load test: 25 users for 60 s across the main pages; must end with zero errors.
    def load_test():
        paths = [
            reverse("core:home"),
            reverse("competencies:list"),
            reverse("reports:registry"),
            reverse("applicants:dashboard"),
        ]
        rng.shuffle(paths)
        result = load(
            "load test", paths, who.applicant_cookies, secs=load_seconds, users=load_users
        )
        return {
            "name": f"Load test ({load_users} users, {load_seconds:g} s)",
            "figure": f"{result.requests:,} requests, {result.rps:.0f} req/s, "
            f"p95 {result.pct(95) * 1000:.0f} ms",
            "baseline": "",
            "ratio": "",
            "target": "zero errors",
            "met": result.errors == 0,
            **(
                {"failed": f"{result.errors} errors: {result.error_samples}"}
                if result.errors
                else {}
            ),
        }

    _guarded(rows, f"Load test ({load_users} users, {load_seconds:g} s)", load_test)
    return rows


def region_report(median_seconds) -> dict:
    """The per-region report's computation against the raw SQL GROUP BY it needs."""
    as_of = timezone.localdate()
    report = median_seconds(lambda: report_bench.report_rows(as_of), 5)
    raw = median_seconds(lambda: report_bench.raw_group_by(as_of), 5)
    return {
        "name": "Per-region report",
        "figure": f"{report * 1000:.0f} ms",
        "baseline": f"raw SQL GROUP BY {raw * 1000:.0f} ms",
        "ratio": f"{report / raw:.2f}x",
        "target": TARGETS["report"],
        "met": report / raw <= 1.5,
    }


def certificate_render(median_seconds) -> dict:
    """One certificate as the worker renders it against bare WeasyPrint on the same HTML."""
    endorsement = Endorsement.objects.select_related("holder", "category").first()
    html = cert_bench.certificate_html(endorsement)
    cert_bench.render_certificate_bytes(endorsement)  # warm the shared fonts and stylesheet
    ours = median_seconds(lambda: cert_bench.render_certificate_bytes(endorsement), 5)
    bare = median_seconds(lambda: cert_bench.bare_weasyprint_bytes(html), 5)
    return {
        "name": "Certificate render",
        "figure": f"{ours * 1000:.0f} ms",
        "baseline": f"bare WeasyPrint {bare * 1000:.0f} ms",
        "ratio": f"{ours / bare:.2f}x",
        "target": TARGETS["certificate"],
        "met": ours / bare <= 1.3,
    }


def bulk_certificates(*, count: int, concurrency: int, sample: int) -> dict:
    """Bulk regeneration on the real worker, per worker process, against bare WeasyPrint
    rendering the same certificates' HTML one after another in one process (this one)."""
    ids = rendered_endorsement_ids(count)
    started, done = bulk_regenerate_on_worker(ids=ids, timeout=600, concurrency=concurrency)
    elapsed = time.monotonic() - started
    per_process = done / elapsed / concurrency
    endorsements = Endorsement.objects.select_related("holder", "category").filter(
        pk__in=ids[:sample]
    )
    pages = [cert_bench.certificate_html(e) for e in endorsements]
    cert_bench.bare_weasyprint_bytes(pages[0])  # the same warm process the worker has
    bare_started = time.perf_counter()
    for html in pages:
        cert_bench.bare_weasyprint_bytes(html)
    bare = len(pages) / (time.perf_counter() - bare_started)
    ratio = per_process / bare
    row = {
        "name": "Bulk certificates (per worker process)",
        "figure": f"{done} in {elapsed:.1f} s on {concurrency} worker processes = "
        f"{done / elapsed:.1f}/s, {per_process:.1f}/s per process",
        "baseline": f"bare WeasyPrint in one process {bare:.1f}/s ({len(pages)} of the same)",
        "ratio": f"{ratio:.2f}x",
        "target": TARGETS["bulk"],
        "met": done == len(ids) and ratio >= 0.8,
    }
    if done != len(ids):
        row["failed"] = f"only {done} of {len(ids)} rendered"
    return row


def reminder_job(median_seconds) -> dict:
    """The daily reminder and lapse job over every endorsement (claims in the job itself; the
    emails and lapses it fans out run on the worker)."""
    from endorsements.credentials.services import reminders

    total = Endorsement.objects.count()
    reminder_seconds = median_seconds(reminders.reminders_and_lapses_run, 1)
    return {
        "name": "Daily reminder job",
        "figure": f"{reminder_seconds:.2f} s over {total:,} endorsements",
        "baseline": "",
        "ratio": "",
        "target": TARGETS["reminders"],
        "met": reminder_seconds < 10,
    }


@dataclass
class Page:
    name: str
    path: str
    cookie: str | None = None
    # The same page over two lists of different sizes, each with its cookie: their query
    # counts must be the same.
    compare: tuple[tuple[str, str | None], tuple[str, str | None]] | None = None


def main_pages(who: Subjects) -> list[Page]:
    """Every main page, each with a realistic subject from the bench database."""
    from django.db.models import Count

    from endorsements.models import Application
    from endorsements.reports.selectors import directory_search
    from endorsements.review.models import Assignment
    from endorsements.review.selectors import INBOX_STATUSES

    applicants = User.objects.filter(pk__in=who.applicant_ids)
    by_trainings = applicants.annotate(n=Count("trainings")).order_by("n", "pk")
    fewest, most = by_trainings.first(), by_trainings.last()
    # An application in review with the fullest portfolio, its reviewer's open assignment.
    assignment = (
        Assignment.objects.filter(
            completed_at__isnull=True, application__status=ApplicationStatus.IN_REVIEW
        )
        .annotate(n=Count("application__applicant__trainings"))
        .select_related("application", "reviewer")
        .order_by("-n", "pk")
        .first()
    )
    if assignment is None:
        raise RuntimeError("no open review in the bench database")
    application = assignment.application
    applicant_cookie = session_cookie(application.applicant)
    endorsement = Endorsement.objects.filter(status="active").order_by("pk").first()
    # The inbox's first page of 50; its queries over the regions with the fewest and the most
    # applications.
    by_region = list(
        Application.objects.filter(
            status__in=INBOX_STATUSES,
            applicant__applicant_profile__work_county__region__isnull=False,
        )
        .values_list("applicant__applicant_profile__work_county__region")
        .annotate(n=Count("pk"))
        .order_by("n", "applicant__applicant_profile__work_county__region")
    )
    inbox = reverse("review:inbox")
    inbox_regions = [f"{inbox}?region={region}" for region, _ in by_region[-1:] + by_region[:1]]
    # The registry searched for the name with the most people found and the one with fewest.
    found = sorted((directory_search(name=name).count(), name) for name in dict.fromkeys(who.names))
    found = [name for n, name in found if n] or [""]
    registry = reverse("reports:registry")
    return [
        Page(
            "Coordinator inbox",
            inbox,
            who.coordinator_cookie,
            tuple((path, who.coordinator_cookie) for path in inbox_regions)
            if len(inbox_regions) == 2
            else None,
        ),
        Page(
            "Applicant dashboard",
            reverse("applicants:dashboard"),
            session_cookie(most),
            (
                (reverse("applicants:dashboard"), session_cookie(most)),
                (reverse("applicants:dashboard"), session_cookie(fewest)),
            ),
        ),
        Page(
            "Application checklist",
            reverse("endorsements:application_detail", args=[application.pk]),
            applicant_cookie,
        ),
        Page(
            "Review page",
            reverse("review:review", args=[assignment.pk]),
            session_cookie(assignment.reviewer),
        ),
        Page(
            "Registry search",
            f"{registry}?name={found[-1]}",
            None,
            ((f"{registry}?name={found[-1]}", None), (f"{registry}?name={found[0]}", None)),
        ),
        Page(
            "Region report page",
            reverse("reports:endorsed_by_region"),
            who.coordinator_cookie,
        ),
        Page(
            "Verification page",
            reverse("credentials:verify", args=[endorsement.verification_code]),
        ),
    ]


def _queries(n: int) -> str:
    return f"{n} query" if n == 1 else f"{n} queries"


def uncached_pages(*, who: Subjects, repeat: int) -> list[dict]:
    """Every main page one request at a time in this process, the cache emptied before each
    request (`cache.clear()`: whatever the pages keep there, nothing is kept), beside the bare
    baseline measured the same way. Also each page's query count, and for pages over a list,
    the query count over a list of another size."""
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def client_for(cookie):
        client = Client(HTTP_HOST="127.0.0.1")
        if cookie:
            key, value = cookie.split("=", 1)
            client.cookies[key] = value
        return client

    def get(client, path):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    def queries(path, cookie):
        client = client_for(cookie)
        get(client, path)  # the session and the process warm
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            get(client, path)
        return len(captured)

    def timed(path, cookie=None):
        client = client_for(cookie)
        get(client, path)  # warm the process (templates, connections)
        times = []
        for _ in range(repeat):
            cache.clear()
            started = time.perf_counter()
            get(client, path)
            times.append(time.perf_counter() - started)
        return statistics.median(times) * 1000

    baseline = timed(reverse("bench_baseline"))
    baseline_queries = queries(reverse("bench_baseline"), None)
    rows = []
    for page in main_pages(who):
        ms = timed(page.path, page.cookie)
        n = queries(page.path, page.cookie)
        counts = _queries(n)
        constant = True
        if page.compare:
            larger, smaller = (queries(path, cookie) for path, cookie in page.compare)
            constant = larger == smaller
            counts += f" ({larger} and {smaller} over a longer and a shorter list)"
        ratio = ms / baseline
        rows.append(
            {
                "name": f"Uncached: {page.name}",
                "figure": f"{ms:.1f} ms, {counts}",
                "baseline": f"{baseline:.1f} ms, {_queries(baseline_queries)}",
                "ratio": f"{ratio:.1f}x",
                "target": TARGETS["uncached"],
                "met": ratio <= 5 and constant,
            }
        )
    return rows


def format_table(rows, *, applicants: int, when: date) -> str:
    lines = [
        f"Benchmark {when:%Y-%m-%d}, {applicants:,} applicants, 2 cores "
        "(ratios are the headline; absolute numbers are context)",
        "",
        "| measure | ours | bare baseline | ratio | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        met = "–" if r["met"] is None else "yes" if r["met"] else "NO"
        cells = [r["name"], r["figure"], r["baseline"], r["ratio"], r["target"], met]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def rendered_endorsement_ids(count: int) -> list[int]:
    from endorsements.credentials.services.certificates import RENDERED_STATUSES

    return list(
        Endorsement.objects.filter(status__in=RENDERED_STATUSES)
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )


def bulk_regenerate_on_worker(
    *, ids: list[int], timeout: float, concurrency: int
) -> tuple[float, int]:
    """Start a regeneration batch of these certificates on the worker and wait for it.

    Returns (start time, certificates done) once the batch finishes or `timeout` passes.
    """
    from django.db import transaction

    from endorsements.credentials.models import CertificateBatch
    from endorsements.credentials.services.certificates import certificate_batch_start

    # Chunks of 20 as in production, but at least five per worker process (a smoke run's ten
    # certificates in one chunk would keep one process busy and the other idle).
    chunk = max(1, min(20, len(ids) // (concurrency * 5)))
    started = time.monotonic()
    with transaction.atomic():
        batch = certificate_batch_start(endorsement_ids=ids, description="bench", chunk=chunk)
    deadline = started + timeout
    while time.monotonic() < deadline:
        batch = CertificateBatch.objects.get(pk=batch.pk)
        if batch.done + batch.failed >= batch.total:
            break
        time.sleep(0.2)
    return started, batch.done
