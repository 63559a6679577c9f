"""Settings for partyorg, read from the environment.

Nothing set: a SQLite file in the working directory (``partyorg.sqlite3``), debug on.
``DATABASE_URL=postgres://user@host:5432/name``: PostgreSQL, the production database.
``PARTYORG_SECRET_KEY``, ``PARTYORG_DEBUG``, ``PARTYORG_ALLOWED_HOSTS``: the usual deployment values.
``PARTYORG_DEMO=1`` (set by ``partyorg demo`` for its server): debug off, so that nobody sees a
traceback or the list of URLs, but plain HTTP on the machine itself, with a secret key made once and
kept beside the database.
"""

from __future__ import annotations

import os
import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.lower() in {"1", "true", "yes", "on"}


DATABASE_URL = env("DATABASE_URL", f"sqlite:///{Path.cwd() / 'partyorg.sqlite3'}")


def demo_secret_key(database_url: str) -> str:
    """The demo server's key: made on its first start and kept, readable by its owner only, beside
    the SQLite database (``partyorg.sqlite3-secret-key``) or for PostgreSQL in ``var/`` of the
    working directory. Rebuilding the database from scratch (deleting ``partyorg.sqlite3*``) drops
    it too, and with it the sessions signed with it."""
    database = dj_database_url.parse(database_url)
    if database["ENGINE"] == "django.db.backends.sqlite3" and database["NAME"] != ":memory:":
        path = Path(str(database["NAME"]) + "-secret-key")
    else:
        path = Path.cwd() / "var" / "demo-secret-key"
    if not path.exists():
        import secrets

        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as key_file:
            key_file.write(secrets.token_urlsafe(64))
    return path.read_text().strip()


DEMO = env_bool("PARTYORG_DEMO", False)
DEBUG = env_bool("PARTYORG_DEBUG", not DEMO)
SECRET_KEY = env("PARTYORG_SECRET_KEY") or (
    "insecure-development-key" if DEBUG else demo_secret_key(DATABASE_URL) if DEMO else ""
)
if not SECRET_KEY:
    raise RuntimeError("PARTYORG_SECRET_KEY must be set when PARTYORG_DEBUG is off")
ALLOWED_HOSTS = [h for h in env("PARTYORG_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]

# Production (debug off): HTTPS only, cookies only over HTTPS, and the browser told to remember it.
# Behind a proxy that ends TLS, set PARTYORG_BEHIND_PROXY=1 so Django trusts X-Forwarded-Proto.
# The demo server is debug off too but speaks plain HTTP on the machine itself: none of this.
if not DEBUG and not DEMO:
    SECURE_SSL_REDIRECT = env_bool("PARTYORG_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    LANGUAGE_COOKIE_SECURE = True
    if env_bool("PARTYORG_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Content security policy (django-csp 4): every script, style, image and font from partyorg itself
# (htmx, Chart.js and the pages' own js are static files), no inline script, no inline style (the
# templates have neither: no style attribute, no <style>, no hx-on, and htmx is told by a meta tag
# of base.html not to inject its indicator style); images also as data: URIs (Swagger UI's icons).
# No frame may hold a page; forms post only to partyorg. docs/security.md says more.
# The PDF forms (reports/form.html) keep their <style>: WeasyPrint reads them, no browser does.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "partyorg.core",
    "partyorg.organizations",
    "partyorg.members",
    "partyorg.reports",
    "partyorg.recruitment",
    "partyorg.ratings",
    "partyorg.discipline",
    "partyorg.cards",
    "partyorg.meetings",
    "partyorg.dues",
    "partyorg.committees",
    "partyorg.cadres",
    "partyorg.papers",  # the papers printed from a member's record, and their register
    "partyorg.accounts",
    "partyorg.api",
    "partyorg.cli",
    "partyorg.web",
    "partyorg.jobs",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "ninja",  # serves its Swagger UI files itself (no CDN)
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # the Content-Security-Policy header (CONTENT_SECURITY_POLICY)
    "whitenoise.middleware.WhiteNoiseMiddleware",  # the app serves its own static files
    "django.contrib.sessions.middleware.SessionMiddleware",
    "partyorg.accounts.middleware.LanguageMiddleware",  # Vietnamese unless the user chose English
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "partyorg.accounts.binding.BrowserBoundSessionMiddleware",  # a session used from another browser ends
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): a code given this session
    "partyorg.accounts.otp.SecondFactorMiddleware",  # the code step, and the set-up when required
    "partyorg.accounts.middleware.ScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "partyorg.web.views.errors.NotFoundMiddleware",  # partyorg's own 404 page, even with debug on
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into the lockout page
]

# Sign-in: every page but this one needs a user (LoginRequiredMiddleware); after 5 failed attempts
# for one username from one address, sign-in is refused for 15 minutes (django-axes).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "web/locked.html"
AXES_RESET_ON_SUCCESS = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
# Second factor (django-otp, docs/security.md): a user who has set up an authenticator app gives a
# code from it after the password (or one of their backup codes). With PARTYORG_REQUIRE_SECOND_FACTOR
# on, superusers and every holder of the "Quản trị" role must set one up before reaching any page.
# Off unless set, so that the demo and the tests sign in with a password alone; turn it on in
# production.
PARTYORG_REQUIRE_SECOND_FACTOR = env_bool("PARTYORG_REQUIRE_SECOND_FACTOR", False)
OTP_TOTP_ISSUER = "partyorg"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

ROOT_URLCONF = "partyorg.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
WSGI_APPLICATION = "partyorg.wsgi.application"

_SQLITE_OPTIONS = {
    # One writer at a time, without "database is locked" surprises (Django >= 5.1).
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "timeout": 20,
}
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = dict(_SQLITE_OPTIONS)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# A streaming replica of the PostgreSQL primary (partyorg/core/replica.py, docs/deployment.md): the
# figures and report pages below read from it, unless the browser recorded something in the last
# PARTYORG_REPLICA_FRESH_SECONDS (then the officer sees their own write on the primary).
PARTYORG_REPLICA_URL = env("PARTYORG_REPLICA_URL")
PARTYORG_REPLICA_FRESH_SECONDS = int(env("PARTYORG_REPLICA_FRESH_SECONDS", "30"))
PARTYORG_REPLICA_VIEWS = [
    "home",
    "reports",
    "report_download",
    "work_meeting_figures",
    "work_rating_figures",
    "api:organization_figures",
]
if PARTYORG_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(PARTYORG_REPLICA_URL, conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["partyorg.core.replica.ReplicaRouter"]
    MIDDLEWARE.append("partyorg.core.replica.ReplicaReadsMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language chosen with the switch in the header (Django's set_language) is kept a year; the
# browser's Accept-Language is not asked (partyorg.accounts.middleware.LanguageMiddleware).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("PARTYORG_STATIC_ROOT", str(Path.cwd() / "staticfiles")))
# WhiteNoise serves the files straight from the apps' static folders, found when the server starts
# (no collectstatic step), also with debug off (the demo server, a deployment without a proxy for
# them); with debug on it looks again at every request. STATIC_ROOT is served too once collected:
# until then WhiteNoise's warning that it is missing says nothing useful.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
warnings.filterwarnings("ignore", message="No directory at: ", category=UserWarning)

# Background jobs (imports, rebuilds): the Django Tasks API (django-tasks, the backport of Django
# 6's django.tasks) on its database backend, django-tasks-db: the queue is a table of this same
# database, SQLite or PostgreSQL, with no broker; `partyorg worker` takes its tasks. Progress and
# the liveness of the process that runs a job are partyorg's own (partyorg/jobs/models.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A job whose process died is taken again this many times, then failed with its reason; a job run
# on another machine whose heartbeat is older than this many seconds is taken for dead.
PARTYORG_JOBS_RESUMES = int(env("PARTYORG_JOBS_RESUMES", "1"))
PARTYORG_JOBS_STALE_SECONDS = int(env("PARTYORG_JOBS_STALE_SECONDS", "120"))

# The error pages (partyorg/web/views/errors.py): handler404 and handler500 in partyorg/urls.py.

# Corrections to the [P]/[U] rule defaults of partyorg/rules/config.py, e.g.
# {"extra_days_off": [date(2027, 2, 12)]}. Empty: the defaults documented there.
# {"party_age_gaps_by_day_count": True}: a gap in party age costs its days, not its calendar span (11).
PARTYORG_RULES: dict[str, object] = {}
# Corrections to the [P]/[U] defaults of cadre work in partyorg/rules/cadre_config.py (K1–K16),
# e.g. {"female_leader_retirement_months": 720}. Empty: the defaults documented there.
PARTYORG_CADRES: dict[str, object] = {}
# Corrections to the [P]/[U] dues defaults of partyorg/rules/dues_config.py (the regional minimum
# wages, retirement ages…), e.g. {"rounding_vnd": 1000}. Empty: the defaults documented there.
PARTYORG_DUES: dict[str, object] = {}

# The apps whose records travel in interchange files, in the order a file holds them: each refers
# only to records of earlier apps (and to the tree and the people, which exchange loads itself).
# An app declares its record kits in its ``interchange`` module (partyorg/core/interchange.py).
PARTYORG_RECORD_APPS: list[str] = [
    "partyorg.organizations",  # the localities organizations serve (the tree itself: exchange's own)
    "partyorg.reports",  # the entered figures (targets, headcounts, figures stated in a report)
    "partyorg.members",  # the dated facts about people (its people and events: exchange's own)
    "partyorg.recruitment",
    "partyorg.committees",
    "partyorg.meetings",
    "partyorg.ratings",
    "partyorg.discipline",
    "partyorg.cadres",  # cadre work: units, employment, posts, training, state ratings, planning
    "partyorg.cards",  # the party-card register
    "partyorg.dues",
]

# Logs: plain lines on stderr; with PARTYORG_LOG_FORMAT=json one JSON object a line on stdout
# (partyorg/ops/logs.py), gunicorn's access and error logs under `partyorg serve` too.
LOG_JSON = env("PARTYORG_LOG_FORMAT", "plain").lower() == "json"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "partyorg.ops.logs.JsonFormatter"}} if LOG_JSON else {},
    "handlers": {
        "console": {"class": "logging.StreamHandler"}
        | ({"formatter": "json", "stream": "ext://sys.stdout"} if LOG_JSON else {})
    },
    "loggers": {
        name: {"handlers": ["console"], "level": "INFO", "propagate": False}
        for name in (("gunicorn.error", "gunicorn.access") if LOG_JSON else ())
    },
    "root": {"handlers": ["console"], "level": env("PARTYORG_LOG_LEVEL", "WARNING")},
}
# The health endpoint answers a monitor on the machine itself over plain HTTP too.
SECURE_REDIRECT_EXEMPT = [r"^suc-khoe/$"]
