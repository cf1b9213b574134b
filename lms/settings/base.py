"""Settings shared by every environment.

Everything has a safe default and reads the environment (``DJANGO_*``, ``DATABASE_URL``,
``REDIS_URL``, ``EMAIL_*``); ``.env.example`` lists every variable.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps, in dependency order (see STYLE.md and the import-linter contract).
    "accounts",
    "jobs",
    "officials",
    "cms",
    "assessment",
    "courses",
    "classes",
    "evaluations",
    "certificates",
    "records",
    "reports",
    "staff",
    "demo",
    "lms",  # project-wide management commands (recover_tasks)
    "django_tasks_db",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffMFARequiredMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.site",
                "cms.context_processors.navigation",
                "staff.context_processors.staff_area",
            ],
        },
    },
]

# SQLite is the zero-setup default; production sets DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server and a task worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index uses PostgreSQL's full-text fields there; their system check needs the app.
    INSTALLED_APPS.append("django.contrib.postgres")
    # No JIT: the pages' queries are short, and JIT compiling the larger report queries cost more than it saved
    # (the below-target report's count: 4.3 s with JIT, 2.3 s without). ?options= in DATABASE_URL overrides it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Shared by every web node and worker: allauth's rate limits, cached sessions, the worker heartbeat.
    CACHES = {
        "default": {
            # Django's, reusing its redis client (lms/redis_cache.py).
            "BACKEND": "lms.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lms",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    # No Redis: a cache in each process, and the content generation (cms/caching.py) in a file, so that every
    # process of this machine (gunicorn workers, cron commands) serves a page change on its next request.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "content_generation": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("DJANGO_CACHE_DIR", str(BASE_DIR / "var" / "cache")),
        },
    }

# Background work, one worker for both frameworks: Wagtail 8 enqueues through the django_tasks backport
# ("default" alias), the project's tasks through Django's django.tasks ("background"). LMS_TASKS picks the
# backend: "database" (django-tasks-db, `manage.py db_worker`; no extra service) or "redis" (django-tasks-rq,
# `manage.py rqworker`). See lms/tasks_bridge.py and docs/decisions/0005.
TASK_QUEUES = ["default", "certificates", "exports", "emails", "imports"]
LMS_TASKS = os.environ.get("LMS_TASKS", "database").strip().lower()


def tasks_settings(backend: str, queues: list[str]) -> dict:
    if backend == "database":
        return {
            "default": {"BACKEND": "lms.tasks_bridge.ForwardingBackend", "QUEUES": queues},
            "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": queues},
        }
    if backend == "redis":
        return {
            alias: {"BACKEND": "lms.tasks_bridge.RQBackend", "QUEUES": queues}
            for alias in ("default", "background")
        }
    raise ValueError(f"LMS_TASKS must be 'database' or 'redis', not {backend!r}")


TASKS = tasks_settings(LMS_TASKS, TASK_QUEUES)
# RQ keeps its queues in Redis, in a database of their own so that a cache.clear() (FLUSHDB) never drops jobs.
# DEFAULT_TIMEOUT bounds one job (seconds): large exports and certificate archives run minutes, not hours.
LMS_TASKS_REDIS_URL = os.environ.get("LMS_TASKS_REDIS_URL", "redis://127.0.0.1:6379/1")
RQ_QUEUES = {name: {"URL": LMS_TASKS_REDIS_URL, "DEFAULT_TIMEOUT": 900} for name in TASK_QUEUES}
RQ = {"JOB_CLASS": "django_tasks_rq.backend.Job"}
if LMS_TASKS == "redis":
    INSTALLED_APPS.append("django_rq")

AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, each reading the session's user with their roles in one query (ADR 0038).
AUTHENTICATION_BACKENDS = ["accounts.backends.ModelBackend", "accounts.backends.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"

# --- Internationalisation: Vietnamese first, English second -------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# Our catalogue first (the first listed wins); then Vietnamese for django-allauth, which ships none, for the
# Wagtail admin and for Django, whose own catalogues leave strings in English (each kept apart so makemessages
# never rewrites it).
LOCALE_PATHS = [
    BASE_DIR / "locale",
    *(BASE_DIR / "locale" / name for name in ("allauth", "wagtail", "django")),
]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["lms.formats"]
LANGUAGE_COOKIE_NAME = "lms_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Files that only permission-checked views hand out (HR exports) never live under MEDIA_ROOT, which a web
# server may publish. With several web nodes this folder is shared storage, or the object store (production.py).
PRIVATE_ROOT = Path(os.environ.get("DJANGO_PRIVATE_ROOT", BASE_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "reports_exports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT, "base_url": "/private/"},
    },
}
# Finished export files are deleted after this many days (`manage.py purge_job_files`); the audit log stays.
LMS_EXPORT_RETENTION_DAYS = int(os.environ.get("LMS_EXPORT_RETENTION_DAYS", "7"))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Email --------------------------------------------------------------------------------
_email_backend = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
_smtp_options = {
    "host": os.environ.get("EMAIL_HOST", "localhost"),
    "port": int(os.environ.get("EMAIL_PORT", "25")),
    "username": os.environ.get("EMAIL_HOST_USER", ""),
    "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
    "use_tls": env_bool("EMAIL_USE_TLS"),
    "timeout": 20,
}
MAILERS = {
    "default": {
        "BACKEND": _email_backend,
        "OPTIONS": _smtp_options if _email_backend.endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "Đào tạo đô thị thông minh <no-reply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- django-allauth -----------------------------------------------------------------------
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.ProfileSignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "LMS Đô thị thông minh Tây Ninh"
# One 30-second step either side: a phone clock a little off (or a code typed as it changes) still works.
MFA_TOTP_TOLERANCE = 1

# --- Wagtail ------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Bồi dưỡng đô thị thông minh Tây Ninh"
# Staff sign in through allauth (password, then the TOTP code), never through Wagtail's own views.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILADMIN_BASE_URL = os.environ.get("DJANGO_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search"}}  # database backend, queries capped (#12)
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

# --- Product ------------------------------------------------------------------------------
LMS_PROVINCE_NAME = os.environ.get("LMS_PROVINCE_NAME", "Tây Ninh")
LMS_ISSUER_NAME = os.environ.get("LMS_ISSUER_NAME", "Ủy ban nhân dân tỉnh Tây Ninh")
# Reminder e-mails: days before an assignment's due date, and before a certificate expires.
LMS_REMINDER_DAYS = [int(d) for d in env_list("LMS_REMINDER_DAYS", "7,1")]
LMS_CERTIFICATE_EXPIRY_NOTICE_DAYS = int(os.environ.get("LMS_CERTIFICATE_EXPIRY_NOTICE_DAYS", "30"))
# Certificate serials read "<prefix>-<year>-<number>", e.g. TN-2026-000123.
LMS_CERTIFICATE_PREFIX = os.environ.get("LMS_CERTIFICATE_PREFIX", "TN")
# Bump when the personal-data processing notice changes; consent records keep the version shown.
LMS_PRIVACY_NOTICE_VERSION = "2026-07-01"
# Staff (trainers, reviewers, HR managers, administrators): a session reaches nothing but the sign-in
# steps until it has passed TOTP (accounts/middleware.py, ADR 0007).
LMS_STAFF_MFA_REQUIRED = env_bool("LMS_STAFF_MFA_REQUIRED", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Configured here so it drops Django's own console handler, which printed a second, unformatted copy
        # of every record (task workers' included) under DEBUG; the root handler shows each record once.
        "django": {"level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Security headers and Content Security Policy (see tests/test_security.py) -------------
# Django's own CSP middleware, wrapped so that the Wagtail admin gets its own policy (below). It sits right
# after SecurityMiddleware so that every response, error pages included, carries a policy.
from django.utils.csp import CSP  # noqa: E402

MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "lms.middleware.CSPMiddleware"
)
TEMPLATES[0]["OPTIONS"]["context_processors"].append("django.template.context_processors.csp")

# The public site: no inline script or style attribute at all; the rare inline <script>/<style> element
# must carry the request's nonce ({% csp_nonce_attr %}). Video blocks may embed the providers listed in
# DJANGO_CSP_FRAME_SRC (YouTube by default); media kept on an object store is served from the origins in
# DJANGO_CSP_MEDIA_ORIGINS (e.g. https://s3.example.gov.vn).
_csp_media_origins = env_list("DJANGO_CSP_MEDIA_ORIGINS")
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", *_csp_media_origins],
    "media-src": [CSP.SELF, *_csp_media_origins],
    "frame-src": [
        CSP.SELF,
        *env_list("DJANGO_CSP_FRAME_SRC", "https://www.youtube-nocookie.com,https://www.youtube.com"),
    ],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# Wagtail's admin (under LMS_CSP_ADMIN_PREFIX) ships inline scripts and style attributes and shows page
# previews in same-origin frames, so it gets a policy that allows those and still loads nothing from
# elsewhere. Only signed-in staff with TOTP reach it.
LMS_CSP_ADMIN_PREFIX = "/admin/"
LMS_CSP_ADMIN = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", *_csp_media_origins],
    "frame-ancestors": [CSP.SELF],
}
# Wagtail would otherwise load avatars from gravatar.com: a third-party request the policy refuses and
# a disclosure of staff e-mail hashes.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
# --- End of security headers ------------------------------------------------------------------

# --- Input hardening (#12) ---------------------------------------------------------------------
# Reverse proxies in front of the app: 0 means REMOTE_ADDR is the client and forwarding headers are
# ignored (a client could forge them). Set to the number of proxies that append to X-Forwarded-For,
# or name a header the proxy overwrites (X-Real-IP). accounts.network.client_ip reads these; allauth's
# limits use the same values.
LMS_TRUSTED_PROXY_COUNT = max(0, int(os.environ.get("LMS_TRUSTED_PROXY_COUNT", "0") or 0))
LMS_CLIENT_IP_HEADER = os.environ.get("LMS_CLIENT_IP_HEADER", "X-Forwarded-For").strip() or "X-Forwarded-For"
ALLAUTH_TRUSTED_PROXY_COUNT = LMS_TRUSTED_PROXY_COUNT
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = (
    LMS_CLIENT_IP_HEADER
    if LMS_TRUSTED_PROXY_COUNT and LMS_CLIENT_IP_HEADER.lower() != "x-forwarded-for"
    else None
)
# Every search (site and admin) keeps at most this many words and characters of a query (cms/search.py).
LMS_SEARCH_MAX_LENGTH = int(os.environ.get("LMS_SEARCH_MAX_LENGTH", "200") or 200)
LMS_SEARCH_MAX_TERMS = int(os.environ.get("LMS_SEARCH_MAX_TERMS", "10") or 10)
# Text no database stores (NUL, lone surrogates) in a URL or form gets a 400 page, never a 500.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "lms.middleware.RejectUnstorableInputMiddleware",
)
# Deepest level of the organisation-unit tree an import or the admin may create (treebeard's path column
# holds at most 63 levels).
LMS_UNIT_MAX_DEPTH = int(os.environ.get("LMS_UNIT_MAX_DEPTH", "10") or 10)

# --- Personal data: access log retention (#12 privacy) ---------------------------------------------
# Months an entry of the personal-data access log is kept; `manage.py purge_access_log` deletes older ones.
LMS_ACCESS_LOG_RETENTION_MONTHS = int(os.environ.get("LMS_ACCESS_LOG_RETENTION_MONTHS", "24") or 24)

# --- Certificate storage, archives and stuck tasks (#12) ---------------------------------------
# Certificate PDFs and HR ZIP archives live in a private storage beside the HR exports (PRIVATE_ROOT, never
# under MEDIA_ROOT) with random names and no URL: only access-checked views hand them out.
STORAGES["certificates"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_ROOT / "certificates", "base_url": None},
}
# ZIP archives of certificates are deleted after this many days (`manage.py purge_job_files`).
LMS_CERTIFICATE_ARCHIVE_RETENTION_DAYS = int(os.environ.get("LMS_CERTIFICATE_ARCHIVE_RETENTION_DAYS", "7"))
# A database task RUNNING longer than this is taken as lost (its worker died): `manage.py recover_tasks`.
LMS_TASK_STUCK_MINUTES = int(os.environ.get("LMS_TASK_STUCK_MINUTES", "30"))
# --- End of certificate storage (#12) ----------------------------------------------------------
# --- Upload limits for zip-based files (#12 imports) ---------------------------------------------
LMS_XLSX_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("LMS_XLSX_MAX_UNCOMPRESSED_BYTES", str(100 * 1024 * 1024))
)
LMS_XLSX_MAX_MEMBERS = int(os.environ.get("LMS_XLSX_MAX_MEMBERS", "1000"))
LMS_XLSX_MAX_COMPRESSION_RATIO = int(os.environ.get("LMS_XLSX_MAX_COMPRESSION_RATIO", "100"))

# --- Certificates as administrative documents (#12) ------------------------------------------------
# The public address printed on certificates and encoded in their QR code (https://, no path): the PDF
# never takes the address of the request that caused the issue. `check --deploy` refuses a missing,
# non-https or local address (certificates.E010).
LMS_PUBLIC_BASE_URL = os.environ.get("DJANGO_PUBLIC_BASE_URL", "").strip() or WAGTAILADMIN_BASE_URL

# --- Moodle XML import budget (#12 imports2) ---------------------------------------------------------
# A Moodle XML file with more elements than this is refused while it is being parsed (nothing written).
LMS_IMPORT_MAX_XML_ELEMENTS = int(os.environ.get("LMS_IMPORT_MAX_XML_ELEMENTS", "50000"))

# --- Demo content: lesson tables (#14 democontent) ------------------------------------------------
# The lesson table block (cms/blocks.py TableBlock) is a Wagtail typed table; its admin editor needs the app.
INSTALLED_APPS.append("wagtail.contrib.typed_table_block")

# --- New citizens and businesses (#14 citizens) ------------------------------------------------------
# The province whose communes and wards citizens choose from (code in the vietnam-provinces package /
# the General Statistics Office list; 80 = Tây Ninh since the 2025 merger).
LMS_PROVINCE_CODE = int(os.environ.get("LMS_PROVINCE_CODE", "80") or 80)
# The "confirm your email" page: resending the confirmation and correcting a mistyped address are limited
# per address/session ("key") and per client address ("ip"), with allauth's rate-limit syntax and cache.
ACCOUNT_RATE_LIMITS["lms_resend_confirmation"] = os.environ.get(
    "LMS_RESEND_CONFIRMATION_RATE", "1/m/key,5/h/key,20/h/ip"
)
ACCOUNT_RATE_LIMITS["lms_change_signup_email"] = os.environ.get(
    "LMS_CHANGE_SIGNUP_EMAIL_RATE", "3/h/key,10/h/ip"
)
# How long after signup the session that signed up may still correct the address (hours).
LMS_SIGNUP_EMAIL_CHANGE_HOURS = int(os.environ.get("LMS_SIGNUP_EMAIL_CHANGE_HOURS", "72") or 72)
# --- End of new citizens and businesses (#14 citizens) -----------------------------------------------

# --- #14 trainers and reviewers (Wagtail admin) -------------------------------------------------------
# Turns a course refused at publication (cms.checklist) into the checklist on its edit page, and confirms
# approvals made from the review modal, which Wagtail runs without a hook.
MIDDLEWARE.append("cms.middleware.CourseReviewMiddleware")

# --- Background file jobs (#13 jobs) ------------------------------------------------------------
# HR exports, certificate ZIPs and large question imports run as jobs (jobs.Job; docs/decisions/0020).
# Rows an export may have and still be built inside the request, per format: CSV is streamed as it is
# written, XLSX is built whole before the first byte leaves, hence the lower figure. Above the limit the
# export page offers a background job instead. Environment: LMS_REPORTS_STREAM_LIMIT_CSV / _XLSX.
LMS_REPORTS_STREAM_LIMITS = {
    "csv": int(os.environ.get("LMS_REPORTS_STREAM_LIMIT_CSV", "50000")),
    "xlsx": int(os.environ.get("LMS_REPORTS_STREAM_LIMIT_XLSX", "10000")),
}
# A question file (Moodle XML or XLSX) larger than this is imported by a background job on the "imports"
# queue, with a status page, instead of inside the request (default 256 KiB).
LMS_IMPORT_BACKGROUND_BYTES = int(os.environ.get("LMS_IMPORT_BACKGROUND_BYTES", str(256 * 1024)))
# --- End of background file jobs (#13 jobs) -----------------------------------------------------

# --- Classes and attendance (#15 classes) ---------------------------------------------------------
# One teaching period (tiết) in minutes: a session's default length in periods is its length over this.
LMS_PERIOD_MINUTES = int(os.environ.get("LMS_PERIOD_MINUTES", "45") or 45)
# Whether an excused absence counts as attended for a class's attendance rule, where the class does not
# say (TrainingClass.excused_counts_as_attended left empty).
LMS_CLASS_EXCUSED_COUNTS_AS_ATTENDED = os.environ.get(
    "LMS_CLASS_EXCUSED_COUNTS_AS_ATTENDED", "false"
).lower() in ("1", "true", "yes")
# --- End of classes and attendance (#15 classes) --------------------------------------------------

# --- Attendance check-in (#15 attendance) ---------------------------------------------------------
# The check-in screen's QR code and numeric code change every this many seconds (one "time slot").
LMS_CHECKIN_ROTATE_SECONDS = int(os.environ.get("LMS_CHECKIN_ROTATE_SECONDS", "30") or 30)
# How long a QR link or typed code stays valid after it was shown (seconds): the slot shown plus a
# margin for a slow phone or a learner at the back of the room.
LMS_CHECKIN_TOKEN_MAX_AGE = int(os.environ.get("LMS_CHECKIN_TOKEN_MAX_AGE", "90") or 90)
# A learner checking in later than this many minutes after the session's start is recorded late.
LMS_CHECKIN_LATE_AFTER_MINUTES = int(os.environ.get("LMS_CHECKIN_LATE_AFTER_MINUTES", "15") or 15)
# Check-in opens this many minutes before a session starts and closes when it ends.
LMS_CHECKIN_OPENS_MINUTES_BEFORE = int(os.environ.get("LMS_CHECKIN_OPENS_MINUTES_BEFORE", "30") or 30)
# Wrong numeric codes a learner may type before being asked to wait (allauth rate-limit syntax).
ACCOUNT_RATE_LIMITS["lms_checkin_code"] = os.environ.get("LMS_CHECKIN_CODE_RATE", "10/10m/user")
# --- End of attendance check-in (#15 attendance) --------------------------------------------------

# --- Single sign-on through OpenID Connect (#18 sso) ---------------------------------------------------
from urllib.parse import urlsplit  # noqa: E402

# Providers come from the environment (docs/sso.md, .env.example): LMS_OIDC_PROVIDERS names them
# ("tayninh,vneid"); each name N reads LMS_OIDC_<N>_ISSUER, _CLIENT_ID, _CLIENT_SECRET and optional _NAME (the
# button), _SCOPES, _LINK_BY_EMAIL, _TRUST_MFA, _MFA_AMR, _MFA_ACR, _CLAIMS, _AUDIENCE, _LOGOUT. Every provider
# is allauth's "openid_connect" provider with the authorization code flow and PKCE (S256).
INSTALLED_APPS.insert(INSTALLED_APPS.index("allauth.mfa"), "allauth.socialaccount")
INSTALLED_APPS.insert(INSTALLED_APPS.index("allauth.mfa"), "allauth.socialaccount.providers.openid_connect")
# Where a claim of the ID token or userinfo lands in the profile: profile field -> claim name. A provider
# overrides any of them with LMS_OIDC_<N>_CLAIMS="full_name=name,unit_code=ma_don_vi,audience=doi_tuong".
LMS_SSO_DEFAULT_CLAIMS = {"full_name": "name", "unit_code": "unit_code", "audience": "audience"}


def oidc_providers_from_env(environ=os.environ) -> tuple[list[dict], dict[str, dict]]:
    """allauth's app list and the platform's per-provider rules, from LMS_OIDC_* variables."""
    apps, rules = [], {}
    names = [n.strip().lower() for n in environ.get("LMS_OIDC_PROVIDERS", "").split(",") if n.strip()]
    for name in names:
        prefix = f"LMS_OIDC_{name.upper().replace('-', '_')}_"

        def read(key, default="", prefix=prefix):
            return environ.get(prefix + key, default).strip()

        def flag(key, default, read=read):
            return read(key, str(default)).lower() in {"1", "true", "yes", "on"}

        def words(key, default="", read=read):
            return [w for w in read(key, default).replace(",", " ").split() if w]

        issuer = read("ISSUER").rstrip("/")
        if not issuer or not read("CLIENT_ID"):
            raise ValueError(f"{prefix}ISSUER and {prefix}CLIENT_ID are required for provider {name!r}")
        claims = dict(LMS_SSO_DEFAULT_CLAIMS)
        for pair in read("CLAIMS").split(","):
            field, _, claim = pair.partition("=")
            if field.strip() and claim.strip():
                claims[field.strip()] = claim.strip()
        apps.append(
            {
                "provider_id": name,
                "name": read("NAME", name),
                "client_id": read("CLIENT_ID"),
                "secret": read("CLIENT_SECRET"),
                "settings": {
                    "server_url": issuer,
                    "scope": words("SCOPES", "openid profile email"),
                    "oauth_pkce_enabled": True,
                    # A verified e-mail address of the provider signs in the account that has it (ADR 0029).
                    "email_authentication": flag("LINK_BY_EMAIL", True),
                },
            }
        )
        parts = urlsplit(issuer)
        rules[name] = {
            "origin": f"{parts.scheme}://{parts.netloc}",
            "trust_mfa": flag("TRUST_MFA", False),
            "mfa_amr": words("MFA_AMR", "mfa"),
            "mfa_acr": words("MFA_ACR"),
            "claims": claims,
            "audience": read("AUDIENCE"),
            "logout": flag("LOGOUT", True),
        }
    return apps, rules


_oidc_apps, LMS_SSO_PROVIDERS = oidc_providers_from_env()
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": _oidc_apps}}
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
# A newcomer always sees the short form: consent to the processing of personal data is theirs to give.
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
# The sign-in buttons post to the platform, which answers with a redirect to the provider (and logout to its
# end-session endpoint): browsers hold that redirect to the form-action directive, so the issuers are allowed.
SECURE_CSP["form-action"] = [*SECURE_CSP["form-action"], *(r["origin"] for r in LMS_SSO_PROVIDERS.values())]
# --- End of single sign-on (#18 sso) -------------------------------------------------------------------
# --- SCORM packages (#19 scorm) ------------------------------------------------------------------
INSTALLED_APPS.append("scorm")
# Uploaded SCORM zips and their extracted files: private storage (never under MEDIA_ROOT), handed out only
# by scorm.views.package_file to a learner holding a signed launch token (production.py: the bucket).
STORAGES["scorm"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_ROOT / "scorm", "base_url": None},
}
# Limits a package must meet before it is stored (ADR 0030): the zip itself, the files once extracted
# (together and each), their number, and the compression ratio of any file (zip bombs).
LMS_SCORM_MAX_ZIP_BYTES = int(os.environ.get("LMS_SCORM_MAX_ZIP_BYTES", str(200 * 1024 * 1024)))
LMS_SCORM_MAX_TOTAL_BYTES = int(os.environ.get("LMS_SCORM_MAX_TOTAL_BYTES", str(500 * 1024 * 1024)))
LMS_SCORM_MAX_FILE_BYTES = int(os.environ.get("LMS_SCORM_MAX_FILE_BYTES", str(200 * 1024 * 1024)))
LMS_SCORM_MAX_FILES = int(os.environ.get("LMS_SCORM_MAX_FILES", "5000"))
LMS_SCORM_MAX_RATIO = int(os.environ.get("LMS_SCORM_MAX_RATIO", "100"))
# How long a launch stays open without the lesson page renewing it, in seconds: the signed URL handed out
# and the cookie (scoped to the package path, bound to the user and session) that the files also need; the
# lesson page renews the cookie well before it runs out (ADR 0030).
LMS_SCORM_LAUNCH_MAX_AGE = int(os.environ.get("LMS_SCORM_LAUNCH_MAX_AGE", str(15 * 60)))
# The longest one launch (one signed path) can be kept alive by renewals, in seconds.
LMS_SCORM_SESSION_MAX_AGE = int(os.environ.get("LMS_SCORM_SESSION_MAX_AGE", str(10 * 3600)))
# Largest cmi commit the JSON endpoint accepts (bytes); SCORM 2004 suspend_data is up to 64000 characters.
LMS_SCORM_MAX_COMMIT_BYTES = int(os.environ.get("LMS_SCORM_MAX_COMMIT_BYTES", str(512 * 1024)))
# Interactions and objectives kept per attempt, and characters kept of each of their values; more is
# dropped (and logged), never refused.
LMS_SCORM_MAX_INTERACTIONS = int(os.environ.get("LMS_SCORM_MAX_INTERACTIONS", "250"))
LMS_SCORM_MAX_OBJECTIVES = int(os.environ.get("LMS_SCORM_MAX_OBJECTIVES", "100"))
LMS_SCORM_MAX_RECORD_CHARS = int(os.environ.get("LMS_SCORM_MAX_RECORD_CHARS", "4000"))
# The policy of every file of a package: sandboxed (an opaque origin: no cookies, no reading the site), no
# network access from scripts (connect-src), nothing from elsewhere, framed only by the site's lesson page.
# Inline scripts stay allowed because authoring tools write them; the sandbox is what contains them.
LMS_SCORM_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self' data:; connect-src 'none'; "
    "frame-src 'self'; frame-ancestors 'self'; form-action 'none'; base-uri 'self'; object-src 'none'; "
    "sandbox allow-scripts"
)
# --- End of SCORM packages (#19 scorm) ---------------------------------------------------------------


# --- Course and lecturer evaluations (#17 evaluations, ADR 0031) ----------------------------------------
def _floats(name: str, default: str) -> tuple[float, ...]:
    return tuple(float(part) for part in os.environ.get(name, default).split(",") if part.strip())


# Days an evaluation form stays open after it opens (a course or class may set its own).
LMS_EVALUATION_OPEN_DAYS = int(os.environ.get("LMS_EVALUATION_OPEN_DAYS", "14") or 14)
# The one reminder goes to those who have not answered this many days after the form opened.
LMS_EVALUATION_REMINDER_AFTER_DAYS = int(os.environ.get("LMS_EVALUATION_REMINDER_AFTER_DAYS", "3") or 3)
# Results (means, bands, comments) are shown only from this many valid answers on.
LMS_EVALUATION_MIN_ANSWERS = int(os.environ.get("LMS_EVALUATION_MIN_ANSWERS", "5") or 5)
# A form with more than this share of its scored and choice items left blank is invalid (counted, not scored).
LMS_EVALUATION_MAX_BLANK_SHARE = float(os.environ.get("LMS_EVALUATION_MAX_BLANK_SHARE", "0.05") or 0.05)
# Lower bounds of the bands "excellent", "good", "fair" and "average" on the 1-10 scale; below the last: "poor".
LMS_EVALUATION_BAND_THRESHOLDS = _floats("LMS_EVALUATION_BAND_THRESHOLDS", "9,8,6.5,5")
# Yearly target: the share of courses and of classes that should be evaluated (0-1).
LMS_EVALUATION_COVERAGE_TARGET = float(os.environ.get("LMS_EVALUATION_COVERAGE_TARGET", "0.2") or 0.2)
# --- End of course and lecturer evaluations (#17 evaluations) -------------------------------------------
# --- Training records (#16 records) ---------------------------------------------------------------
# The largest evidence file (PDF, PNG or JPEG) an official may attach to external training, in bytes.
LMS_RECORD_EVIDENCE_MAX_BYTES = int(os.environ.get("LMS_RECORD_EVIDENCE_MAX_BYTES", str(5 * 1024 * 1024)))
# A training-record export of more officials than this runs as a background job instead of a download.
LMS_RECORD_EXPORT_STREAM_LIMIT = int(os.environ.get("LMS_RECORD_EXPORT_STREAM_LIMIT", "500"))
# --- End of training records (#16 records) --------------------------------------------------------

# --- Officials import and personal-data requests (#16 officials) ----------------------------------------
# A file of officials (CSV or XLSX) larger than this is checked and applied by a background job with a
# progress bar instead of inside the request (default 64 KiB, about 500 lines).
LMS_OFFICIALS_IMPORT_BACKGROUND_BYTES = int(
    os.environ.get("LMS_OFFICIALS_IMPORT_BACKGROUND_BYTES", str(64 * 1024))
)
# The largest upload and the most lines one file may hold.
LMS_OFFICIALS_IMPORT_MAX_BYTES = int(os.environ.get("LMS_OFFICIALS_IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
LMS_OFFICIALS_IMPORT_MAX_ROWS = int(os.environ.get("LMS_OFFICIALS_IMPORT_MAX_ROWS", "20000"))
# Personal-data requests (accounts.DeletionRequest, every kind): the legal deadline in calendar days from
# receipt, per kind, seeded from Decree 356/2025/NĐ-CP (see docs/decisions/0032 for the articles and the
# caveats), and the working days within which each request must be acknowledged. Environment:
# LMS_PD_REQUEST_DAYS_ACCESS / _CORRECTION / _DELETION / _WITHDRAWAL, LMS_PD_REQUEST_ACK_WORKING_DAYS.
LMS_PERSONAL_DATA_REQUEST_DAYS = {
    kind: int(os.environ.get(f"LMS_PD_REQUEST_DAYS_{kind.upper()}", default))
    for kind, default in (("access", "10"), ("correction", "10"), ("deletion", "20"), ("withdrawal", "15"))
}
LMS_PERSONAL_DATA_REQUEST_ACK_WORKING_DAYS = int(os.environ.get("LMS_PD_REQUEST_ACK_WORKING_DAYS", "2"))
# --- End of officials import and personal-data requests (#16 officials) ---------------------------------
# --- API and webhooks (#18 api) -------------------------------------------------------------------
# The API app sits on the top layer (beside staff); every /api/v1/ call is logged by its middleware.
INSTALLED_APPS.insert(INSTALLED_APPS.index("staff") + 1, "api")
MIDDLEWARE.append("api.middleware.ApiCallLogMiddleware")
# Requests per minute and API client (a client's own "requests per minute" overrides it), and per address
# on the public certificate verification endpoint. Counted in the shared cache (Redis in production).
LMS_API_RATE_PER_MINUTE = int(os.environ.get("LMS_API_RATE_PER_MINUTE", "600") or 600)
LMS_API_VERIFY_RATE_PER_MINUTE = int(os.environ.get("LMS_API_VERIFY_RATE_PER_MINUTE", "30") or 30)
# Webhook deliveries: attempts before a delivery is marked failed, the first retry's delay (doubled after
# each failure: 30 s, 60 s, 120 s…) and the time one attempt may take.
LMS_WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("LMS_WEBHOOK_MAX_ATTEMPTS", "8") or 8)
LMS_WEBHOOK_BACKOFF_SECONDS = float(os.environ.get("LMS_WEBHOOK_BACKOFF_SECONDS", "30") or 0)
LMS_WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("LMS_WEBHOOK_TIMEOUT_SECONDS", "10") or 10)
# --- End of API and webhooks (#18 api) ------------------------------------------------------------
# --- Lesson video, audio and documents (#19 media) --------------------------------------------------
# Trainers upload video and audio through wagtailmedia with our own model (lessonmedia.LessonMedia: poster,
# captions, duration read by ffprobe). Lesson files live in a private storage (never under MEDIA_ROOT) and are
# served only by lessonmedia's checked views, with HTTP range requests (ADR 0029).
INSTALLED_APPS += ["lessonmedia", "wagtailmedia"]
WAGTAILMEDIA = {
    "MEDIA_MODEL": "lessonmedia.LessonMedia",
    "MEDIA_FORM_BASE": "lessonmedia.forms.LessonMediaForm",
    # Formats every browser plays with its own player (Chromium without proprietary codecs: WebM, Ogg, MP3).
    "AUDIO_EXTENSIONS": ["mp3", "m4a", "ogg", "oga", "opus", "wav"],
    "VIDEO_EXTENSIONS": ["mp4", "webm"],
}
STORAGES["lesson_media"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_ROOT / "lesson-media", "base_url": None},
}
LMS_MEDIA_MAX_UPLOAD_BYTES = int(os.environ.get("LMS_MEDIA_MAX_UPLOAD_BYTES", str(500 * 1024 * 1024)))
# The most a video answer sends for an open-ended range ("bytes=0-"): the player asks again as it plays.
LMS_MEDIA_RANGE_CHUNK_BYTES = int(os.environ.get("LMS_MEDIA_RANGE_CHUNK_BYTES", str(1024 * 1024)))
LMS_MEDIA_FFPROBE = os.environ.get("LMS_MEDIA_FFPROBE", "ffprobe")
LMS_MEDIA_FFMPEG = os.environ.get("LMS_MEDIA_FFMPEG", "ffmpeg")
# Watch tracking: the player reports every LMS_MEDIA_REPORT_SECONDS; a report may add at most the wall-clock
# time since the previous one times LMS_MEDIA_MAX_PLAYBACK_RATE (the first one: one interval times the rate).
LMS_MEDIA_REPORT_SECONDS = int(os.environ.get("LMS_MEDIA_REPORT_SECONDS", "10") or 10)
LMS_MEDIA_MAX_PLAYBACK_RATE = float(os.environ.get("LMS_MEDIA_MAX_PLAYBACK_RATE", "2") or 2)
# Wagtail documents always go through its serve view (it streams local files and redirects to a signed URL on
# an object store), where lessonmedia's before_serve_document hook checks who may download them. Never "direct".
# Embeds (YouTube…) are fetched by lessonmedia's finder: the whole fetch gives up after
# LMS_EMBED_TIMEOUT_SECONDS, and a failure is remembered LMS_EMBED_FAILURE_CACHE_SECONDS, so a closed network
# costs a lesson page no wait (it shows the Vietnamese notice), and the trainer's form answers at once.
WAGTAILEMBEDS_FINDERS = [{"class": "lessonmedia.embeds"}]
LMS_EMBED_TIMEOUT_SECONDS = float(os.environ.get("LMS_EMBED_TIMEOUT_SECONDS", "3") or 3)
LMS_EMBED_FAILURE_CACHE_SECONDS = int(os.environ.get("LMS_EMBED_FAILURE_CACHE_SECONDS", "300") or 300)
# wagtailmedia ships no Vietnamese: its admin strings (menu, "Add video"…) are in locale/wagtailmedia.
LOCALE_PATHS.append(BASE_DIR / "locale" / "wagtailmedia")
# --- End of lesson video, audio and documents (#19 media) -------------------------------------------

# --- API docs page (#18 API) -------------------------------------------------------------------------
# django-ninja serves /api/v1/docs from its own static files (Swagger UI, no inline script) when it is an
# installed app; otherwise it loads them from a CDN with an inline script, which the CSP (and an offline
# server) blocks, leaving the page blank.
INSTALLED_APPS.append("ninja")
# --- End of API docs page (#18 API) ------------------------------------------------------------------

# --- Report summary (#20 performance, reports) ------------------------------------------------------
# Without a period filter the unit, track, course and month reports read a summary rebuilt by the task worker
# (reports.services.report_summary_refresh; also `manage.py refresh_report_summary`, e.g. from cron every
# minute). A page queues a rebuild when the summary is older than LMS_REPORTS_SUMMARY_REFRESH seconds, and
# uses it, showing its age, while it is at most LMS_REPORTS_SUMMARY_MAX_AGE seconds old; past that (worker
# down) it counts the enrollments directly. LMS_REPORTS_SUMMARY_MAX_AGE=0 turns the summary off.
LMS_REPORTS_SUMMARY_REFRESH = int(os.environ.get("LMS_REPORTS_SUMMARY_REFRESH", "60") or 60)
LMS_REPORTS_SUMMARY_MAX_AGE = int(os.environ.get("LMS_REPORTS_SUMMARY_MAX_AGE", "300") or 300)
# --- End of report summary (#20 performance, reports) -----------------------------------------------

# --- API request cost (#18 api, paging speed) --------------------------------------------------------
# An API client found by its token is cached this many seconds under the token's digest (api/services.py),
# dropped at once when the client is revoked, renewed, edited or deleted. Only with Redis: the in-process
# cache of a server without it could not be cleared in the other processes. 0 turns the cache off.
LMS_API_TOKEN_CACHE_SECONDS = int(
    os.environ.get("LMS_API_TOKEN_CACHE_SECONDS", "5" if REDIS_URL else "0") or 0
)
# --- End of API request cost (#18 api, paging speed) -------------------------------------------------

# --- Learner request cost (#20 performance, CPU per request) ----------------------------------------
# Wagtail's site of a request comes from the sites cached with the content (cms/sites.py) instead of a
# query per request; after WhiteNoise, so static files skip it.
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1, "cms.sites.SiteMiddleware"
)
# --- End of learner request cost (#20 performance, CPU per request) ---------------------------------

# --- The session's user with their roles (#20 performance, ADR 0038) --------------------------------------
# AUTHENTICATION_BACKENDS (above) read the session's user, their roles and whether they have any permission at
# all in one query per request (accounts/backends.py). Sessions signed in before them name Django's and
# allauth's paths: this middleware, right after the authentication middleware, rewrites those to ours when the
# request's user is first read.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "accounts.middleware.LegacyAuthBackendMiddleware",
)
# --- End of the session's user with their roles (#20 performance) -----------------------------------------

# --- Password hashing (#20 performance: a sign-in's CPU) ---------------------------------------------------
# Argon2id (Django's recommended hasher; time cost 2, 100 MiB, 8 lanes): about 180 ms of CPU per sign-in against
# 340 ms for Django's default PBKDF2-SHA256 (1,500,000 iterations) on this hardware, and memory-hard against
# guessing on graphics cards. Existing PBKDF2 hashes still verify and are rewritten to Argon2 at the user's next
# sign-in (Django does this when the first hasher differs from the stored one).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# --- End of password hashing ---------------------------------------------------------------------------------
