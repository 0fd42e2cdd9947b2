"""Test set-up shared by every app: fast hashing, eager Celery, private temp storage,
service checks under CI, and the Playwright/axe fixtures for browser tests."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# beside one unless told that this is a test process doing it on purpose.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
ARTIFACTS = Path(__file__).resolve().parent / "test-artifacts"


def _redis_reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), 2):
            return True
    except OSError:
        return False


def pytest_sessionstart(session):
    """Under CI a missing service or browser is a failure, never a skip."""
    if not IN_CI:
        return
    problems = []
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        problems.append("DATABASE_URL must point at PostgreSQL under CI")
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis://") or not _redis_reachable(broker):
        problems.append(f"Redis broker not reachable at {broker!r}")
    if not Path(CHROMIUM).exists():
        problems.append(f"Chromium not found at {CHROMIUM}")
    if problems:
        pytest.exit("CI environment incomplete: " + "; ".join(problems), returncode=3)


@pytest.fixture(autouse=True)
def _portal_test_settings(settings, tmp_path):
    """Fast password hashing, eager Celery and throwaway file roots for every test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A private cache, even where .env points CACHE_URL at a shared Redis: the tests empty it
    # before each test, which must not log out a development server's sessions.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
    }
    # Sessions in the database, as query counts in the tests assume, whatever .env says.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_FILES_ROOT = str(tmp_path / "private")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    settings.DEV_OUTBOX_DIR = str(tmp_path / "outbox")
    settings.SITE_URL = "http://testserver"
    from endorsement_portal.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = eager


# --- Real Celery worker --------------------------------------------------------------------


def _database_url_for_test_db() -> str:
    from django.db import connection

    s = connection.settings_dict
    user = s.get("USER") or "postgres"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{s['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db, settings, request):
    """A real `celery worker` process on the Redis broker and the test database.

    Tasks sent while it runs go through Redis for real (eager mode is off for the test).
    A test marked `@pytest.mark.worker_options(pool="prefork", env={...})` gets a prefork
    pool (child processes that can be killed) and extra environment (EMAIL_URL...). The
    fixture's value is the queue name; `request.node.worker` is the process.
    """
    marker = request.node.get_closest_marker("worker_options")
    options = marker.kwargs if marker else {}
    from django.db import connection

    from endorsement_portal.celery import app

    broker = os.environ.get("CELERY_BROKER_URL", "")
    if connection.vendor != "postgresql" or not broker or not _redis_reachable(broker):
        if IN_CI:
            pytest.fail("the real-worker tests need PostgreSQL and Redis under CI")
        pytest.skip("set DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis) to run")
    app.conf.task_always_eager = False
    queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
    app.conf.task_default_queue = queue
    # A production-mode worker refuses the development key (core.checks.startup_problems); the
    # test process signs with the same key so that links either side makes work on the other.
    settings.SECRET_KEY = "test-worker-" + "s3cr3t-k3y-" * 5
    env = {
        **os.environ,
        "DATABASE_URL": _database_url_for_test_db(),
        "CELERY_BROKER_URL": broker,
        "EMAIL_URL": "dummymail://",
        "PRIVATE_FILES_ROOT": str(settings.PRIVATE_FILES_ROOT),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SITE_URL": settings.SITE_URL,
        "SECRET_KEY": settings.SECRET_KEY,
        # Tasks the worker itself sends (fan-out, chains) stay on this test's queue.
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        **options.get("env", {}),
    }
    pool = options.get("pool", "solo")
    pool_args = ["--pool=solo"] if pool == "solo" else [f"--pool={pool}", "--concurrency=2"]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "endorsement_portal",
            "worker",
            *pool_args,
            "--loglevel=INFO",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    request.node.worker = proc
    try:
        yield queue
    finally:
        proc.terminate()
        try:
            out, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
        app.conf.task_default_queue = "celery"
        if os.environ.get("SHOW_WORKER_LOG"):
            print(out)


def wait_for(predicate, *, timeout: float = 60.0, interval: float = 0.25):
    """Poll `predicate` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"condition not met within {timeout} s")


# --- A real SMTP server in the test process --------------------------------------------------


class SmtpServer:
    """An aiosmtpd server on a free local port that counts what it accepts.

    `down()` closes the port (connections are refused, as when the mail server is away) and
    `up()` opens it again on the same port. Recipients containing "nosuch" are refused with a
    permanent 550, as a real server refuses an address that does not exist.
    """

    def __init__(self):
        self.port = _free_port()
        self.received: list = []
        self._controller = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def up(self):
        from aiosmtpd.controller import Controller

        server = self

        class Handler:
            async def handle_RCPT(self, smtp, session, envelope, address, rcpt_options):
                if "nosuch" in address:
                    return "550 5.1.1 No such user here"
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, smtp, session, envelope):
                from email import message_from_bytes, policy

                server.received.append(message_from_bytes(envelope.content, policy=policy.default))
                return "250 Message accepted for delivery"

        self._controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def down(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def subjects(self) -> list[str]:
        return [str(m["subject"]) for m in self.received]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A running local SMTP server, and the portal's email settings pointed at it."""
    server = SmtpServer().up()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.down()


# --- Browser tests -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail(f"Chromium is required under CI and was not found at {CHROMIUM}")
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings, request):
    """A fresh browser tab; links in emails point at the live server."""
    settings.SITE_URL = live_server.url
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the current page; fail on any serious or critical violation."""

    def check(page):
        results = axe.run(page)
        bad = [
            v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
        ]
        details = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + ", ".join(str(n.get("target")) for n in v["nodes"][:3])
            for v in bad
        )
        assert not bad, f"accessibility violations on {page.url}:\n{details}"

    return check


# --- Signing in ----------------------------------------------------------------------------


def otp_verify_session(client, user):
    """Mark `client`'s session as having passed the second factor for `user` (staff)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test device", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture(autouse=True)
def _empty_cache(_portal_test_settings):
    """Each test starts with an empty cache: rate-limit and login-throttle counters must not
    carry over from one test to the next. The tests' own cache is the one emptied after the
    test too, even where the test pointed the cache elsewhere (a Redis that is down)."""
    from django.core.cache import caches

    own = caches["default"]
    own.clear()
    yield
    own.clear()


@pytest.fixture(autouse=True)
def _english_until_a_test_says_otherwise():
    """Each test starts in English: a request in Spanish (LocaleMiddleware activates it) leaves
    the thread's language active, and a later test's email subject or date came out in
    Spanish."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _force_login_passes_both_factors(monkeypatch):
    """`client.force_login(user)` skips the password by design; for staff it skips the
    second factor too, so tests of staff pages start signed in as staff really are. The
    two-factor flow itself is tested through the real pages (accounts/tests/test_two_factor.py).
    """
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if getattr(user, "is_staff_member", False):
            otp_verify_session(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


# --- Data the migrations seed --------------------------------------------------------------


def seed_data_ensure() -> None:
    """Put back the rows the data migrations seed (categories and rules, regions, counties,
    languages, rating items, role groups) where a transactional test flushed them.

    Each builder only adds what is missing, so this is cheap when nothing was flushed.
    """
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    from accounts.models import Role
    from competencies.defaults import defaults_install

    defaults_install(apps)
    places = importlib.import_module("applicants.migrations.0002_seed_regions_counties_languages")
    places.seed(apps, None)
    importlib.import_module("applicants.migrations.0011_translated_names_data").translate(
        apps, None
    )
    items = importlib.import_module("endorsements.migrations.0003_seed_rating_items")
    items.seed(apps, None)
    spanish_items = importlib.import_module(
        "endorsements.migrations.0014_translated_rating_items_data"
    )
    spanish_items.translate(apps, None)
    importlib.import_module("memberships.migrations.0002_default_reminder_policy").forward(
        apps, None
    )
    for role in Role:
        Group.objects.get_or_create(name=role)


@pytest.fixture(autouse=True)
def _migration_seed_data(request):
    """Transactional tests (browser, real worker, concurrency) start with a flushed database
    whenever an earlier one flushed it: give them the seeded rows the migrations provide."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames
        for name in ("live_server", "transactional_db", "celery_worker_process")
    )
    if transactional:
        if marker is None or not marker.kwargs.get("serialized_rollback"):
            # A plain flush at the end would let post_migrate recreate the content types, and
            # the next test that restores the serialized database would collide with them
            # (an error that appears or not depending on which tests run, and in what order).
            pytest.fail(
                "Mark transactional tests "
                "@pytest.mark.django_db(transaction=True, serialized_rollback=True)."
            )
        request.getfixturevalue("transactional_db")
        seed_data_ensure()


def browser_log_in(page, email: str, password: str | None = None) -> None:
    """Log in through the real pages as a person would, including the staff code step.

    Staff get a confirmed authenticator (as if set up earlier) and type its current code.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User
    from accounts.tests.factories import PASSWORD
    from accounts.tests.test_two_factor import current_code

    user = User.objects.get(email__iexact=email)
    device = None
    if user.is_staff_member:
        # Set up before the password is sent: the browser goes straight on to the code page.
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        # A code is accepted once; a test that logs the same person in twice within one
        # 30-second step must not be refused as a replay.
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
        device.refresh_from_db()
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password or PASSWORD)
    page.get_by_role("button", name="Log in").click()
    if device is not None:
        page.get_by_role("heading", name="Enter your code").wait_for()
        page.get_by_label("Code").fill(current_code(device))
        page.get_by_role("button", name="Continue").click()
    page.get_by_text("Welcome back").wait_for()
