"""Django settings, read from environment variables.

DATABASE_URL   database (default: SQLite file var/wenming.sqlite3 in WAL mode), e.g.
               postgres://wenming:secret@127.0.0.1:6432/wenming
DATABASE_PGBOUNCER  "1" when DATABASE_URL is pgbouncer in transaction mode: no server-side
               cursors, no prepared statements (wenming.settings_env.database)
DATABASE_POOL  N: psycopg's connection pool in each process, at most N connections
               (instead of pgbouncer; not both). Straight to PostgreSQL (pool or not),
               repeated queries are prepared once per connection
SECRET_KEY     required when DEBUG is off
DEBUG          "1" for development
ALLOWED_HOSTS  comma-separated host names
SITE_URL       the public address printed in certificates, QR codes and e-mails,
               e.g. https://wenming.example.gov.cn (default: the request's own host)
WENMING_VAR    the folder of local state (default var/ in the checkout)
MEDIA_ROOT     where uploaded files are kept without S3 (default var/media)
S3_BUCKET      keep uploaded files and exports in this bucket of an S3-compatible store;
               with S3_ENDPOINT_URL (the store's address), S3_ACCESS_KEY_ID,
               S3_SECRET_ACCESS_KEY, S3_REGION (default us-east-1), S3_ADDRESSING_STYLE
               (default path), S3_PREFIX (a folder in the bucket)
STATIC_ROOT    where collectstatic writes the assets nginx serves (default var/static)
TASKS_BACKEND  "immediate" runs background work in the request (tests, small offices);
               "rq" queues it in Redis (REDIS_URL), worked by `manage.py rqworker
               --job-class django_tasks_rq.Job default`; default "database", the
               database queue worked by `manage.py db_worker`
TASKS_REDIS_URL  the queue's Redis (default REDIS_URL; best another database number)
TASKS_TIMEOUT  seconds an RQ task may run (default 3600)
HTTPS          "1" when served over TLS: secure cookies, HTTP redirected (SECURE_SSL_REDIRECT)
SECURE_HSTS_SECONDS, SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD   HSTS (0: off)
TRUSTED_PROXIES  reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed
REDIS_URL      shared cache of every process: rate limits, locks, cached sessions
               (default: files under var/cache, sessions in the database)
PASSWORD_EXPIRY_DAYS  days a password lasts (default 180, 0: never)
NOTIFY_CHANNELS  channels of notifications beyond the inbox, comma-separated (default
               "inapp,email"; add "sms", "chat"); wenming.notifications.channels
NOTIFY_SMS_URL, NOTIFY_SMS_KEY   the SMS gateway: a JSON POST {"phone", "text"} with
               "Authorization: Bearer <key>"
NOTIFY_CHAT_URL  a work-chat group robot's webhook; NOTIFY_CHAT_KIND "wecom" (企业微信,
               default) or "dingtalk" (钉钉, signed with NOTIFY_CHAT_SECRET when set)
NOTIFY_MAX_ATTEMPTS, NOTIFY_RETRY_SECONDS  sends tried at most (default 5), the first
               retry's wait, doubling after (default 60)
"""

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from wenming import settings_env

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("WENMING_VAR", PROJECT_DIR / "var"))


def env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DEBUG")
#: The key of development only (``DEBUG=1``): public, so ``check --deploy`` flags it
#: (``wenming.core.checks``) and it is never used with DEBUG off.
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789abcdef"  # noqa: S105  (dev only, refused below in production)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # Refuse to start rather than sign sessions with a key anyone can read.
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off Wenming refuses to start on a built-in "
            "key, since anyone could forge sessions with it. Set SECRET_KEY to a long random "
            "value kept outside the code, generated for example with\n"
            "  python -c 'import secrets; print(secrets.token_urlsafe(50))'\n"
            "(or set DEBUG=1 on a development machine only)."
        )
    SECRET_KEY = DEV_SECRET_KEY
#: The site's public address (no trailing slash); "" falls back to the request's host.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]

INSTALLED_APPS = [
    "wenming.core.apps.WenmingAdminConfig",  # django.contrib.admin, with the audited site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "django_tasks_db",
    "wenming.core",
    "wenming.audit",
    "wenming.accounts",
    "wenming.registry",
    "wenming.frameworks",
    "wenming.campaigns",
    "wenming.visits",
    "wenming.supervision",
    "wenming.creation",
    "wenming.assessment",
    "wenming.screening",
    "wenming.publicity",
    "wenming.committee",
    "wenming.appeals",
    "wenming.families",
    "wenming.cities",
    "wenming.reports",
    "wenming.notifications",
    "wenming.workrules",
    "wenming.demo",
]

MIDDLEWARE = [
    # First: the proxy headers are dropped unless a trusted proxy sent the request.
    "wenming.core.middleware.ProxyHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "wenming.core.middleware.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wenming.accounts.sessions.SessionRenewalMiddleware",
    "wenming.core.middleware.ChineseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "wenming.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wenming.accounts.passwords.PasswordExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes must come last: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wenming.urls"
WSGI_APPLICATION = "wenming.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wenming.core.context_processors.navigation",
            ],
        },
    },
]
# Django's form templates, the simplest of them (inputs, labels) as Python.
FORM_RENDERER = "wenming.core.form_renderer.FormRenderer"

# Database: SQLite in WAL mode by default, PostgreSQL through DATABASE_URL (directly,
# behind pgbouncer, or with psycopg's pool: wenming.settings_env.database).
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": settings_env.database(os.environ, VAR_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "wenming.accounts.backends.DemoPasswordRefusedBackend",
    "django.contrib.auth.backends.ModelBackend",
    "wenming.accounts.backends.AdminRoleBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# GB/T 22239 L3 身份鉴别: 10 characters, 3 of 4 classes, the last 5 not reused
# (wenming.accounts.passwords; the history validator also records each new password).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "wenming.accounts.passwords.StrengthValidator"},
    {"NAME": "wenming.accounts.passwords.HistoryValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock an account out for 30 minutes after 5 failed attempts.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# Lock the account, not the address: an office's staff share one NAT address, and
# locking it would shut the whole office out after one person's typos.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Axes records the person's address behind the trusted proxy, as the rate limits do.
AXES_CLIENT_IP_CALLABLE = "wenming.throttle.request_client_address"

# Log out after 30 idle minutes. The session's life is renewed at most once a minute
# (accounts.sessions.SessionRenewalMiddleware), not saved on every request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
# HTTPS=1 when the site is served over TLS (directly or by the documented proxy): cookies
# are then sent over HTTPS only, plain HTTP is redirected, and HSTS may be turned on.
HTTPS = env_flag("HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", default=HTTPS)
# The health check answers a monitor on plain HTTP on the host itself.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
#: Strict-Transport-Security: 0 (off) until the site is known to work over HTTPS; the
#: README's production value is 31536000 (one year).
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", default=False)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# A strict Content Security Policy: only our own assets, scripts only with the nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# WhiteNoise serves from the finders until collectstatic fills it.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    # Local files, or an S3-compatible store with S3_BUCKET (wenming.settings_env).
    "default": settings_env.default_storage(os.environ, VAR_DIR),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "/media/"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Rate-limit counters (wenming.throttle), locks and cached sessions must be shared by
# every worker: Redis when REDIS_URL is set, else files under var/cache.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = settings_env.caches(os.environ, VAR_DIR)
SESSION_ENGINE = settings_env.session_engine(os.environ)

# Background work: the database queue, in the request, or RQ on Redis.
TASKS = settings_env.tasks(os.environ)
RQ_QUEUES = settings_env.rq_queues(os.environ)
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "wenming.accounts.api_auth.SecondFactorSessionAuthentication",
        "wenming.accounts.api_auth.PasswordOnlyBasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "wenming.api_support.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "wenming.api_support.pagination.CheckedLimitOffsetPagination",
    "EXCEPTION_HANDLER": "wenming.api_support.errors.exception_handler",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Wenming API",
    "DESCRIPTION": "Civilization-creation campaigns: registry, frameworks, campaigns.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Several models have a "kind" or a "status": each enum gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKindEnum": "wenming.registry.models.KIND_CHOICES",
        "TitleStatusEnum": "wenming.registry.models.TITLE_STATUS_CHOICES",
        "ApplicationStatusEnum": "wenming.campaigns.models.STATE_CHOICES",
        "StageKindEnum": "wenming.campaigns.models.StageKind",
        "FrameworkKindEnum": "wenming.frameworks.models.FrameworkKind",
        "FrameworkStatusEnum": "wenming.frameworks.models.FrameworkStatus",
        "RoundKindEnum": "wenming.assessment.models.RoundKind",
        "ReviewKindEnum": "wenming.supervision.models.ReviewKind",
        "ReportCategoryEnum": "wenming.reports.models.Category",
        "WorkMeetingKindEnum": "wenming.workrules.models.MEETING_KIND_CHOICES",
        "MeetingAttendanceEnum": "wenming.workrules.models.Attendance",
        "LiaisonRankEnum": "wenming.workrules.models.RANK_CHOICES",
        "InfoReportKindEnum": "wenming.workrules.models.ReportKind",
        "TrainingKindEnum": "wenming.workrules.models.TrainingKind",
    },
}

# Larger uploads go to a temporary file rather than memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
IMPORT_MAX_BYTES = 50 * 1024 * 1024
# The whole request body (files included): the largest upload plus room for the form.
REQUEST_MAX_BYTES = IMPORT_MAX_BYTES + 1024 * 1024
# A list export longer than this many rows is written by the task worker, with progress.
EXPORT_BACKGROUND_ROWS = int(os.environ.get("EXPORT_BACKGROUND_ROWS", "5000"))

EMAIL_BACKEND_NAME = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
MAILERS: dict[str, dict[str, object]] = {"default": {"BACKEND": EMAIL_BACKEND_NAME}}
if EMAIL_BACKEND_NAME.endswith(".smtp.EmailBackend"):
    # Production: the office's mail relay (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
    # EMAIL_HOST_PASSWORD, EMAIL_USE_TLS).
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_flag("EMAIL_USE_TLS"),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "wenming@localhost")
# Notifications (the NOTIFY_* lines of the docstring).
NOTIFY_CHANNELS = [c.strip() for c in os.environ.get("NOTIFY_CHANNELS", "inapp,email").split(",")]
NOTIFY_SMS_URL = os.environ.get("NOTIFY_SMS_URL", "")
NOTIFY_SMS_KEY = os.environ.get("NOTIFY_SMS_KEY", "")
NOTIFY_CHAT_URL = os.environ.get("NOTIFY_CHAT_URL", "")
NOTIFY_CHAT_KIND = os.environ.get("NOTIFY_CHAT_KIND", "wecom")
NOTIFY_CHAT_SECRET = os.environ.get("NOTIFY_CHAT_SECRET", "")
NOTIFY_MAX_ATTEMPTS = int(os.environ.get("NOTIFY_MAX_ATTEMPTS", "5"))
NOTIFY_RETRY_SECONDS = int(os.environ.get("NOTIFY_RETRY_SECONDS", "60"))

# --- Security (docs: README "安全"). Each helper module reads these names. ---
#: Key of the audit chain's HMAC; kept outside the database (environment or a secrets file).
AUDIT_HMAC_KEY = os.environ.get("AUDIT_HMAC_KEY", "")
if not AUDIT_HMAC_KEY and not DEBUG:
    # Refuse to start rather than answer every sign-in with a 500: the audit trail
    # (wenming.audit.keys) also refuses to write without its key.
    raise ImproperlyConfigured(
        "AUDIT_HMAC_KEY is not set. With DEBUG off Wenming refuses to start without the "
        "key of the audit chain, since no audit event (every sign-in writes one) can be "
        "written without it. Set AUDIT_HMAC_KEY to a random value kept outside the "
        "database and its backups, generated for example with\n"
        "  openssl rand -hex 32\n"
        "(or set DEBUG=1 on a development machine only)."
    )
#: Where signed audit checkpoints (head hash, count, time) are written.
AUDIT_CHECKPOINT_DIR = Path(os.environ.get("AUDIT_CHECKPOINT_DIR", VAR_DIR / "audit-checkpoints"))
#: Staff and admin roles must use a second factor (TOTP); on by default outside development.
WENMING_REQUIRE_2FA = env_flag("WENMING_REQUIRE_2FA", default=not DEBUG)
#: The demo's public password signs in only in development, or on a throwaway stack that
#: says so (scripts/stack.py sets it for its demo and browser test; never in production).
WENMING_ALLOW_DEMO_PASSWORD = env_flag("WENMING_ALLOW_DEMO_PASSWORD", default=DEBUG)
#: A password expires after this many days (0: never); the last N can't be reused.
PASSWORD_EXPIRY_DAYS = int(os.environ.get("PASSWORD_EXPIRY_DAYS", "180"))
PASSWORD_HISTORY_COUNT = 5
#: Addresses of the reverse proxies whose X-Forwarded-For is believed (comma-separated).
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("TRUSTED_PROXIES", "").split(",") if p.strip()]
# Behind a trusted TLS proxy, the request is secure when the proxy says so (it must set
# X-Forwarded-Proto itself, overwriting what the client sent); never believed otherwise.
if TRUSTED_PROXIES and HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
#: Objectors' contacts and rate-limit addresses are purged this many days after publicity closes.
PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", "365"))
#: Audit events are kept at least this long and never purged by default.
AUDIT_MIN_RETENTION_DAYS = 184

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
