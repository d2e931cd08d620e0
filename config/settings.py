"""Inovasi settings, read from the environment (see `.env.example`).

`INOVASI_ENV` picks the mode: `development` (default: SQLite, DEBUG on, console mail), `test`
(fast hashing, immediate tasks) or `production` (refuses to start without SECRET_KEY, a
PostgreSQL DATABASE_URL, ALLOWED_HOSTS, an https SITE_URL and EMAIL_BACKEND=smtp; secure cookies and
HSTS so `check --deploy` is clean).
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("INOVASI_VAR_DIR", str(BASE_DIR / "var")))

INOVASI_ENV = env_choice("INOVASI_ENV", ("development", "test", "production"), "development")
PRODUCTION = INOVASI_ENV == "production"

# --- Core --------------------------------------------------------------------------------------

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY", required=True)
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters in production.")
else:
    SECRET_KEY = env_str("SECRET_KEY", "django-insecure-development-only-never-use-in-production")
# Old keys keep signed links valid after a rotation: printed certificate QR codes carry a signed token.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

DEBUG = env_bool("DEBUG", default=INOVASI_ENV == "development")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required in production (comma-separated host names).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")
if PRODUCTION and not SITE_URL.startswith("https://"):
    # Certificate QR codes, invitation and reset links are built from it: they must reach the public site.
    raise ImproperlyConfigured("SITE_URL must be the public https:// address in production.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Data apps: they own the models and the business verbs.
    "inovasi.regions",
    "inovasi.organisations",
    "inovasi.accounts",
    "inovasi.audit",
    "inovasi.innovations",
    "inovasi.search",
    "inovasi.data_exchange",
    "inovasi.innovation_index",
    "inovasi.competitions",
    "inovasi.judging",
    "inovasi.verification",
    "inovasi.awards",
    "inovasi.press",
    "inovasi.outbox",
    "inovasi.integrations",
    # Audience layers: they only present, and call the data apps' services.
    "inovasi.public",
    "inovasi.workspace",
    "inovasi.organizer",
    "inovasi.jury",
    "inovasi.api",
    "inovasi.files",
    "inovasi.demo",
    "inovasi.backups",
    "inovasi.synthetic",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "inovasi.public.language.IndonesianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "inovasi.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "inovasi.audit.middleware.AuditContextMiddleware",
    # After authentication: anonymous GETs of the public site and API read from the replica, if any.
    "config.db_router.PublicReadsOnReplicaMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes turns a locked-out login into the lockout page; it must stay last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "inovasi.accounts.context_processors.navigation",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------------------------
# SQLite (WAL, immediate transactions) is the embedded default; PostgreSQL through DATABASE_URL.

_default_db_url = f"sqlite:///{VAR_DIR / 'inovasi.sqlite3'}"
DATABASE_URL = env_str("DATABASE_URL", "" if PRODUCTION else _default_db_url)
if PRODUCTION and not DATABASE_URL.startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL in production (postgres://user@host/db).")
if _default_db_url == DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # cache_size: SQLite's default page cache is 2 MiB; the search postings' b-tree (millions of
        # rows at national size) is written and read far faster with a larger one. Allocated lazily.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; "
            f"PRAGMA cache_size=-{env_int('SQLITE_CACHE_MB', 64) * 1024};"
        ),
        "transaction_mode": "IMMEDIATE",
    }
# A streaming replica of the primary (PostgreSQL hot standby) for anonymous public reads: catalog,
# region and index pages, open data, the read API. Writes and signed-in users stay on `default`;
# see config/db_router.py. In tests the replica is a mirror of the test database.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    if PRODUCTION and not DATABASE_REPLICA_URL.startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must point to PostgreSQL (a streaming replica of DATABASE_URL)."
        )
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))
    if DATABASES["replica"]["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must use the same database engine as DATABASE_URL.")
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["config.db_router.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ----------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out username+IP before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "public:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if INOVASI_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures for one email + IP address the
# pair is locked for AXES_COOLOFF_MINUTES. Off by default in test mode because Django's test client
# `login()` authenticates without a request (the security tests switch it on with real forms).
AXES_ENABLED = env_bool("AXES_ENABLED", INOVASI_ENV != "test")
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "inovasi.accounts.security.axes_username"
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Beyond one e-mail + address (inovasi/accounts/throttles.py), over the same cool-off window:
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 20)  # one account, any address
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 50)  # one address, any account
LOGIN_GLOBAL_FAILURE_LIMIT = env_int("LOGIN_GLOBAL_FAILURE_LIMIT", 1000)  # every login
PASSWORD_RESET_LIMIT_PER_ACCOUNT = env_int("PASSWORD_RESET_LIMIT_PER_ACCOUNT", 3)
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 10)
PASSWORD_RESET_WINDOW_MINUTES = env_int("PASSWORD_RESET_WINDOW_MINUTES", 60)

# Two-factor authentication (django-otp, TOTP): organizers, jurors, verifiers and system admins
# must enrol an authenticator app and enter its code after the password. On in production.
REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", PRODUCTION)
OTP_TOTP_ISSUER = "Inovasi"
OTP_TOTP_THROTTLE_FACTOR = 1

INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 7)
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60 * 24)

# --- Internationalisation -----------------------------------------------------------------------
# Source strings are Indonesian; English is a translation in locale/en.

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static and media --------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded files on S3-compatible object storage (AWS S3, MinIO, Ceph, a cloud provider's object
# store) through django-storages, so several app servers share them. The bucket stays private: no
# ACL is set on objects (the bucket's own policy applies, which must not allow public reads), and
# every file is served through the app's permission-checked download views, which stream it from
# the bucket; a `.url` would be a pre-signed link valid for AWS_QUERYSTRING_EXPIRE seconds.
# Credentials come from the standard AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables (or an
# instance role), read by boto3 itself.
MEDIA_STORAGE = env_choice("MEDIA_STORAGE", ("filesystem", "s3"), "filesystem")
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME", required=True),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("AWS_S3_REGION_NAME", "") or None,
            "addressing_style": env_choice("AWS_S3_ADDRESSING_STYLE", ("auto", "path", "virtual"), "auto"),
            "location": env_str("AWS_LOCATION", ""),
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 300),
            # Like the file system: a second upload with the same name gets a new name, never
            # replacing evidence someone else already relies on.
            "file_overwrite": False,
            "signature_version": "s3v4",
            "object_parameters": {"CacheControl": "private, no-store"},
        },
    }
# The cache (facet counts, public pages). `memory`: per process (default). `file`: one directory
# shared by every worker of a server (CACHE_DIR), so a page is rendered once per server, not once
# per worker. Several servers: a shared cache such as Redis through Django's CACHES setting.
CACHE_BACKEND = env_choice("CACHE_BACKEND", ("memory", "file"), "memory")
if CACHE_BACKEND == "file":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str("CACHE_DIR", str(VAR_DIR / "cache")),
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 20_000)},
        }
    }
# Anonymous public pages are kept this many seconds (0 = off; off in tests).
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 0 if INOVASI_ENV == "test" else 60)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
# Field-verification photos: 0 means "as EVIDENCE_MAX_BYTES" and 40 megapixels (see verification.photos).
VERIFICATION_PHOTO_MAX_BYTES = env_int("VERIFICATION_PHOTO_MAX_BYTES", 0)
VERIFICATION_PHOTO_MAX_PIXELS = env_int("VERIFICATION_PHOTO_MAX_PIXELS", 0)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# More fields than this in one request is a 400 before any view runs (the longest real form, a
# shortlist of checked proposals, stays well below). Formsets cap their rows (inovasi.inputs).
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 1000)
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("DATA_UPLOAD_MAX_NUMBER_FILES", 50)

# --- Mail --------------------------------------------------------------------------------------

_email_backend = env_choice("EMAIL_BACKEND", ("console", "file", "smtp", "locmem"), "smtp" if PRODUCTION else "console")
if PRODUCTION and _email_backend != "smtp":
    raise ImproperlyConfigured("EMAIL_BACKEND must be smtp in production: console, file or locmem mail reaches no one.")
EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}[_email_backend]
EMAIL_FILE_PATH = Path(env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail")))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Inovasi <noreply@inovasi.localhost>")


# Outbox (inovasi/outbox): seconds before each retry of a refused mail; after the last it is failed.
def _seconds_list(name: str, default: list[str]) -> list[int]:
    try:
        return [int(s) for s in env_list(name, default)]
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be comma-separated whole seconds.") from exc


OUTBOX_BACKOFF_SECONDS = _seconds_list("OUTBOX_BACKOFF_SECONDS", ["60", "300", "1800", "7200", "21600"])
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Open data catalogue (/data.json for CKAN, /data/katalog.jsonld; docs/data-formats.md) --------
OPEN_DATA_PUBLISHER = env_str("OPEN_DATA_PUBLISHER", "Inovasi — sistem informasi inovasi daerah")
OPEN_DATA_CONTACT_NAME = env_str("OPEN_DATA_CONTACT_NAME", "Pengelola Inovasi")
OPEN_DATA_CONTACT_EMAIL = env_str("OPEN_DATA_CONTACT_EMAIL", "data@inovasi.localhost")
OPEN_DATA_LICENSE = env_str("OPEN_DATA_LICENSE", "https://creativecommons.org/licenses/by/4.0/")

# --- Integrations: API tokens and webhooks (inovasi/integrations, docs/api.md) ----------------
WEBHOOK_BACKOFF_SECONDS = _seconds_list("WEBHOOK_BACKOFF_SECONDS", ["30", "120", "600", "3600", "21600"])
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10)
# Production posts only to public https addresses; development may point a webhook at localhost.
WEBHOOK_REQUIRE_HTTPS = env_bool("WEBHOOK_REQUIRE_HTTPS", PRODUCTION)
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", not PRODUCTION)
# Requests per minute one API token may make (writes and reads together).
API_TOKEN_RATE_PER_MINUTE = env_int("API_TOKEN_RATE_PER_MINUTE", 120)

# --- Background tasks --------------------------------------------------------------------------
# The database queue (django-tasks-db) is the default in production; development and tests run
# tasks immediately unless TASKS_BACKEND=database and a `db_worker` runs.

_tasks_backend = env_choice("TASKS_BACKEND", ("database", "immediate"), "database" if PRODUCTION else "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[_tasks_backend]
    }
}

# --- Electronic seal (PAdES) on minutes and certificates (see docs/security.md) -------------------
# Unset outside production: a self-signed certificate is generated once into SEAL_DEV_DIR.
SEAL_CERT_FILE = env_str("SEAL_CERT_FILE", "")
SEAL_KEY_FILE = env_str("SEAL_KEY_FILE", "")
SEAL_KEY_PASSPHRASE = env_str("SEAL_KEY_PASSPHRASE", "")
SEAL_DEV_DIR = Path(env_str("SEAL_DEV_DIR", str(VAR_DIR / "seal")))

# --- Security ----------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Content Security Policy (django-csp 4): no inline scripts anywhere; inline styles are tolerated.
# The API docs too: Swagger UI is vendored under static/vendor and started by a static script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
