"""Settings for the HCPCS code site, read from the environment.

Two worlds, chosen by ``DJANGO_ENV``: ``development`` (what ``manage.py`` assumes in a
checkout: DEBUG on, a throwaway key, localhost only, nothing to export) and ``production``
(what the WSGI entry point assumes: DEBUG off, and it refuses to start without
``SECRET_KEY`` and ``ALLOWED_HOSTS``; HTTPS, HSTS and secure cookies on).

DJANGO_ENV      development | production (manage.py: development; gunicorn: production)
DATABASE_URL    database (default: the SQLite file ``db.sqlite3`` in the project)
SECRET_KEY      required in production
DEBUG           "1" or "true" to enable; on in development, off in production
ALLOWED_HOSTS   comma-separated host names (required in production)
CSRF_TRUSTED_ORIGINS  comma-separated origins (https://codes.example.org) behind a proxy
CACHE_URL       optional Redis URL (redis://127.0.0.1:6379/1) for a cache shared by processes
SECURE_HSTS_SECONDS, SECURE_HSTS_PRELOAD, SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_SSL_REDIRECT,
SESSION_COOKIE_AGE, DB_CONNECT_TIMEOUT, DB_QUERY_TIMEOUT, CONN_MAX_AGE, TRUSTED_PROXY_COUNT,
LOG_LEVEL, LOG_FORMAT (json | text)
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    try:
        return float(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number of seconds, not {value!r}.") from None


ENVIRONMENT = os.environ.get("DJANGO_ENV", "production").strip().lower()
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"DJANGO_ENV must be development or production, not {ENVIRONMENT!r}."
    )
PRODUCTION = ENVIRONMENT == "production"

DEBUG = _env_bool("DEBUG", not PRODUCTION)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", [])
if PRODUCTION:
    missing = [
        name
        for name, value in (("SECRET_KEY", SECRET_KEY), ("ALLOWED_HOSTS", ALLOWED_HOSTS))
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            f"Production settings need {' and '.join(missing)} in the environment "
            "(or DJANGO_ENV=development to develop)."
        )
else:
    # Development only: never used in production.
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key"  # noqa: S105
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "corsheaders",
    "codes",
    "codes.fees",
]

MIDDLEWARE = [
    "hcpcs_site.middleware.RequestIdMiddleware",
    # CORS for /fhir/ only: answers preflights before anything reads the database.
    "corsheaders.middleware.CorsMiddleware",
    "hcpcs_site.db.deadlines.QueryDeadlineMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "hcpcs_site.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hcpcs_site.middleware.BodySizeLimitMiddleware",
    "hcpcs_site.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "codes.ops.caching.ReleaseCacheMiddleware",
    # A view's reads in one read transaction (after the page cache's content-version read,
    # so a database that cannot answer it is answered 503 as fast as before).
    "hcpcs_site.consistent_reads.ConsistentReadMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses sign-in for a locked-out account and address before checking the password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "hcpcs_site.urls"

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
                "codes.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "hcpcs_site.wsgi.application"

DATABASES = {
    # An empty DATABASE_URL means the default, as an unset one does.
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=_env_int("CONN_MAX_AGE", 60),
        # A kept connection is checked before reuse, so a restarted database costs no 500.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers keep reading while a release is being published. An import writes in
    # one transaction (all or nothing), holding the write lock for seconds; another writer
    # (an admin login, say) waits up to the busy timeout, which covers a multi-file import.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"]["timeout"] = _env_int("SQLITE_BUSY_TIMEOUT", 25)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable or hung server is given up on quickly, so a request answers 503 instead
    # of holding a worker until gunicorn kills it. libpq's own timeout cannot go below 2 s;
    # the backend stops waiting at the (shorter) deadline.
    DATABASES["default"]["ENGINE"] = "hcpcs_site.db.postgresql"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=2,
        # A server or network that vanishes without a word is noticed by the kernel: idle
        # connections are probed after 30 s, and sent data unacknowledged for 5 s fails.
        keepalives=1,
        keepalives_idle=30,
        keepalives_interval=5,
        keepalives_count=3,
        tcp_user_timeout=5000,
    )
    DATABASE_CONNECT_DEADLINE = _env_float("DB_CONNECT_TIMEOUT", 0.8)
# Seconds a public request's query may run (the server's statement_timeout; the client gives
# up on a server that does not answer half a second later, hcpcs_site/db/deadlines.py). The
# admin and management commands are not limited. Off outside production unless set.
DATABASE_QUERY_TIMEOUT = _env_float("DB_QUERY_TIMEOUT", 1.5 if PRODUCTION else 0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("CACHE_URL"):
    CACHES = {
        "default": {
            # Fails open: a Redis that is down or hung is logged and the site runs uncached.
            "BACKEND": "hcpcs_site.cache.FailOpenRedisCache",
            "LOCATION": os.environ["CACHE_URL"],
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production serves collectstatic's compressed, hashed names, cached for a year.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# How long browsers and a CDN may keep a public answer, and the server cache keeps one
# (its keys carry the content version, so a publish is seen at once regardless).
HCPCS_PUBLIC_MAX_AGE = _env_int("HCPCS_PUBLIC_MAX_AGE", 300)
HCPCS_PAGE_CACHE_SECONDS = _env_int("HCPCS_PAGE_CACHE_SECONDS", 24 * 3600)
# Answers to an address with a query string (searches: many, each rarely asked again) are
# kept for minutes, so arbitrary query strings cannot hold the cache (codes/ops/cache_policy).
HCPCS_QUERY_CACHE_SECONDS = _env_int("HCPCS_QUERY_CACHE_SECONDS", 600)

# Uploaded CMS files are read in memory up to this size; the upload form refuses larger ones.
HCPCS_MAX_UPLOAD_BYTES = int(os.environ.get("HCPCS_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Any other request body (forms, API) is refused over this size with 413.
HCPCS_MAX_BODY_BYTES = _env_int("HCPCS_MAX_BODY_BYTES", 1024 * 1024)
# Pages that take a file: up to the upload limit, so the page's own form can say what is
# wrong with a file that is too large. Batch operations: up to Django's body limit.
HCPCS_UPLOAD_PATHS = [r"^/admin/codes/release/upload/$", r"^/admin/fees/feequarter/load/$"]
# The batch validation page takes files from anyone: a batch file's size (5 MB) and a
# little for the form around it.
HCPCS_BATCH_UPLOAD_PATHS = [r"^/validate/$"]
HCPCS_MAX_BATCH_UPLOAD_BYTES = 6 * 1024 * 1024
HCPCS_BATCH_PATHS = [r"^/fhir/", r"^/api/v1/validate/$"]

# CORS (django-cors-headers): browser FHIR clients on any origin may read /fhir/ (every
# operation there is a read, GET or POST), without credentials; nothing else is shared.
CORS_URLS_REGEX = r"^/fhir/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "POST", "OPTIONS")
CORS_EXPOSE_HEADERS = ("ETag", "Last-Modified", "Retry-After", "Allow")
FILE_UPLOAD_MAX_MEMORY_SIZE = HCPCS_MAX_UPLOAD_BYTES + 1024 * 1024
# A CMS file given by its https address (import_hcpcs, the admin's upload page) is
# downloaded up to HCPCS_MAX_UPLOAD_BYTES within these seconds: to connect, for each wait for
# data, and for the whole download (inside the server's 30 s request timeout). A PEM file of
# certificate authorities to trust instead of the system's, for a private mirror.
HCPCS_FETCH_CONNECT_TIMEOUT = float(os.environ.get("HCPCS_FETCH_CONNECT_TIMEOUT", "5"))
HCPCS_FETCH_READ_TIMEOUT = float(os.environ.get("HCPCS_FETCH_READ_TIMEOUT", "10"))
HCPCS_FETCH_DEADLINE = float(os.environ.get("HCPCS_FETCH_DEADLINE", "20"))
HCPCS_FETCH_CA_FILE = os.environ.get("HCPCS_FETCH_CA_FILE", "")

# Bundled CMS releases loaded, in this order, the first time the site runs.
# Every CMS workbook from 2017 to July 2026 (data/README.md says why workbooks).
HCPCS_BUNDLED_RELEASES = [
    BASE_DIR / "data" / "hcpcs" / name
    for name in (
        "2017_JAN/HCPC17_CONTR_ANWEB.xlsx",
        "2018_JAN/HCPC2018_CONTR_ANWEB_disc.xlsx",
        "2019_JAN/HCPC2019_CONTR_ANWEB.xlsx",
        "2020_JAN/HCPC2020_ANWEB_w_disclaimer.xls",
        "2020_APR/anweb.xlsx",
        "2020_JUL/anweb.xlsx",
        "2020_OCT/anweb.xlsx",
        "2025_JAN/HCPC2025_JAN_ANWEB_12172024.xlsx",
        "2025_OCT/HCPC2025_OCT_ANWEB.xlsx",
        "2026_JAN/HCPC2026_JAN_ANWEB_01122026.xlsx",
        "2026_APR/HCPC2026_APR_ANWEB.xlsx",
        "2026_JUL/hcpcs-2026.xlsx",
    )
]
# Curators' corrections of those files, applied as they load (data/README.md says why).
HCPCS_BUNDLED_CORRECTIONS = BASE_DIR / "data" / "corrections.json"
# CMS's Table of Drugs and Alpha-Numeric Index entries (codes/drugs/cms_index.py).
HCPCS_BUNDLED_INDEX = BASE_DIR / "data" / "cms_index.json"
HCPCS_BUNDLED_SYNONYMS = BASE_DIR / "data" / "synonyms.json"
# CMS's ASP NDC-HCPCS crosswalk and payment limit files, oldest quarter first.
# CMS's DMEPOS fee schedule, oldest quarter first (codes/fees; data/README.md).
HCPCS_BUNDLED_DMEPOS = [
    BASE_DIR / "data" / "dmepos" / name
    for name in ("DMEPOS25_APR.csv.gz", "DMEPOS26_JAN_resaved.csv.gz")
]
HCPCS_BUNDLED_ASP = [
    BASE_DIR / "data" / "asp" / name
    for name in (
        "section 508 version of October 2025 ASP NDC-HCPCS Crosswalk 090525.csv.gz",
        "section 508 version of Oct 2025 ASP Pricing File 091725.csv.gz",
        "section 508 version of January 2026 ASP NDC-HCPCS Crosswalk 121725.csv.gz",
        "section 508 version of January 2026 Medicare Part B Payment Limit File 121725.csv.gz",
    )
]

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Curators sign in for a working day, not for weeks.
SESSION_COOKIE_AGE = _env_int("SESSION_COOKIE_AGE", 8 * 3600)
if PRODUCTION:
    SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = _env_bool("SECURE_COOKIES", True)
    # The TLS proxy (nginx, a load balancer) says the request came over https; gunicorn's
    # forwarded_allow_ips decides whose word it takes (deploy/gunicorn.conf.py).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers probe over plain http.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = _env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", False)

# How many proxies stand in front of the app (nginx: one). Client addresses for lockouts
# and throttling are read from X-Forwarded-For through that many hops.
TRUSTED_PROXY_COUNT = _env_int("TRUSTED_PROXY_COUNT", 1 if PRODUCTION else 0)

# django-axes: five failed sign-ins for one account from one address lock that pair out
# for an hour; every attempt and lockout is kept (admin: Axes) and lockouts are audited.
AXES_FAILURE_LIMIT = _env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
# The client's address, for the lockout, by django-ipware (installed: without it axes
# silently keys every lockout on the proxy's address, so one client could lock any curator
# out). The proxy nearest the app connects from REMOTE_ADDR and appends the address it saw
# to X-Forwarded-For, so the header lists TRUSTED_PROXY_COUNT - 1 proxies after the client,
# read from the right: whatever a client writes into the header itself is to the left of
# what our proxies append, and a header of the wrong length falls back to REMOTE_ADDR.
AXES_IPWARE_PROXY_ORDER = "right-most"
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1 if TRUSTED_PROXY_COUNT else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if TRUSTED_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Content Security Policy: nothing inline, nothing from elsewhere, on every page.
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
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Bounded in size and depth, control characters refused (hcpcs_site/json_input.py).
    "DEFAULT_PARSER_CLASSES": [
        "codes.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Per client address (anonymous) or account (signed in), counted in the cache: Redis,
    # so shared by every instance, when CACHE_URL is set. Over the rate: 429, Retry-After.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "codes.api.throttling.SignedInRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "300/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "1200/minute"),
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT or None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "HCPCS Code Site API",
    "DESCRIPTION": "Read-only access to the CMS HCPCS Level II code set and its release history.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The same schema for everyone: no session read, so it can be cached publicly.
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Two "status" fields with their own choices: a line's verdict and its NDC's check.
    "ENUM_NAME_OVERRIDES": {
        "LineStatusEnum": "codes.api.validate.STATUSES",
        "NdcCheckStatusEnum": "codes.validation.ndc_check.STATUSES",
    },
}

# One line per record on stdout, JSON in production, each with the request's id.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "hcpcs_site.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "hcpcs_site.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "hcpcs": {"level": os.environ.get("LOG_LEVEL", "INFO"), "propagate": True},
    },
}
