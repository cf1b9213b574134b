"""Production: refuses to start without a secret key and a database URL.

Run ``python manage.py check --deploy --settings=lms.settings.production``: it reports nothing.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import _smtp_options, env_bool

if not os.environ.get("DJANGO_SECRET_KEY"):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL must be set in production.")

DEBUG = False
# Persistent, health-checked connections: a new connection per request halves throughput.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if "DJANGO_EMAIL_BACKEND" not in os.environ:
    MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": _smtp_options}
    }
if REDIS_URL:  # noqa: F405
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Load balancers probe each node over plain HTTP: the health checks are never redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz(/|$)"]

# Media on an S3-compatible object store (AWS, MinIO, Ceph...) when a bucket is named; local disk otherwise.
# The bucket stays private: certificates and exports are served through permission-checked views, and
# Wagtail's images and documents get short-lived signed URLs.
if os.environ.get("LMS_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["LMS_S3_BUCKET"],
            "endpoint_url": os.environ.get("LMS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("LMS_S3_REGION") or None,
            "location": os.environ.get("LMS_S3_PREFIX", ""),
            # Keys come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the machine's role, never settings.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": int(os.environ.get("LMS_S3_URL_EXPIRE", "600")),
            "file_overwrite": False,
            "addressing_style": os.environ.get("LMS_S3_ADDRESSING_STYLE") or None,
        },
    }
    # Exports too: every web node must serve what any worker wrote. The bucket is private.
    STORAGES["reports_exports"] = STORAGES["default"]
    # Certificates (#12): the same private bucket, under a prefix of their own.
    STORAGES["certificates"] = {
        **STORAGES["default"],
        "OPTIONS": {
            **STORAGES["default"]["OPTIONS"],
            "location": "/".join(filter(None, [os.environ.get("LMS_S3_PREFIX", ""), "private-certificates"])),
        },
    }
    # SCORM packages (#19): the zips and their extracted files, under a prefix of their own.
    STORAGES["scorm"] = {
        **STORAGES["default"],
        "OPTIONS": {
            **STORAGES["default"]["OPTIONS"],
            "location": "/".join(filter(None, [os.environ.get("LMS_S3_PREFIX", ""), "private-scorm"])),
        },
    }

# One JSON object per line on stdout, each with the request id (lms/jsonlog.py).
MIDDLEWARE = ["lms.jsonlog.RequestIdMiddleware", *MIDDLEWARE]  # noqa: F405
LOGGING = {
    **LOGGING,  # noqa: F405
    "formatters": {"json": {"()": "lms.jsonlog.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}
    },
}

# Lesson media (#19): the same private bucket under a prefix of its own; the checked view redirects to a
# short-lived signed URL and the object store answers the browser's range requests itself.
if os.environ.get("LMS_S3_BUCKET"):
    STORAGES["lesson_media"] = {
        **STORAGES["default"],
        "OPTIONS": {
            **STORAGES["default"]["OPTIONS"],
            "location": "/".join(filter(None, [os.environ.get("LMS_S3_PREFIX", ""), "private-lesson-media"])),
        },
    }
