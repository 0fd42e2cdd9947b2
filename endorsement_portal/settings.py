"""Settings for the IECMH Endorsement Registry portal.

One file, read from the environment (django-environ). Production differs from development only
through environment variables, every one of them documented in `.env.example` and the README.
Unset, everything falls back to the embedded default: a SQLite file under `var/`, Celery tasks
run eagerly in-process, emails printed to the console and kept in a development outbox.
"""

import warnings
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

# --- Core -----------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
# The default key only suits development and tests: with DEBUG off the web server and the
# Celery worker refuse to start with it (core.checks.startup_problems), and `check --deploy`
# rejects it (security.W009).
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key-do-not-deploy"
SECRET_KEY = env.str("SECRET_KEY", default="") or DEVELOPMENT_SECRET_KEY
# Key rotation: put the old key here and a new one in SECRET_KEY; sessions, password-reset and
# emailed links signed with the old key keep working until it is removed from this list.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Emailed links are built from it. Development gets the local server; with DEBUG off it must be
# set (the servers refuse to start without it).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

ASSOCIATION_NAME = env.str(
    "ASSOCIATION_NAME", default="Connecticut Association for Infant Mental Health"
)
ASSOCIATION_CODE = env.str("ASSOCIATION_CODE", default="CT-AIMH")

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation asks, so its admin classes see both languages.
    "modeltranslation",
    # django.contrib.admin with our site: second factor, audited changes (core/admin_site.py).
    "core.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Registry admins correct the Spanish wording at /translations/ without a developer.
    "rosetta",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Ours, in dependency order: each app may use only the ones above it.
    "core",
    "messaging",
    "accounts",
    # Membership records, claims and the member-list import (issue 19): low in the house,
    # beside the evidence; the workflow reads them through memberships.selectors.
    "memberships",
    "competencies",
    "applicants",
    "reflective_supervision",
    "endorsements",
    # Parts of the endorsement workflow with their own models and migrations (see endorsements/).
    "endorsements.review",
    "endorsements.credentials",
    "endorsements.reports",
    # Verification for employers, programs and associations, above the workflow (issue 17).
    "organisations",
    "portable",
    # The training catalog, attendance rosters and attendance certificates (issue 18): its
    # providers are organisations; it credits attendees through applicants' services.
    "trainings",
    # Above the workflow: fee schedule, invoices and payments.
    "fees",
    # Not runtime code: installed only for `manage.py seed_demo`, which builds the demo world.
    # No models, and it writes nothing unless that command runs (see demo/__init__.py).
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Keeps the request at hand for the audit trail (address, browser, who changed a role).
    "core.audit.AuditRequestMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The visitor's language: the cookie set by the chooser, else Accept-Language, else English.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # A signed-in person's own choice, stored on the account, wins over cookie and browser.
    "accounts.middleware.PreferredLanguageMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.NoStoreForSignedInMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "endorsement_portal.urls"
WSGI_APPLICATION = "endorsement_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.portal",
            ],
        },
    },
    {
        # The plain-text parts of emails (messaging.services.queue): the same templates, not
        # HTML-escaped, so that O'Neil and "A & B" arrive as typed. Only the HTML part escapes.
        "NAME": "plain_text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# --- Database -------------------------------------------------------------------------------
if not env.str("DATABASE_URL", default=""):
    VAR_DIR.mkdir(exist_ok=True)  # the embedded default keeps its SQLite file here
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Model choice fields read their rows through .iterator(), which on PostgreSQL opens a
# server-side cursor: three round trips for a dozen regions. Nothing here streams big results
# through iterator(), and a connection pooler in transaction mode would refuse them anyway.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# The portal's queries are many and small. A parallel plan buys one of them a little speed
# with other requests' CPU, and starting its workers takes longer than a registry search
# itself (measured: 16 ms against 7 ms). Off unless DB_PARALLEL_QUERY is set.
if "postgresql" in DATABASES["default"]["ENGINE"] and not env.bool(
    "DB_PARALLEL_QUERY", default=False
):
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c max_parallel_workers_per_gather=0"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits, login throttling) ---------------------------------------------------
# Django's own Redis backend. Nothing a page shows is kept here: only the rate-limit and
# login-throttle counters, whose callers let the request through when Redis is down
# (core/ratelimit.py, accounts/throttle.py).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://portal")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A cache that does not answer must not hold a page up for long.
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    )
# Sessions live in the database only, so that signed-in pages keep working while the cache's
# Redis is down (a session read through the cache would fail with it, and a logout whose cache
# delete failed could come back with the cache).
SESSION_ENGINE = env.str("SESSION_ENGINE", default="django.contrib.sessions.backends.db")

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        # This user model's own name fields (Django's default looks for first_name/last_name).
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "given_name", "family_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LoginThrottleBackend",
    # ModelBackend that loads the person's roles with the person (one query fewer per page).
    "accounts.backends.RoleLoadingModelBackend",
]
# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures for one email address from
# one IP address, that pair waits AXES_COOLOFF_MINUTES; never a permanent lock.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_CALLABLE = "accounts.backends.axes_username"
AXES_VERBOSE = False
# Axes counts failures by the same client address as everything else (core.clientip).
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_ip"
# Password spraying: many addresses tried from one IP address. After this many failed logins
# from one address, whatever the accounts, it waits AXES_COOLOFF_MINUTES (accounts.throttle).
LOGIN_IP_FAILURE_LIMIT = env.int("LOGIN_IP_FAILURE_LIMIT", default=20)
# Staff (reviewers, coordinators, registry admins, Django admin users) sign in with a TOTP code
# as well as their password, and their sessions are shorter.
STAFF_SESSION_AGE = env.int("STAFF_SESSION_AGE", default=60 * 60 * 2)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default=f"{ASSOCIATION_CODE} Endorsement Registry")
RECOVERY_CODE_COUNT = 10
# How long an email-verification link stays valid.
EMAIL_VERIFICATION_MAX_AGE = timedelta(days=env.int("EMAIL_VERIFICATION_DAYS", default=3))
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day, in seconds

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Email ----------------------------------------------------------------------------------
# EMAIL_URL unset: print every message to the console and keep a copy in var/outbox/, readable
# at /dev/outbox/ while DEBUG is on (so verification and reference links can be followed
# without a mail server). Set EMAIL_URL (smtp://user:pass@host:587/?tls=True) in production.
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "core.mail.OutboxBackend"
DEV_OUTBOX_DIR = env.path("DEV_OUTBOX_DIR", default=str(VAR_DIR / "outbox"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default=f"{ASSOCIATION_CODE} Endorsement <endorsement@example.org>"
)
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Replies to the portal's emails go to the coordinators (a rater's or provider's request
# replies to the applicant instead); reminders' List-Unsubscribe writes to them too.
COORDINATORS_EMAIL = env.str(
    "COORDINATORS_EMAIL",
    default=DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">").strip(),
)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# The outbox (messaging): first retry after OUTBOX_RETRY_SECONDS, doubling up to the maximum;
# a message the mail server would not take for OUTBOX_GIVE_UP_SECONDS is marked failed.
OUTBOX_RETRY_SECONDS = env.int("OUTBOX_RETRY_SECONDS", default=60)
OUTBOX_RETRY_MAX_SECONDS = env.int("OUTBOX_RETRY_MAX_SECONDS", default=3600)
OUTBOX_GIVE_UP_SECONDS = env.int("OUTBOX_GIVE_UP_SECONDS", default=3 * 24 * 3600)
# The shared secret of the mail provider's bounce webhook (/messaging/webhooks/postmark/);
# unset, the webhook refuses every call.
MAIL_WEBHOOK_SECRET = env.str("MAIL_WEBHOOK_SECRET", default="")

# --- The workflow's clocks (association policy lives in the admin; these are operations) ----
# How long an RSC provider's attestation link works, and how often it is re-sent until answered.
RSC_ATTESTATION_LINK_DAYS = env.int("RSC_ATTESTATION_LINK_DAYS", default=30)
RSC_ATTESTATION_REMINDER_DAYS = env.int("RSC_ATTESTATION_REMINDER_DAYS", default=7)
# Reference raters: link lifetime, days between reminders, most reminders sent.
REFERENCE_LINK_DAYS = env.int("REFERENCE_LINK_DAYS", default=30)
REFERENCE_REMINDER_DAYS = env.int("REFERENCE_REMINDER_DAYS", default=7)
REFERENCE_REMINDER_MAX = env.int("REFERENCE_REMINDER_MAX", default=3)
# The Code of Ethics and Endorsement Agreement version applicants sign.
ETHICS_DOCUMENT_VERSION = env.str("ETHICS_DOCUMENT_VERSION", default="2026-01")
# Reviews: days a reviewer has, and how many days before the due date they are reminded.
REVIEW_DUE_DAYS = env.int("REVIEW_DUE_DAYS", default=21)
REVIEW_REMINDER_DAYS_BEFORE = env.int("REVIEW_REMINDER_DAYS_BEFORE", default=3)
# Reviewers read a portfolio while their round is open and this many days after its decision.
REVIEWER_ACCESS_DAYS = env.int("REVIEWER_ACCESS_DAYS", default=30)
# Reports: counts under this are hidden in the diversity report (with others that would give them
# away); XLSX exports above this many rows run on the worker.
# Fees and dues: the association's currency (ISO 4217); amounts are kept in its cents.
FEES_CURRENCY = env.str("FEES_CURRENCY", default="USD")
# Online card payment (fees.providers): the dotted path of a provider class; empty = none.
FEES_CARD_PROVIDER = env.str("FEES_CARD_PROVIDER", default="")
REPORT_SUPPRESSION_THRESHOLD = env.int("REPORT_SUPPRESSION_THRESHOLD", default=5)
REPORT_XLSX_ASYNC_ROWS = env.int("REPORT_XLSX_ASYNC_ROWS", default=50_000)
# The public registry: keep search engines out (noindex) and requests per minute per address.
REGISTRY_NOINDEX = env.bool("REGISTRY_NOINDEX", default=True)
REGISTRY_RATE_LIMIT = env.int("REGISTRY_RATE_LIMIT", default=60)
# The public lookup by number and last name: checks per minute per address (kept low: a pair
# of number and name is easier to guess than a certificate's random code).
VERIFY_LOOKUP_RATE_LIMIT = env.int("VERIFY_LOOKUP_RATE_LIMIT", default=20)
# Organisations' rosters: above ROSTER_WORKER_ROWS people a roster is checked on the worker
# (the page shows progress); more than ROSTER_MAX_ROWS are refused (split the file).
ROSTER_WORKER_ROWS = env.int("ROSTER_WORKER_ROWS", default=500)
ROSTER_MAX_ROWS = env.int("ROSTER_MAX_ROWS", default=20_000)
# Portable credentials (Open Badges 3.0, VC-JWT): the association's signing keys as a JWK Set,
# in the environment or a file, never in the database; PORTABLE_SIGNING_KEY_ID names the key
# that signs (the others stay published for verification). See README "Portable credentials".
PORTABLE_SIGNING_KEYS = env.str("PORTABLE_SIGNING_KEYS", default="")
PORTABLE_SIGNING_KEYS_FILE = env.str("PORTABLE_SIGNING_KEYS_FILE", default="")
PORTABLE_SIGNING_KEY_ID = env.str("PORTABLE_SIGNING_KEY_ID", default="")
# The verification API: calls per minute per API key (and per address for calls without a
# valid key); a call over the limit answers 429 with Retry-After.
API_RATE_LIMIT = env.int("API_RATE_LIMIT", default=60)
# The training catalog's attendance rosters are previewed line by line: they stay small.
ATTENDANCE_MAX_ROWS = env.int("ATTENDANCE_MAX_ROWS", default=2_000)
# How long an invitation to claim an attended training stays valid (the attendee signs up).
INVITATION_MAX_AGE = timedelta(days=env.int("TRAINING_INVITATION_DAYS", default=180))

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Applicants' uploads and certificates: never under a public URL, served only through views
# that check who is asking.
PRIVATE_FILES_ROOT = env.path("PRIVATE_FILES_ROOT", default=str(VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_FILES_ROOT), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
# Static files are served by WhiteNoise from STATIC_ROOT after `collectstatic` in production and
# straight from the finders in development and tests, where STATIC_ROOT does not exist yet.
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=1000)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Files over UPLOAD_MAX_BYTES are refused as they arrive: nothing more of them is kept in memory
# or on disk (core.upload_handlers); smaller ones go to memory, or to a temporary file above
# FILE_UPLOAD_MAX_MEMORY_SIZE.
FILE_UPLOAD_HANDLERS = [
    "core.upload_handlers.UploadSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Celery ---------------------------------------------------------------------------------
# CELERY_BROKER_URL unset: tasks run eagerly in the web process (the embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
# Time limits stay below the broker's visibility timeout so that an unacknowledged (acks_late)
# task is redelivered only after its first run has certainly stopped.
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
# A web request never waits long for the broker: short connect and socket timeouts, and one
# publish attempt (core.broker.enqueue); what could not be queued waits for a sweep.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis redelivers an unacknowledged task after this long, thinking its worker gone. It must
    # be longer than any task can run (CELERY_TASK_TIME_LIMIT: the longest is a chunk of 200
    # certificates, about 10 s, hard-stopped at 300 s) and than any countdown a task is retried
    # with (at most 300 s), but no longer: a chunk whose whole worker died is redone after six
    # minutes, not an hour.
    "visibility_timeout": 360,
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
    "socket_keepalive": True,
    # A publish that meets a dead broker gives up instead of retrying for ever.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Periodic jobs. django-celery-beat copies these into its tables when beat starts; after that
# coordinators' admins can change times or pause them at /admin/django_celery_beat/. Every job is
# safe to run twice (each claims its work before acting).
CELERY_BEAT_SCHEDULE = {
    "renewal-reminders-and-lapses": {
        "task": "credentials.renewal_reminders_and_lapses",
        "schedule": crontab(hour=6, minute=0),
    },
    "certificates-sweep-missing": {
        "task": "credentials.certificates_sweep_missing",
        "schedule": crontab(minute="*/15"),
    },
    "attendance-certificates-sweep": {
        "task": "trainings.attendance_certificates_sweep",
        "schedule": crontab(minute="*/15"),
    },
    "fees-documents-sweep-missing": {
        "task": "fees.documents_sweep_missing",
        "schedule": crontab(minute="7,22,37,52"),
    },
    # Members whose membership of the association ends soon (and their dues invoice).
    "membership-dues-reminders": {
        "task": "memberships.dues_reminders_send",
        "schedule": crontab(hour=6, minute=20),
    },
    "reference-rater-reminders": {
        "task": "endorsements.remind_reference_raters",
        "schedule": crontab(hour=7, minute=0),
    },
    "rsc-attestation-reminders": {
        "task": "rsc.remind_attestations",
        "schedule": crontab(hour=7, minute=15),
    },
    "review-reminders": {"task": "review.reminders_send", "schedule": crontab(hour=7, minute=30)},
    # After the reminders and lapses, so the digest lists the day's overdue reviews.
    "coordinator-digests": {
        "task": "reports.coordinator_digests_send",
        "schedule": crontab(hour=7, minute=45),
    },
    # After the lapses (06:00), so a credential that lapsed this morning is in today's digest.
    "organisation-digests": {
        "task": "organisations.digests_send",
        "schedule": crontab(hour=7, minute=50),
    },
    "worker-heartbeat": {"task": "core.worker_heartbeat", "schedule": crontab(minute="*/5")},
    # The outbox: every message still due (hand-over lost, retry due, worker died).
    "outbox-sweep": {"task": "messaging.messages_sweep", "schedule": crontab(minute="*")},
}

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
# Each language's name is written in that language: a reader finds their own in the chooser.
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date style per language (DATE_FORMAT and friends), read by core.formatting.
FORMAT_MODULE_PATH = ["endorsement_portal.formats"]
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# django-rosetta: only the project's own catalogue, and only registry admins (core.i18n).
ROSETTA_SHOW_AT_ADMIN_PANEL = False
ROSETTA_EXCLUDED_APPLICATIONS = []
ROSETTA_REQUIRES_AUTH = True
ROSETTA_ACCESS_CONTROL_FUNCTION = "core.i18n.can_translate"
ROSETTA_WSGI_AUTO_RELOAD = False
ROSETTA_MESSAGES_PER_PAGE = 25
ROSETTA_POFILE_WRAP_WIDTH = 100
ROSETTA_LANGUAGES = [("es", "Español")]
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

# --- Forms ----------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
# How many reverse proxies stand in front of the portal, each appending to X-Forwarded-For. 0:
# the client's address is the one the server sees (REMOTE_ADDR), never a header a client can
# write. core.clientip reads it for the audit trail, rate limits and login throttling.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Behind a TLS-terminating proxy, trust its X-Forwarded-Proto header.
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=SECURE_SSL_REDIRECT)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=SECURE_SSL_REDIRECT)
SECURE_HSTS_SECONDS = env.int(
    "SECURE_HSTS_SECONDS", default=31_536_000 if SECURE_SSL_REDIRECT else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS > 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script anywhere: every script is a file under static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every render at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
