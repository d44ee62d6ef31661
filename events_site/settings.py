"""Settings for the conflict timeline, read from the environment.

Development: ``DEBUG=1`` and nothing else. Production: ``SECRET_KEY``,
``ALLOWED_HOSTS`` and ``DATABASE_URL`` are required (see README).
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- HTTPS -------------------------------------------------------------------
# HTTPS=1 (the default without DEBUG): the site is served over TLS, usually by a load
# balancer that sets X-Forwarded-Proto. Cookies are then secure and HSTS is sent.
HTTPS = env_bool("HTTPS", default=not DEBUG)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = HTTPS and env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No page needs a device or a browser feature beyond showing text: deny them all.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}
# The language chosen in the switcher: sent back on same-site navigation only, and only
# over HTTPS when the site is served over it.
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS
X_FRAME_OPTIONS = "DENY"
# Request bodies: the largest form an editor sends (an entry with its text at its limit and
# dozens of citations) is well under 100 KB; a body over 1 MB, or with more than Django's
# 1,000 fields, is refused with 400 before anything reads it. The balancer should refuse
# larger bodies before they reach gunicorn, which has no body limit of its own (README).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(1024 * 1024)))
SESSION_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    # Project apps first: apps.moderation overrides the ``loaddata`` command.
    "apps.core",
    "apps.access",
    "apps.history",
    "apps.corrections",
    "apps.sources",
    "apps.actors",
    "apps.places",
    "apps.claims",
    "apps.article",
    "apps.events",
    "apps.reactions",
    "apps.weapons",
    "apps.synonyms",
    "apps.search",
    "apps.moderation",
    "apps.notifications",
    "apps.api",
    "apps.benchmark",
    # Django's admin on the desk's own site (its autocomplete knows changesets).
    "apps.moderation.admin_config.EditorialAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    # The API (/api/v1/): typed schemas and its OpenAPI document; its documentation page is
    # served from ninja's own static files (no CDN), and CORS headers from corsheaders.
    "ninja",
    "corsheaders",
    "reversion",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    *(["apps.access.middleware.AccessLogMiddleware"] if env_bool("ACCESS_LOG") else []),
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that may answer: CORS headers on the API's answers (CORS_URLS_REGEX).
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Refuses logins over the per-address and per-account limits before any password check.
    "apps.access.middleware.LoginLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns repeated failed logins into a lockout page.
    "axes.middleware.AxesMiddleware",
]

# The API is read by anyone, from anywhere: GET (and HEAD, OPTIONS) without credentials.
CORS_URLS_REGEX = r"^/api/v1/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

ROOT_URLCONF = "events_site.urls"
WSGI_APPLICATION = "events_site.wsgi.application"
ASGI_APPLICATION = "events_site.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    # The public pages (apps.core.http.render_page) and the 400 and 404 pages: Jinja2, see
    # events_site/jinja2.py. The admin stays on Django templates, and templates/500.html
    # is plain HTML that renders even when what broke is the templates.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "events_site.jinja2.environment"},
    },
]

# --- Database -------------------------------------------------------------
SESSION_OPTIONS = "-c jit=off -c max_parallel_workers_per_gather=0"
# SQLite under var/ by default; DATABASE_URL=postgres://… for PostgreSQL.
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        # Persistent connections (checked before reuse): a new PostgreSQL connection per
        # request would cost more than most pages.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Added to what DATABASE_URL says (?sslmode=require…), never in its place.
    database_options = DATABASES["default"].setdefault("OPTIONS", {})
    if env_bool("DATABASE_PREPARED_STATEMENTS", default=True):
        # Statements run a second time on a connection are prepared: PostgreSQL then
        # skips parsing them (and planning, once a generic plan pays): about a third of
        # the server's work for a timeline page. Preparing needs server-side parameters.
        # Set DATABASE_PREPARED_STATEMENTS=0 behind a pooler in transaction mode that
        # cannot keep prepared statements (PgBouncer before 1.21).
        database_options |= {"server_side_binding": True, "prepare_threshold": 2}
    if env_bool("DATABASE_SESSION_OPTIONS", default=True):
        # Neither JIT compilation nor parallel workers: both pay for queries that run
        # for seconds, and a page's queries take milliseconds, many pages at once (the
        # README's Speed section has the figures). Behind a pooler that does not pass
        # startup options on (PgBouncer does not), set DATABASE_SESSION_OPTIONS=0 and
        # the same settings by ALTER ROLE … SET.
        database_options["options"] = " ".join(
            filter(None, [database_options.get("options"), SESSION_OPTIONS])
        )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock when a transaction starts, so two
        # concurrent approvals queue up instead of failing half-way.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
# Local memory by default; CACHE_URL=redis://host:6379/0 shares it between app servers.
CACHE_URL = os.environ.get("CACHE_URL", "locmem://")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            # A Redis that hangs must not hang the pages: they render without the cache.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
elif CACHE_URL.startswith("dummy://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
elif CACHE_URL.startswith("locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(
        f"CACHE_URL must be locmem://, dummy:// or redis://…, not {CACHE_URL!r}"
    )
# Cached public pages are keyed on the content version, so this only bounds memory use.
# Hosts check_links may reach although their addresses are not public (none in production;
# a comma-separated list from the environment, e.g. a staging mirror on the local network).
LINK_CHECK_ALLOWED_HOSTS = [
    host for host in os.environ.get("LINK_CHECK_ALLOWED_HOSTS", "").split(",") if host
]
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "3600"))
# The largest page stored in the cache (bytes): a timeline page at benchmark scale is about
# 220 KB; anything larger is served without being stored.
PUBLIC_PAGE_CACHE_MAX_BYTES = int(os.environ.get("PUBLIC_PAGE_CACHE_MAX_BYTES", "524288"))

# --- Background tasks (django-tasks) and mail -----------------------------------------
# TASKS_BACKEND=immediate (the default) runs a task in the process that queues it, after
# the transaction commits; TASKS_BACKEND=database stores it for the worker
# (``manage.py db_worker``), so that no request waits for the mail server.
TASKS_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_tasks_backend = os.environ.get("TASKS_BACKEND", "immediate")
if _tasks_backend not in TASKS_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASKS_BACKENDS)}, not {_tasks_backend!r}"
    )
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[_tasks_backend]}}
# Mail: printed to the console with DEBUG; SMTP from the environment otherwise.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "desk@localhost")
# The site's address as readers and editors reach it, for the links in mail.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# --- Auth -----------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while locked out
    "django.contrib.auth.backends.ModelBackend",
]

# --- The client's address -----------------------------------------------------
# The proxies in front of the site (addresses or networks, comma-separated): when the
# connection comes from one of them, the client is the right-most address in
# X-Forwarded-For that is not one of them (see apps.access.addresses). List the load
# balancer here, and nothing that clients can reach around it.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from error

# --- Login limits (django-axes, and apps.access.limits) ----------------------------
# Five failed logins for one account from one address (an IPv6 /64 counts as one)
# lock that pair out for AXES_COOLOFF_MINUTES; a successful login resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "apps.access.addresses.subscriber_address"
AXES_LOCKOUT_CALLABLE = "apps.access.responses.axes_lockout"
AXES_VERBOSE = False
# Password spraying: failures from one address for this many different accounts pause
# logins from it for the cool-off time (one account's failures are axes' lock-out).
LOGIN_ACCOUNTS_PER_ADDRESS = int(os.environ.get("LOGIN_ACCOUNTS_PER_ADDRESS", "10"))
# A distributed attack on one account: past this many failures from all addresses, each
# attempt waits 1, 2, 4 … seconds after the latest failure, up to LOGIN_SLOWDOWN_MAX;
# browsers that have logged in to the account before are spared.
LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("LOGIN_FAILURES_PER_ACCOUNT", "10"))
LOGIN_SLOWDOWN_MAX = timedelta(seconds=int(os.environ.get("LOGIN_SLOWDOWN_MAX_SECONDS", "60")))

# --- Content-Security-Policy (django-csp) --------------------------------------
# Nothing inline, nothing from elsewhere: every script and stylesheet is a file we serve.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# --- Internationalisation --------------------------------------------------
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# --- Static files ----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production runs collectstatic and sets STATIC_MANIFEST=1 (hashed, compressed
# files, cached forever); development and tests serve straight from the finders.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not env_bool("STATIC_MANIFEST")

# --- Fixtures ----------------------------------------------------------------
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# The JSON format with errors that name the offending object (see apps.core).
SERIALIZATION_MODULES = {"json": "apps.core.serializers"}

# --- Moderation ------------------------------------------------------------
# Four-eyes principle: a reviewer may not approve their own change unless a
# small team explicitly allows it.
MODERATION_ALLOW_SELF_APPROVAL = env_bool("MODERATION_ALLOW_SELF_APPROVAL")
# How long a reviewer's claim on a change keeps other reviewers from deciding it.
MODERATION_CLAIM_MINUTES = int(os.environ.get("MODERATION_CLAIM_MINUTES", "30"))
# How many entries one changeset may hold: a development is a handful (an article, the
# event it reports, a figure, an actor); the bound keeps its page and its approval quick.
MODERATION_CHANGESET_MAX_ENTRIES = int(os.environ.get("MODERATION_CHANGESET_MAX_ENTRIES", "20"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # apps.access.middleware.AccessLogMiddleware, when ACCESS_LOG=1.
    "loggers": {"access": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
