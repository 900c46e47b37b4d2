"""Minfu settings. Every value comes from the environment; see .env.example and
docs/configuration.md. The defaults give the embedded set-up: an SQLite file, no other
service, demo-friendly but never insecure in production (MINFU_ENV=production)."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/minfu
BASE_DIR = PACKAGE_DIR.parent.parent  # the checkout
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

MINFU_ENV = env.str("MINFU_ENV", default="development")  # development | production
PRODUCTION = MINFU_ENV == "production"

DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when MINFU_ENV=production.")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production-0123456789abcdef"
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "minfu.web.admin_apps.MinfuAdminConfig",  # django.contrib.admin, signed in with 2FA
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our static files, not a CDN
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "minfu.core",
    "minfu.workcal",
    "minfu.org",
    "minfu.records",
    "minfu.search",
    "minfu.catalog",
    "minfu.cases",
    "minfu.notify",
    "minfu.citizens",
    "minfu.documents",
    "minfu.voice",
    "minfu.surveys",
    "minfu.metrics",
    "minfu.plans",
    "minfu.assessment",
    "minfu.knowledge",
    "minfu.open311",
    "minfu.opendata",
    "minfu.participation",
    "minfu.appointments",
    "minfu.web",
    "minfu.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "minfu.core.replica.ReadYourWritesMiddleware",
    "minfu.records.citizen_browser.CitizenBrowserMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "minfu.web.middleware.ControlCharacterMiddleware",
    "minfu.web.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "minfu.config.urls"
WSGI_APPLICATION = "minfu.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "minfu.web.context_processors.site",
            ],
            "builtins": ["minfu.core.templatetags.roc"],
        },
    }
]

# Form widgets are drawn by Jinja2 from Django's own widget templates: the same HTML at a
# fraction of the Django template engine's cost per widget (a staff page draws dozens;
# docs/performance.md, "Staff pages"); the admin's widgets by the Django templates.
FORM_RENDERER = "minfu.core.forms.WidgetRenderer"

VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'minfu.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE",
                                                                default=60 if PRODUCTION else 0))
# A kept connection is tested before a request uses it, so that the first request after
# a database restart reconnects instead of failing (docs/operations.md).
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", env.bool("DATABASE_CONN_HEALTH_CHECKS",
                                                               default=True))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A PostgreSQL streaming replica for the reads that tolerate a little lag (public
# lookups, dashboards, open data, reports), with read-your-writes and a fall-back to the
# primary when it lags or is down (minfu.core.replica, docs/deployment.md).
_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
MINFU_REPLICA_MAX_LAG_SECONDS = env.float("MINFU_REPLICA_MAX_LAG_SECONDS", default=10.0)
MINFU_REPLICA_CHECK_SECONDS = env.float("MINFU_REPLICA_CHECK_SECONDS", default=5.0)
MINFU_REPLICA_STICKY_SECONDS = env.int("MINFU_REPLICA_STICKY_SECONDS", default=15)
if _REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(_REPLICA_URL)
    for _key in ("ATOMIC_REQUESTS", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS"):
        DATABASES["replica"].setdefault(_key, DATABASES["default"][_key])
    # A replica that does not answer is noticed in a second, not after the kernel's timeout.
    if DATABASES["replica"]["ENGINE"].endswith("postgresql"):
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 1)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["minfu.core.replica.ReplicaRouter"]

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://minfu")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "minfu.core.redis_cache.SharedClientRedisCache"
# Sessions are read from the cache and written through to the database when the cache is
# shared by every process (Redis): three fewer queries per request. A per-process cache
# would serve a session another process has ended, so the default keeps them in the
# database only (minfu.web.sessions: saved when changed or a minute old).
SESSION_ENGINE = "minfu.web.sessions"
if "redis" in CACHES["default"]["BACKEND"].lower():
    SESSION_ENGINE = "minfu.web.cached_sessions"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:staff-login"
LOGIN_REDIRECT_URL = "web:staff-home"
LOGOUT_REDIRECT_URL = "web:public-home"

# Staff second factor (TOTP). Production always requires it; a demo may relax it.
MINFU_REQUIRE_2FA = PRODUCTION or env.bool("MINFU_REQUIRE_2FA", default=False)
OTP_TOTP_ISSUER = env.str("MINFU_OTP_ISSUER", default="Minfu")

# Lock an account/IP pair after repeated failures (django-axes).
AXES_FAILURE_LIMIT = env.int("MINFU_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("MINFU_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/staff/locked_out.html"
AXES_ENABLED = env.bool("MINFU_AXES_ENABLED", default=True)
# Behind reverse proxies, the client address is read from X-Forwarded-For, trusting this
# many proxy hops (0: use the socket peer address).
MINFU_TRUSTED_PROXY_COUNT = env.int("MINFU_TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "minfu.core.client_ip.client_ip"

SESSION_COOKIE_AGE = env.int("MINFU_SESSION_SECONDS", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True  # idle timeout: the age counts from the last request

LANGUAGE_CODE = "zh-hant"
LANGUAGES = [("zh-hant", "繁體中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Taipei"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("MINFU_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MINFU_MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Largest file a citizen may upload with an application or a supplement (10 MB).
MINFU_UPLOAD_MAX_BYTES = env.int("MINFU_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# Largest image, in pixels, accepted (40 million): a larger one is refused from its header,
# before it is decoded (docs/records.md).
MINFU_UPLOAD_MAX_PIXELS = env.int("MINFU_UPLOAD_MAX_PIXELS", default=40_000_000)
# Forms with files (applications, supplements, petitions) per client address:
# <count>/<seconds>.
MINFU_UPLOAD_RATE = env.str("MINFU_UPLOAD_RATE", default="20/3600")
# One-time participation codes asked for, per client address and per e-mail address or
# mobile number: <count>/<seconds> (docs/participation.md).
MINFU_PARTICIPATION_CODE_RATE = env.str("MINFU_PARTICIPATION_CODE_RATE", default="10/3600")
MINFU_PARTICIPATION_ADDRESS_RATE = env.str("MINFU_PARTICIPATION_ADDRESS_RATE",
                                           default="5/3600")
# Where an upload larger than 2.5 MB waits while its request is read. Django removes it
# when the request ends; the daily sweep removes what a killed process left.
FILE_UPLOAD_TEMP_DIR = str(env.path("MINFU_UPLOAD_TEMP_DIR",
                                    default=str(VAR_DIR / "upload-tmp")))
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
# Hours a stored upload file that no row names is kept before the daily sweep removes it.
MINFU_ORPHAN_FILE_GRACE_HOURS = env.float("MINFU_ORPHAN_FILE_GRACE_HOURS", default=24.0)
# Working days before a supply-by date (補正期限) the applicant is reminded; 0: on the day only.
MINFU_SUPPLY_REMINDER_WORKING_DAYS = env.int("MINFU_SUPPLY_REMINDER_WORKING_DAYS", default=3)
# The daily retention job clears personal data only when this is on; until then it is a
# dry run that logs its counts (docs/retention.md).
MINFU_RETENTION_APPLY = env.bool("MINFU_RETENTION_APPLY", default=False)
# Progress lookups allowed per client address: <tries>/<seconds>.
MINFU_LOOKUP_RATE = env.str("MINFU_LOOKUP_RATE", default="10/600")
# Petitions sent from the public pages and API per client address, and per e-mail address
# or telephone number they name for replies: <count>/<seconds> (docs/voice.md).
MINFU_PETITION_RATE = env.str("MINFU_PETITION_RATE", default="30/3600")
# "Was this helpful?" votes per client address: <count>/<seconds> (docs/knowledge.md).
MINFU_KB_VOTE_RATE = env.str("MINFU_KB_VOTE_RATE", default="30/3600")
MINFU_PETITION_CONTACT_RATE = env.str("MINFU_PETITION_CONTACT_RATE", default="5/86400")
# Appointments booked per client address, and per e-mail address or telephone number
# named: <count>/<seconds> (docs/appointments.md).
MINFU_APPOINTMENT_RATE = env.str("MINFU_APPOINTMENT_RATE", default="20/3600")
MINFU_APPOINTMENT_CONTACT_RATE = env.str("MINFU_APPOINTMENT_CONTACT_RATE", default="5/86400")
# Open311 (docs/open311.md): calls without an API key per client address; how long the
# same POST body from the same key counts as a retry; the contact discovery names.
MINFU_OPEN311_READ_RATE = env.str("MINFU_OPEN311_READ_RATE", default="600/3600")
MINFU_OPEN311_IDEMPOTENCY_SECONDS = env.int("MINFU_OPEN311_IDEMPOTENCY_SECONDS", default=600)
MINFU_OPEN311_CONTACT = env.str("MINFU_OPEN311_CONTACT", default="")
MINFU_OPEN311_LOG_DAYS = env.int("MINFU_OPEN311_LOG_DAYS", default=365)
# Uploaded and generated files: a directory (MINFU_MEDIA_ROOT) for one node, or an
# S3-compatible bucket (django-storages) that every node shares (docs/deployment.md).
# The bucket stays private: files are served through Minfu's views, never by address.
MINFU_S3_BUCKET = env.str("MINFU_S3_BUCKET", default="")
_FILE_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if MINFU_S3_BUCKET:
    _FILE_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": MINFU_S3_BUCKET,
        "endpoint_url": env.str("MINFU_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("MINFU_S3_REGION", default="") or None,
        "access_key": env.str("MINFU_S3_ACCESS_KEY", default="") or None,
        "secret_key": env.str("MINFU_S3_SECRET_KEY", default="") or None,
        "location": env.str("MINFU_S3_PREFIX", default=""),
        "default_acl": "private", "querystring_auth": True, "file_overwrite": False,
    }}
STORAGES = {
    "default": _FILE_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "minfu.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "minfu.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "minfu.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Minfu API",
    "DESCRIPTION": "為民服務平台 API",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Request bodies get their own components, which say what the serializers check on
    # input and not on output: a string that may not be blank has minLength 1.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "minfu.api.schema.add_error_responses"],
    "ENUM_NAME_OVERRIDES": {
        "PeriodUnitEnum": "minfu.catalog.models.PeriodUnitChoices",
        "ChannelEnum": "minfu.catalog.models.Channel",
        "NotifyChannelEnum": "minfu.notify.models.Channel",
        "ApplicantKindEnum": "minfu.catalog.models.ApplicantKind",
        "CaseStateEnum": "minfu.cases.models.CaseState",
        "LanguageEnum": "minfu.notify.models.Language",
        "PetitionStateEnum": "minfu.voice.models.PetitionState",
        "PetitionChannelEnum": "minfu.voice.models.PetitionChannel",
        "PetitionKindEnum": "minfu.voice.models.Kind",
        "NotHandledGroundEnum": "minfu.voice.models.NotHandledGround",
        "AppointmentKindEnum": "minfu.appointments.models.AppointmentKind",
        "AppointmentStateEnum": "minfu.appointments.models.AppointmentState",
        "ProposalStateEnum": "minfu.participation.models.proposals.ProposalState",
        "ProposalOutcomeEnum": "minfu.participation.models.proposals.ResponseOutcome",
        "SessionStateEnum": "minfu.participation.models.sessions.SessionState",
        "SessionFormatEnum": "minfu.participation.models.sessions.SessionFormat",
        "RegistrationStatusEnum": "minfu.participation.models.sessions.RegistrationStatus",
        "StatusEnum": "minfu.notify.models.OutboxMessage.Status",
    },
}

# Who may read the API schema (/api/schema/) and its docs page (/api/docs/): anyone, or
# only signed-in staff members (minfu.api.docs).
MINFU_API_SCHEMA_PUBLIC = env.bool("MINFU_API_SCHEMA_PUBLIC", default=True)

# Content Security Policy: no inline script; styles from our own files only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# No page uses a device or a powerful browser feature: deny these to the site and its frames.
PERMISSIONS_POLICY = {feature: [] for feature in (
    "accelerometer", "autoplay", "bluetooth", "browsing-topics", "camera", "display-capture",
    "encrypted-media", "geolocation", "gyroscope", "hid", "idle-detection", "interest-cohort",
    "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get", "serial",
    "usb", "xr-spatial-tracking")}

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# By default mail is written to files under var/ (the staff see every message on the
# notifications page), not printed over the server's log.
EMAIL_BACKEND = env.str("EMAIL_BACKEND",
                        default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "sent-mail"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="minfu@localhost")
# SMTP (used when EMAIL_BACKEND is the SMTP backend). The timeout stays well under the
# notification lease (MINFU_NOTIFY_LEASE_SECONDS) so a hung server cannot outlive it.
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not PRODUCTION)
CELERY_TIMEZONE = TIME_ZONE
# Queues, so that workers can be given to each (docs/deployment.md): `-Q delivery` sends
# notifications, `-Q documents` builds published files, `-Q metrics` refreshes rollups,
# `-Q jobs` (the default) runs the rest. One worker with `-Q delivery,documents,metrics,jobs`
# does everything, and so does a worker without `-Q` (it serves every queue listed here).
CELERY_TASK_QUEUES = [Queue(name) for name in ("delivery", "documents", "metrics", "jobs")]
CELERY_TASK_DEFAULT_QUEUE = "jobs"
CELERY_TASK_ROUTES = {
    "minfu.notify.tasks.*": {"queue": "delivery"},
    "minfu.opendata.tasks.*": {"queue": "documents"},
    "minfu.documents.tasks.*": {"queue": "documents"},
    "minfu.metrics.tasks.*": {"queue": "metrics"},
}
# A worker takes one task at a time and acknowledges it when done, so a worker killed
# mid-task leaves it to another (every task is safe to run twice).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Beat may run on every node: only the holder of a lock in the shared cache sends.
CELERY_BEAT_SCHEDULER = "minfu.core.beat.LockedScheduler"
# Where beat keeps its schedule state; one file per beat process.
CELERY_BEAT_SCHEDULE_FILENAME = env.str("MINFU_BEAT_SCHEDULE",
                                        default="/tmp/minfu-celerybeat-schedule")
# Beat (production) delivers due notifications every minute; see docs/notifications.md.
CELERY_BEAT_SCHEDULE = {
    "notify-deliver-outbox": {"task": "minfu.notify.tasks.deliver_outbox", "schedule": 60.0},
    # Access codes of messages never sent within MINFU_NOTIFY_SECRET_HOURS are erased.
    "notify-forget-old-secrets": {"task": "minfu.notify.tasks.forget_old_secrets",
                                  "schedule": 3600.0},
    # Deadline recounts after a closure that did not finish (a worker died half way).
    "workcal-pending-recounts": {"task": "minfu.workcal.tasks.recount_pending_deadlines",
                                 "schedule": 600.0},
    # Officers' digest and overdue escalation; skipped on days off (docs/applications.md).
    "cases-officer-digest": {"task": "minfu.cases.tasks.send_officer_digests",
                             "schedule": crontab(hour=8, minute=0)},
    "cases-overdue-escalation": {"task": "minfu.cases.tasks.escalate_overdue_cases",
                                 "schedule": crontab(hour=8, minute=5)},
    # Applicants reminded before and on a supply-by date (docs/applications.md).
    "cases-supply-reminders": {"task": "minfu.cases.tasks.send_supply_reminders",
                               "schedule": crontab(hour=8, minute=7)},
    # The same for petitions (docs/voice.md) and improvement items (docs/assessment.md).
    "voice-officer-digest": {"task": "minfu.voice.tasks.send_petition_digests",
                             "schedule": crontab(hour=8, minute=10)},
    "voice-overdue-escalation": {"task": "minfu.voice.tasks.escalate_overdue_petitions",
                                 "schedule": crontab(hour=8, minute=15)},
    "surveys-invitations": {"task": "minfu.surveys.tasks.send_survey_invitations",
                            "schedule": crontab(hour=9, minute=0)},
    # Open311 key uses older than MINFU_OPEN311_LOG_DAYS (docs/open311.md).
    "open311-prune-key-uses": {"task": "minfu.open311.tasks.prune_key_uses",
                               "schedule": crontab(hour=3, minute=30)},
    # Metrics: yesterday, today and the days marked dirty (docs/metrics.md).
    "metrics-refresh": {"task": "minfu.metrics.tasks.refresh_metrics", "schedule": 600.0},
    "assessment-overdue-escalation": {"task": "minfu.assessment.tasks.escalate_overdue_items",
                                      "schedule": crontab(hour=8, minute=20)},
    # Progress reports of the execution plan due soon or overdue (docs/plans.md).
    "plans-report-reminders": {"task": "minfu.plans.tasks.remind_progress_reports",
                               "schedule": crontab(hour=8, minute=25)},
    # Knowledge base: scheduled articles go live, owners reminded of review-by dates
    # (docs/knowledge.md).
    "knowledge-publish-scheduled": {"task": "minfu.knowledge.tasks.publish_scheduled",
                                    "schedule": 600.0},
    "knowledge-review-reminders": {"task": "minfu.knowledge.tasks.remind_reviews",
                                   "schedule": crontab(hour=8, minute=30)},
    # Appointments: reminders of the next working day's appointments (docs/appointments.md).
    "appointments-reminders": {"task": "minfu.appointments.tasks.send_reminders",
                               "schedule": crontab(hour=8, minute=35)},
    # Proposals whose co-signing period ended; reminders of co-design sessions
    # (docs/participation.md).
    "participation-close-proposals": {"task": "minfu.participation.tasks.close_proposals",
                                      "schedule": crontab(hour=0, minute=40)},
    "participation-remind-sessions": {"task": "minfu.participation.tasks.remind_sessions",
                                      "schedule": crontab(hour=9, minute=0)},
    # Upload files no row names, after the grace period (docs/records.md).
    # Open data: every listed dataset whose data changed (docs/open-data.md).
    "opendata-publish-datasets": {"task": "minfu.opendata.tasks.publish_datasets",
                                  "schedule": crontab(hour=2, minute=30)},
    "records-sweep-orphan-files": {"task": "minfu.records.tasks.sweep_orphan_files",
                                   "schedule": crontab(hour=3, minute=30)},
    # Personal data of closed records past retention (docs/retention.md).
    "records-retention": {"task": "minfu.records.tasks.run_retention",
                          "schedule": crontab(hour=3, minute=45)},
    # Monthly history partitions created ahead, PostgreSQL (docs/operations.md).
    "history-partitions-ahead": {"task": "minfu.records.tasks.ensure_history_partitions",
                                 "schedule": crontab(hour=3, minute=15)},
}

# Modules that the layers below the apps find by name, so that they never import the apps
# above them: each app's daily jobs (`daily_jobs_run(*, on)`, run by `manage.py
# run_daily_jobs` in this order: the metrics refresh after every job that changes what it
# counts, open data after the metrics it publishes) and each app's metric definitions
# (`METRICS`, read by minfu.metrics.registry).
MINFU_DAILY_JOB_MODULES = ("minfu.cases.jobs", "minfu.voice.jobs", "minfu.assessment.jobs",
                           "minfu.plans.jobs", "minfu.surveys.jobs", "minfu.knowledge.jobs",
                           "minfu.notify.jobs", "minfu.participation.jobs",
                           "minfu.open311.jobs", "minfu.appointments.jobs",
                           "minfu.metrics.jobs", "minfu.opendata.jobs")
# Open data (docs/open-data.md): the smallest count of people a published cell may show
# (smaller ones are withheld), how long a performance report is kept in the cache, and the
# modules whose DATASETS (minfu.opendata.registry.DatasetKind) can be published.
MINFU_OPEN_DATA_MIN_COUNT = env.int("MINFU_OPEN_DATA_MIN_COUNT", default=3)
MINFU_PERFORMANCE_CACHE_SECONDS = env.int("MINFU_PERFORMANCE_CACHE_SECONDS", default=600)
MINFU_OPEN_DATA_MODULES = ("minfu.opendata.kinds.performance", "minfu.opendata.kinds.catalogue",
                           "minfu.opendata.kinds.plans", "minfu.appointments.opendata")
# Search: the modules whose SOURCES the search indexes (minfu.search.sources).
MINFU_SEARCH_SOURCE_MODULES = ("minfu.catalog.search", "minfu.voice.search",
                               "minfu.cases.search", "minfu.knowledge.search")

# Citizen accounts (docs/citizen-accounts.md). Sign-in through an OpenID Connect provider:
# its discovery address (empty: no such sign-in), the client registered there, the scopes
# and the provider's name on the button; the callback is <MINFU_SITE_URL>/citizen/oidc/callback/
# unless MINFU_OIDC_REDIRECT_URL says otherwise.
MINFU_OIDC_DISCOVERY_URL = env.str("MINFU_OIDC_DISCOVERY_URL", default="")
MINFU_OIDC_CLIENT_ID = env.str("MINFU_OIDC_CLIENT_ID", default="")
MINFU_OIDC_CLIENT_SECRET = env.str("MINFU_OIDC_CLIENT_SECRET", default="")
MINFU_OIDC_SCOPES = env.str("MINFU_OIDC_SCOPES", default="openid email profile")
MINFU_OIDC_LABEL = env.str("MINFU_OIDC_LABEL", default="數位身分識別")
MINFU_OIDC_REDIRECT_URL = env.str("MINFU_OIDC_REDIRECT_URL", default="")
# One-time e-mail sign-in links: minutes a link works, links per client address and per
# e-mail address ("<count>/<seconds>"); claims of older records per account; the code of
# the organisation that signs account messages (empty: the first top-level one).
MINFU_CITIZEN_LINK_MINUTES = env.int("MINFU_CITIZEN_LINK_MINUTES", default=15)
MINFU_CITIZEN_LINK_RATE = env.str("MINFU_CITIZEN_LINK_RATE", default="5/3600")
MINFU_CITIZEN_CLAIM_RATE = env.str("MINFU_CITIZEN_CLAIM_RATE", default="10/600")
MINFU_CITIZEN_ORGANISATION = env.str("MINFU_CITIZEN_ORGANISATION", default="")
# The modules whose SOURCES (minfu.citizens.sources.CitizenRecordSource) "my records" shows.
MINFU_CITIZEN_RECORD_MODULES = ("minfu.cases.citizen_records", "minfu.voice.citizen_records",
                                "minfu.surveys.citizen_records",
                                "minfu.appointments.citizen_records",
                                "minfu.participation.citizen_records")

MINFU_METRIC_MODULES = ("minfu.cases.metrics", "minfu.voice.metrics", "minfu.surveys.metrics",
                        "minfu.assessment.metrics", "minfu.knowledge.metrics",
                        "minfu.participation.metrics",
                        "minfu.appointments.metrics")

# Notifications: SMS backend (dotted path to a class with send(*, to, text)), attempts
# before a message is marked failed, how long a worker holds a message it is sending, and
# how long one delivery run goes on before it queues the next (at most half the lease),
# and how long a message keeps its recipient's secret (an access code) sealed for delivery.
MINFU_SMS_BACKEND = env.str("MINFU_SMS_BACKEND", default="minfu.notify.backends.FileSmsBackend")
MINFU_SMS_FILE_PATH = env.str("MINFU_SMS_FILE_PATH", default=str(VAR_DIR / "sent-sms"))
MINFU_NOTIFY_MAX_ATTEMPTS = env.int("MINFU_NOTIFY_MAX_ATTEMPTS", default=8)
MINFU_NOTIFY_LEASE_SECONDS = env.int("MINFU_NOTIFY_LEASE_SECONDS", default=300)
MINFU_NOTIFY_RUN_SECONDS = env.int("MINFU_NOTIFY_RUN_SECONDS", default=60)
MINFU_NOTIFY_SECRET_HOURS = env.int("MINFU_NOTIFY_SECRET_HOURS", default=72)

# Open surveys and real-time ratings: answers per client address per window
# ("<count>/<seconds>") and the least time between showing a survey and its answer.
MINFU_SURVEY_RATE = env.str("MINFU_SURVEY_RATE", default="20/3600")
MINFU_SURVEY_MIN_SECONDS = env.float("MINFU_SURVEY_MIN_SECONDS", default=3.0)

# Which site this deployment is: the organisation whose public site is served.
MINFU_SITE_NAME = env.str("MINFU_SITE_NAME", default="為民服務平台")
MINFU_SITE_NAME_EN = env.str("MINFU_SITE_NAME_EN", default="Citizen Service Platform")
# The public address of the site, for links in e-mail and SMS (no trailing slash).
MINFU_SITE_URL = env.str("MINFU_SITE_URL", default="http://127.0.0.1:8000")  # where `make run` serves
# PDFs use the built-in CID font MSung-Light (no file needed); a TrueType font with
# Traditional Chinese glyphs set here is embedded instead (docs/adr/0005-pdf-fonts.md).
MINFU_PDF_FONT_FILE = env.str("MINFU_PDF_FONT_FILE", default="")

# Office hours for periods counted in hours (workcal): local-time windows on working days.
MINFU_OFFICE_HOURS = env.str("MINFU_OFFICE_HOURS", default="08:30-12:30,13:30-17:30")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
