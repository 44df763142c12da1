"""The one settings module. Every value comes from the environment with a safe
default; docs/settings.md lists them all (a test keeps that list complete).

Nothing here reads the database or the network.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

ENV = os.environ
PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = ENV.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in ENV.get(name, default).split(",") if item.strip()]


# --- Where data lives -------------------------------------------------------
DATA_DIR = Path(ENV.get("GONGKAI_DATA_DIR", "var")).resolve()
DEMO_MODE = env_bool("GONGKAI_DEMO", False)
SECRET_KEY_FILE = DATA_DIR / "secret_key"


def _secret_key() -> tuple[str, str]:
    """Return (key, source). ``serve`` refuses to start unless source is "env"."""
    if ENV.get("SECRET_KEY"):
        return ENV["SECRET_KEY"], "env"
    if DEMO_MODE or SECRET_KEY_FILE.exists():  # the demo's installation
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        if not SECRET_KEY_FILE.exists():
            SECRET_KEY_FILE.write_text(secrets.token_urlsafe(50), encoding="ascii")
            SECRET_KEY_FILE.chmod(0o600)
        return SECRET_KEY_FILE.read_text(encoding="ascii").strip(), "demo-file"
    # A throw-away key for tests and one-off commands; sessions do not survive it.
    return secrets.token_urlsafe(50), "ephemeral"


SECRET_KEY, GONGKAI_SECRET_KEY_SOURCE = _secret_key()
FIELD_KEYS_FILE = DATA_DIR / "field_keys"


def _field_keys() -> tuple[str, str]:
    """Keys for personal-data fields (see gongkai.crypto); same sources as SECRET_KEY."""
    import base64

    if ENV.get("GONGKAI_FIELD_KEYS"):
        return ENV["GONGKAI_FIELD_KEYS"], "env"
    if DEMO_MODE or FIELD_KEYS_FILE.exists():  # the demo's installation
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        if not FIELD_KEYS_FILE.exists():
            FIELD_KEYS_FILE.write_text("k1:" + base64.b64encode(secrets.token_bytes(32)).decode())
            FIELD_KEYS_FILE.chmod(0o600)
        return FIELD_KEYS_FILE.read_text(encoding="ascii").strip(), "demo-file"
    return "t1:" + base64.b64encode(secrets.token_bytes(32)).decode(), "ephemeral"


GONGKAI_FIELD_KEYS, GONGKAI_FIELD_KEYS_SOURCE = _field_keys()
# The cipher new personal-data values are sealed with (gongkai.crypto): "aes-256-gcm"
# or "sm4-gcm" (国密 SM4, GB/T 32907). Old values keep decrypting under either.
GONGKAI_FIELD_CIPHER = ENV.get("GONGKAI_FIELD_CIPHER", "aes-256-gcm").strip().lower()


def _audit_hash() -> str:
    """SM3 where the installed OpenSSL offers it, SHA-256 otherwise (or as set)."""
    from gongkai.rules.auditchain import sm3_available

    chosen = ENV.get("GONGKAI_AUDIT_HASH", "").strip().lower()
    return chosen or ("sm3" if sm3_available() else "sha256")


# The audit log's hash chain (gongkai.rules.auditchain) and how long records are kept:
# at least six months (网络安全法 Art. 21(三)); `gongkai check` refuses less than 184 days.
GONGKAI_AUDIT_HASH = _audit_hash()
GONGKAI_AUDIT_RETENTION_DAYS = int(ENV.get("GONGKAI_AUDIT_RETENTION_DAYS", "1095"))
# How long a closed application's case file (with the applicant's data) is kept before
# it may be anonymised on request or by schedule. UNVERIFIED: the archives rules
# (文书档案保管期限) set the period; 10 years is a placeholder, set it locally.
GONGKAI_CASE_RETENTION_YEARS = int(ENV.get("GONGKAI_CASE_RETENTION_YEARS", "10"))
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# --- Database ----------------------------------------------------------------
SQLITE_PATH = DATA_DIR / "gongkai.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        ENV.get("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}",
        conn_max_age=int(ENV.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg prepares a query a connection has run 5 times (each public page's), so
    # PostgreSQL parses and plans it once; this needs parameters bound by the server.
    PREPARED = env_bool("DATABASE_PREPARED_STATEMENTS", True)
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": PREPARED,
        "prepare_threshold": 5 if PREPARED else None,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if not ENV.get("DATABASE_URL"):
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer commits; IMMEDIATE takes the
        # write lock at BEGIN so two writers queue instead of failing mid-way.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        " PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Applications --------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "ninja",
    "gongkai.audit",
    "gongkai.agencies",
    "gongkai.catalogue",
    "gongkai.workcalendar",
    "gongkai.applications",
    "gongkai.consultations",
    "gongkai.reports",
    "gongkai.submissions",
    "gongkai.trading",
    "gongkai.exchange",
    "gongkai.inspection",
    "gongkai.portal",
]

MIDDLEWARE = [
    # First, so it sees each response after every other middleware set its headers
    # and cookies: it writes public pages to the page cache (gongkai.portal.pagecache).
    "gongkai.portal.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "gongkai.headers.SecurityHeadersMiddleware",
    # Before anything reads the database: a NUL in a URL or a form is a 400 (PostgreSQL
    # refuses NUL in text; gongkai.requestguard).
    "gongkai.requestguard.NullByteGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.agencies.middleware.AccountSecurityMiddleware",
    "gongkai.agencies.middleware.CurrentAgencyMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"
AUTH_USER_MODEL = "agencies.User"
LOGIN_URL = "workspace:login"
LOGIN_REDIRECT_URL = "workspace:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "gongkai.agencies.context_processors.workspace",
            ],
        },
    }
]

# 等保 2.0 level 3 身份鉴别 (spec security.md §1.0, SEC-03/04): the defaults are
# the assessors' usual figures; docs/security.md names the test of each.
PASSWORD_MIN_LENGTH = int(ENV.get("PASSWORD_MIN_LENGTH", "12"))
PASSWORD_MIN_CLASSES = int(ENV.get("PASSWORD_MIN_CLASSES", "3"))
PASSWORD_HISTORY = int(ENV.get("PASSWORD_HISTORY", "5"))
PASSWORD_MAX_AGE_DAYS = int(ENV.get("PASSWORD_MAX_AGE_DAYS", "90"))  # 0: never expires
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "gongkai.agencies.passwords.CharacterClassValidator",
        "OPTIONS": {"min_classes": PASSWORD_MIN_CLASSES},
    },
    {"NAME": "gongkai.agencies.passwords.NotUsernameValidator"},
    {
        "NAME": "gongkai.agencies.passwords.PasswordHistoryValidator",
        "OPTIONS": {"count": PASSWORD_HISTORY},
    },
]
# Lockout (SEC-05): this many consecutive failures lock the account name, and
# (a larger number) the client address, for LOGIN_LOCKOUT_MINUTES.
LOGIN_FAILURE_LIMIT = int(ENV.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(ENV.get("LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
LOGIN_LOCKOUT_MINUTES = int(ENV.get("LOGIN_LOCKOUT_MINUTES", "30"))
# Idle session timeout (SEC-06), seconds without a request; the three
# administrator roles get the shorter one. SESSION_COOKIE_AGE is the absolute limit.
SESSION_IDLE_SECONDS = int(ENV.get("SESSION_IDLE_SECONDS", "900"))
SESSION_IDLE_ADMIN_SECONDS = int(ENV.get("SESSION_IDLE_ADMIN_SECONDS", "600"))
# TOTP second factor (SEC-09): the name authenticator apps show.
GONGKAI_TOTP_ISSUER = ENV.get("GONGKAI_TOTP_ISSUER", "Gongkai")

# --- Language and time ---------------------------------------------------------
LANGUAGE_CODE = ENV.get("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = ENV.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Files ---------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Unset: WhiteNoise serves static files straight from the package (no collect step).
STATIC_ROOT = Path(ENV["STATIC_ROOT"]) if ENV.get("STATIC_ROOT") else None
MEDIA_URL = "media/"
MEDIA_ROOT = Path(ENV.get("MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if STATIC_ROOT
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- Security --------------------------------------------------------------------
# Production is every installation that is neither DEBUG nor the demo: there the
# cookies are Secure and HSTS is on unless the environment says otherwise, and
# `gongkai check` (gongkai.deploy_checks.check_transport) reports what is missing.
PRODUCTION = not DEBUG and not DEMO_MODE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True  # no script reads it: there are no scripts that post
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = int(ENV.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SECURE_HSTS_SECONDS = int(ENV.get("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
# Sent by gongkai.headers on every response and by deploy/nginx/gongkai.conf on cached
# pages (change both together). No 'unsafe-inline': templates hold no inline script,
# style, style= attribute or on* handler (tests/portal/test_security_headers.py).
GONGKAI_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self';"
    " form-action 'self'; frame-ancestors 'none'"
)
GONGKAI_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), fullscreen=(self)"
)

# --- E-mail (receipts to applicants). Without EMAIL_HOST, mails are written as
# files to $GONGKAI_DATA_DIR/outbox (never to the log: they hold personal data).
EMAIL_HOST = ENV.get("EMAIL_HOST", "")
EMAIL_PORT = int(ENV.get("EMAIL_PORT", "465"))
EMAIL_HOST_USER = ENV.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = ENV.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
DEFAULT_FROM_EMAIL = ENV.get("DEFAULT_FROM_EMAIL", "gongkai@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = DATA_DIR / "outbox"

# --- Abuse limits on public forms (per client address)
GONGKAI_APPLY_LIMIT = int(ENV.get("GONGKAI_APPLY_LIMIT", "10"))  # submissions per hour
GONGKAI_TRACK_LIMIT = int(ENV.get("GONGKAI_TRACK_LIMIT", "60"))  # look-ups per hour
GONGKAI_ASK_LIMIT = int(ENV.get("GONGKAI_ASK_LIMIT", "10"))  # questions per hour
GONGKAI_SEARCH_LIMIT = int(ENV.get("GONGKAI_SEARCH_LIMIT", "1200"))  # searches per hour
GONGKAI_LOGIN_LIMIT = int(ENV.get("GONGKAI_LOGIN_LIMIT", "60"))  # login posts per hour

# --- Logging: plain lines to stderr; no request bodies, so no personal data ------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": ENV.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Gongkai ---------------------------------------------------------------------
GONGKAI_SERVE_BIND = ENV.get("GONGKAI_BIND", "127.0.0.1:8000")
GONGKAI_SERVE_WORKERS = int(ENV.get("GONGKAI_WORKERS", "2"))
# The agency whose site answers at "/" (its slug). Empty: "/" lists the agencies,
# or shows the only one.
GONGKAI_HOME_AGENCY = ENV.get("GONGKAI_HOME_AGENCY", "")

# The default 索引号 template (an agency's own, set by the 系统管理员, comes first);
# see gongkai.rules.indexno for the placeholders.
GONGKAI_INDEX_TEMPLATE = ENV.get("GONGKAI_INDEX_TEMPLATE", "{uscc}/{yyyy}-{serial:05}")
GONGKAI_ATTACHMENT_MAX_BYTES = int(ENV.get("GONGKAI_ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024)))

# Search: "tantivy" (embedded index under the data directory; one server) or
# "postgres" (PostgreSQL full-text; several application servers).
GONGKAI_SEARCH_BACKEND = ENV.get("GONGKAI_SEARCH_BACKEND", "tantivy")
GONGKAI_SEARCH_DIR = Path(ENV.get("GONGKAI_SEARCH_DIR", str(DATA_DIR / "search")))

# The page cache: public pages written as files for nginx to serve
# (gongkai.portal.pagecache, deploy/nginx/gongkai.conf).
GONGKAI_PAGE_CACHE = env_bool("GONGKAI_PAGE_CACHE", True)
GONGKAI_PAGE_CACHE_DIR = Path(ENV.get("GONGKAI_PAGE_CACHE_DIR", str(DATA_DIR / "pagecache")))
GONGKAI_PAGE_MAX_AGE = int(ENV.get("GONGKAI_PAGE_MAX_AGE", "60"))  # seconds, public pages

# The site's address as the public reaches it, for absolute links made outside a
# request (OCDS packages written by `gongkai ocds` and the daily bulk files).
GONGKAI_PUBLIC_URL = ENV.get("GONGKAI_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# OCDS open data (docs/ocds.md): the ocid prefix the Open Contracting Partnership
# registers for the publisher (the default is a placeholder, not a registered one),
# the licence of the data, and where the daily bulk files are kept.
GONGKAI_OCDS_PREFIX = ENV.get("GONGKAI_OCDS_PREFIX", "ocds-gkdemo")
GONGKAI_OCDS_LICENSE = ENV.get("GONGKAI_OCDS_LICENSE", "")
GONGKAI_OCDS_DIR = Path(ENV.get("GONGKAI_OCDS_DIR", str(DATA_DIR / "ocds")))

# The public site's address with scheme (https://ggzy.example.gov.cn), for links that
# leave the site: the page URL each provincial-exchange record carries.
GONGKAI_PUBLIC_URL = ENV.get("GONGKAI_PUBLIC_URL", "")

# Website self-inspection (gongkai.inspection, docs/settings.md): bounds of the walk,
# the HTTP reachability sample, the rate for links to other hosts, and the checklist
# values the spec marks UNVERIFIED (国办秘函〔2019〕19号 「长期未更新」).
GONGKAI_INSPECT_MAX_PAGES = int(ENV.get("GONGKAI_INSPECT_MAX_PAGES", "20000"))
GONGKAI_INSPECT_MAX_DEPTH = int(ENV.get("GONGKAI_INSPECT_MAX_DEPTH", "8"))
GONGKAI_INSPECT_RENDER_SAMPLE = int(ENV.get("GONGKAI_INSPECT_RENDER_SAMPLE", "50"))
GONGKAI_INSPECT_LIST_PAGES = int(ENV.get("GONGKAI_INSPECT_LIST_PAGES", "3"))
GONGKAI_INSPECT_HTTP_SAMPLE = int(ENV.get("GONGKAI_INSPECT_HTTP_SAMPLE", "5"))
GONGKAI_INSPECT_EXTERNAL_RATE = float(ENV.get("GONGKAI_INSPECT_EXTERNAL_RATE", "1"))
GONGKAI_INSPECT_TIMEOUT = float(ENV.get("GONGKAI_INSPECT_TIMEOUT", "15"))
GONGKAI_INSPECT_LONG_STALE_DAYS = int(ENV.get("GONGKAI_INSPECT_LONG_STALE_DAYS", "365"))
GONGKAI_INSPECT_REPORT_DEADLINE = ENV.get("GONGKAI_INSPECT_REPORT_DEADLINE", "01-31")

# Provincial exchange (数据交换): see docs/exchange.md.
GONGKAI_EXCHANGE_ADAPTER = ENV.get(
    "GONGKAI_EXCHANGE_ADAPTER", "gongkai.exchange.adapters.HttpJsonAdapter"
)
GONGKAI_EXCHANGE_URL = ENV.get("GONGKAI_EXCHANGE_URL", "")
GONGKAI_EXCHANGE_TOKEN = ENV.get("GONGKAI_EXCHANGE_TOKEN", "")
GONGKAI_EXCHANGE_TIMEOUT = float(ENV.get("GONGKAI_EXCHANGE_TIMEOUT", "10"))
GONGKAI_EXCHANGE_BATCH = int(ENV.get("GONGKAI_EXCHANGE_BATCH", "500"))
GONGKAI_EXCHANGE_MAX_ATTEMPTS = int(ENV.get("GONGKAI_EXCHANGE_MAX_ATTEMPTS", "10"))
GONGKAI_EXCHANGE_RETRY_SECONDS = float(ENV.get("GONGKAI_EXCHANGE_RETRY_SECONDS", "60"))
# PUB_SERVICE_PLAT_CODE: the provincial public-service platform's 18-character code.
GONGKAI_EXCHANGE_PUB_SERVICE_PLAT_CODE = ENV.get("GONGKAI_EXCHANGE_PUB_SERVICE_PLAT_CODE", "")

# Backups (gongkai backup/restore): where pg_dump and pg_restore are, when not on
# the PATH (their major version must be at least the server's).
GONGKAI_PG_BINDIR = ENV.get("GONGKAI_PG_BINDIR", "")
