"""The measurements behind `make bench`, run inside a Django process on the bench database."""

import random
import time
from datetime import date
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from bench.loadgen import run_load

TARGETS = {
    "pages": "at least 0.5x the baseline's requests/s, p95 at most 2x the baseline's",
    "report": "within 1.5x of raw SQL",
    "certificate": "within 1.3x of bare WeasyPrint",
    "reminders": "under 10 s for 100,000 endorsements",
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


def _page_row(name, result, baseline):
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
    if result.errors:
        row["failed"] = f"{result.errors} errors, e.g. {result.error_samples[:2]}"
    return row


def run_all(
    *, base_url, seconds, load_seconds, smoke, clients, load_users, median_seconds, pages_only=False
):
    rng = random.Random(2026)
    rows = []
    coordinator = User.objects.get(email="coordinator@example.org")
    applicants = list(
        User.objects.holding(Role.APPLICANT).order_by("?").values_list("pk", flat=True)[:200]
    )
    applicant_cookies = [session_cookie(u) for u in User.objects.filter(pk__in=applicants)]
    coordinator_cookie = session_cookie(coordinator)
    names = list(User.objects.order_by("?").values_list("family_name", flat=True)[:50])

    def load(label, paths, cookies, secs=seconds, users=clients):
        # Warm up the server's connections and caches, then measure.
        run_load(
            base_url=base_url, paths=paths, cookies=cookies, clients=users, seconds=1, label=label
        )
        return run_load(
            base_url=base_url,
            paths=paths,
            cookies=cookies,
            clients=users,
            seconds=secs,
            label=label,
        )

    baseline = load("baseline", [reverse("bench_baseline")], [])
    pages = [
        ("Coordinator inbox", [reverse("review:inbox")], [coordinator_cookie]),
        ("Applicant dashboard", [reverse("applicants:dashboard")], applicant_cookies),
        (
            "Registry search",
            [f"{reverse('reports:registry')}?name={n}" for n in names]
            or [reverse("reports:registry")],
            [],
        ),
    ]
    for name, paths, cookies in pages:
        rows.append(_page_row(name, load(name, paths, cookies), baseline))
    rows.append(
        uncached_renders(
            coordinator_cookie=coordinator_cookie,
            applicant_cookie=applicant_cookies[0],
            applicant_id=User.objects.filter(pk__in=applicants).order_by("pk")[0].pk,
            registry_path=pages[2][1][0],
            median_seconds=median_seconds,
            repeat=5 if smoke else 30,
        )
    )
    if pages_only:
        return rows

    # Per-region report against the raw SQL GROUP BY it needs.
    from bench import reports as report_bench

    as_of = timezone.localdate()
    report = median_seconds(lambda: report_bench.report_rows(as_of), 5)
    raw = median_seconds(lambda: report_bench.raw_group_by(as_of), 5)
    rows.append(
        {
            "name": "Per-region report",
            "figure": f"{report * 1000:.0f} ms",
            "baseline": f"raw SQL GROUP BY {raw * 1000:.0f} ms",
            "ratio": f"{report / raw:.2f}x",
            "target": TARGETS["report"],
            "met": report / raw <= 1.5,
        }
    )

    # Certificate render against bare WeasyPrint on the same HTML.
    from bench import certificates as cert_bench
    from endorsements.models import Endorsement

    endorsement = Endorsement.objects.select_related("holder", "category").first()
    html = cert_bench.certificate_html(endorsement)
    cert_bench.render_certificate_bytes(endorsement)  # warm the shared fonts and stylesheet
    ours = median_seconds(lambda: cert_bench.render_certificate_bytes(endorsement), 5)
    bare = median_seconds(lambda: cert_bench.bare_weasyprint_bytes(html), 5)
    rows.append(
        {
            "name": "Certificate render",
            "figure": f"{ours * 1000:.0f} ms",
            "baseline": f"bare WeasyPrint {bare * 1000:.0f} ms",
            "ratio": f"{ours / bare:.2f}x",
            "target": TARGETS["certificate"],
            "met": ours / bare <= 1.3,
        }
    )

    # Bulk certificate throughput on the real worker.
    count = 10 if smoke else 200
    started, done = bulk_regenerate_on_worker(count=count, timeout=600)
    elapsed = time.monotonic() - started
    rows.append(
        {
            "name": "Bulk certificates (worker)",
            "figure": f"{done} in {elapsed:.1f} s = {done / elapsed:.1f}/s",
            "baseline": "(throughput; context)",
            "ratio": "",
            "target": "all rendered",
            "met": done == count,
            **({} if done == count else {"failed": f"only {done} of {count} rendered"}),
        }
    )

    # The daily reminder and lapse job over every endorsement (claims in the job itself; the
    # emails and lapses it fans out run on the worker).
    from endorsements.credentials.services import reminders

    total = Endorsement.objects.count()
    reminder_seconds = median_seconds(reminders.reminders_and_lapses_run, 1)
    rows.append(
        {
            "name": "Daily reminder job",
            "figure": f"{reminder_seconds:.2f} s over {total:,} endorsements",
            "baseline": "",
            "ratio": "",
            "target": TARGETS["reminders"],
            "met": reminder_seconds < 10,
        }
    )

    # Load test: 25 users for 60 s across the main pages; must end with zero errors.
    mixed = [
        reverse("core:home"),
        reverse("competencies:list"),
        reverse("reports:registry"),
        reverse("applicants:dashboard"),
    ]
    rng.shuffle(mixed)
    result = load("load test", mixed, applicant_cookies, secs=load_seconds, users=load_users)
    rows.append(
        {
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
    )
    return rows


def uncached_renders(
    *, coordinator_cookie, applicant_cookie, applicant_id, registry_path, median_seconds, repeat
):
    """Context for the page figures: the pages keep their content in the cache until what
    they show changes (core.fragments), and the load above repeats the same pages without
    changes. Here each page is rendered right after a change (its scope bumped), one request
    at a time in this process, beside the bare baseline measured the same way."""
    from django.test import Client

    from applicants.caching import portfolio_scope
    from core.fragments import _bump_now
    from endorsements.reports.caching import REGISTRY_SCOPE
    from endorsements.review.caching import REVIEW_SCOPE

    def timed(path, cookie=None, scope=None):
        client = Client(HTTP_HOST="127.0.0.1")
        if cookie:
            key, value = cookie.split("=", 1)
            client.cookies[key] = value

        def one():
            if scope:
                _bump_now((scope,))
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        one()  # warm the process
        return median_seconds(one, repeat) * 1000

    baseline = timed(reverse("bench_baseline"))
    inbox = timed(reverse("review:inbox"), coordinator_cookie, REVIEW_SCOPE)
    dashboard = timed(
        reverse("applicants:dashboard"), applicant_cookie, portfolio_scope(applicant_id)
    )
    registry = timed(registry_path, scope=REGISTRY_SCOPE)
    return {
        "name": "Pages after a change (uncached, one request at a time)",
        "figure": f"inbox {inbox:.1f} ms, dashboard {dashboard:.1f} ms, "
        f"registry search {registry:.1f} ms",
        "baseline": f"{baseline:.1f} ms",
        "ratio": f"{inbox / baseline:.1f}x, {dashboard / baseline:.1f}x, "
        f"{registry / baseline:.1f}x",
        "target": "context: no target",
        "met": None,
    }


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


def bulk_regenerate_on_worker(*, count: int, timeout: float) -> tuple[float, int]:
    """Start a regeneration batch of `count` certificates on the worker and wait for it.

    Returns (start time, certificates done) once the batch finishes or `timeout` passes.
    """
    from django.db import transaction

    from endorsements.credentials.models import CertificateBatch
    from endorsements.credentials.services.certificates import (
        RENDERED_STATUSES,
        certificate_batch_start,
    )
    from endorsements.models import Endorsement

    ids = list(
        Endorsement.objects.filter(status__in=RENDERED_STATUSES)
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )
    started = time.monotonic()
    with transaction.atomic():
        batch = certificate_batch_start(endorsement_ids=ids, description="bench", chunk=20)
    deadline = started + timeout
    while time.monotonic() < deadline:
        batch = CertificateBatch.objects.get(pk=batch.pk)
        if batch.done + batch.failed >= batch.total:
            break
        time.sleep(0.2)
    return started, batch.done
