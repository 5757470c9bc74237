"""Settings for every environment; test.py and production.py only override.

Everything that differs between machines comes from the environment (see README).
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from phananh.settings.schedule import beat_schedule

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

# --- Core -------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Development default only; production.py refuses to start without a real key.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
ROOT_URLCONF = "phananh.urls"
WSGI_APPLICATION = "phananh.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SITE_ID = 1

INSTALLED_APPS = [
    # SimpleAdminConfig: django-leaflet's admin module needs GDAL, so admin
    # modules are registered explicitly in phananh/urls.py, not autodiscovered.
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "phonenumber_field",
    "django_filters",
    "leaflet",
    "accounts",
    "reports",
    "moderation",
    "engagement",
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "phananh.middleware.PermissionsPolicyMiddleware",
    "phananh.middleware.NulRefusedMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "phananh.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RateLimitedMiddleware",
    "accounts.middleware.StaffIdleMiddleware",
    "accounts.middleware.StaffSecondFactorMiddleware",
]

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
                "reports.context_processors.header_links",
                "phananh.context_processors.service_state",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Keep connections across requests: opening one costs more than most queries.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Web workers already fill the cores; a parallel plan only fights them.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c max_parallel_workers_per_gather=0"
    )

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "phananh.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="phananh"),
            # An unreachable Redis must cost a page little: the cache fails open
            # (phananh/cache.py) once these run out.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
    # Sessions read from Redis, written through to the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background tasks -------------------------------------------------------
# Without Redis, tasks run in-process so `make run` needs nothing else.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_TASK_ACKS_LATE = True
# Redis restarts: the worker and beat wait for it as long as it takes; a web
# request that queues a task gives up within a second (the outbox sweep sends
# what it could not queue) instead of hanging on the broker.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
    # A worker killed mid-task leaves its task unacknowledged: Redis hands it
    # to a worker again after this long (the outbox sweep is sooner still).
    "visibility_timeout": 15 * 60,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2}
CELERY_BEAT_SCHEDULE = beat_schedule(env.float("OUTBOX_SWEEP_SECONDS", default=60.0))

# --- Accounts and authentication -------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "accounts.validators.CharacterClassesValidator"},
    {"NAME": "accounts.validators.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "reports:home"
PHONENUMBER_DEFAULT_REGION = "VN"
PHONENUMBER_DEFAULT_FORMAT = "E164"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"phone"}
ACCOUNT_SIGNUP_FIELDS = ["phone*", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_USER_MODEL_EMAIL_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_PHONE_VERIFICATION_TIMEOUT = 10 * 60
ACCOUNT_PHONE_VERIFICATION_MAX_ATTEMPTS = 5
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = 5
# An SMS code never signs anyone in: password reset (accounts.password_reset)
# proves the phone, then asks for a new password, then the login page.
ACCOUNT_LOGIN_BY_CODE_ENABLED = False
PASSWORD_RESET_CODE_TIMEOUT = 10 * 60
PASSWORD_RESET_CODE_MAX_ATTEMPTS = 5
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_REAUTHENTICATION_REQUIRED = False
# Staff sign in with an authenticator app (TOTP) and may keep recovery codes;
# accounts.middleware.StaffSecondFactorMiddleware makes them set one up.
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Phan anh hien truong"
# Setting up the app comes right after the password at login; asking for it
# again there would only add a step (staff sessions end after 30 idle minutes).
MFA_REAUTHENTICATION_REQUIRED = False
# A code typed at the end of its 30 seconds still counts when it arrives in the
# next (RFC 6238 5.2: one step of delay); the soak run saw a busy portal take longer.
MFA_TOTP_TOLERANCE = 1
# How long a new activation code must wait after the previous one.
SMS_CODE_RESEND_COOLDOWN = env.int("SMS_CODE_RESEND_COOLDOWN", default=60)
# Per phone number, tight; per client address, loose: carrier NAT puts many
# citizens behind one address, so the address limits only stop scripts.
ACCOUNT_RATE_LIMITS = {
    "login": env.str("RATE_LIMIT_LOGIN", default="300/m/ip"),
    "login_failed": env.str("RATE_LIMIT_LOGIN_FAILED", default="200/m/ip,5/15m/key"),
    "signup": env.str("RATE_LIMIT_SIGNUP", default="100/m/ip"),
    "verify_phone": env.str("RATE_LIMIT_SMS_CODE", default="100/m/ip,3/m/key,20/d/key"),
    "reset_password": env.str("RATE_LIMIT_SMS_CODE", default="100/m/ip,3/m/key,20/d/key"),
    "change_password": "5/m/user",  # nosec B105 # a rate limit, not a password
}
# SMS that visitors cause without signing in (sign-up, login codes, password
# reset): per destination number, and for the whole portal per hour (the bill).
SMS_PER_NUMBER_LIMIT = env.str("RATE_LIMIT_SMS_PER_NUMBER", default="5/h,10/d")
SMS_HOURLY_BUDGET = env.str("SMS_HOURLY_BUDGET", default="1000/h")
# Comments a user may post, in allauth's format (e.g. "5/m,30/h").
COMMENT_RATE_LIMIT = env.str("RATE_LIMIT_COMMENT", default="5/m")
# What one citizen may keep and send (reports/quotas.py).
REPORT_MAX_DRAFTS = env.int("REPORT_MAX_DRAFTS", default=20)
REPORT_DAILY_UPLOAD_BYTES = env.int("REPORT_DAILY_UPLOAD_MB", default=300) * 1024 * 1024
REPORT_SUBMISSIONS_PER_HOUR = env.int("REPORT_SUBMISSIONS_PER_HOUR", default=10)
# Reports one Open311 key may post (a busy partner app sends hundreds a day).
OPEN311_POST_RATE_LIMIT = env.str("RATE_LIMIT_OPEN311_POST", default="30/m,2000/d")
# The jurisdiction_id Open311 clients may send (FixMyStreet sends one per body).
OPEN311_JURISDICTION = env.str("OPEN311_JURISDICTION", default="quangtri.gov.vn")

# Province single sign-on (OpenID Connect), off unless configured.
OIDC_SERVER_URL = env.str("OIDC_SERVER_URL", default="")
SOCIALACCOUNT_PROVIDERS = {}
if OIDC_SERVER_URL:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": "quangtri",
                "name": env.str("OIDC_NAME", default="Quảng Trị Smart"),
                "client_id": env.str("OIDC_CLIENT_ID"),
                "secret": env.str("OIDC_CLIENT_SECRET"),
                "settings": {"server_url": OIDC_SERVER_URL},
            }
        ]
    }
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_ONLY = False

# --- SMS --------------------------------------------------------------------
SMS_BACKEND = env.str("SMS_BACKEND", default="accounts.sms.backends.console.SmsBackend")
SMS_FILE_PATH = env.str("SMS_FILE_PATH", default=str(BASE_DIR / "var" / "sms"))
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env.str("SMS_GATEWAY_TOKEN", default="")
SMS_GATEWAY_TIMEOUT = env.float("SMS_GATEWAY_TIMEOUT", default=10.0)
SMS_SENDER_NAME = env.str("SMS_SENDER_NAME", default="PAHT")

# --- E-mail -----------------------------------------------------------------
MAILERS = {
    "default": {
        "BACKEND": env.str(
            "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
        )
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="phananh@localhost")

# --- Language and time ------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_allauth", BASE_DIR / "locale_django"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
FORMAT_MODULE_PATH = ["phananh.formats"]

# --- Working time -----------------------------------------------------------
# Office hours, Monday to Friday, Vietnam time; public holidays, Tết, their
# substitute days and make-up working Saturdays come from the `holidays`
# package. Deadlines are computed in this time (reports/deadlines.py). From the
# environment as e.g. OFFICE_HOURS=07:30-11:30,13:30-17:00.
OFFICE_HOURS = [
    tuple(period.split("-"))
    for period in env.list("OFFICE_HOURS", default=["07:30-11:30", "13:30-17:00"])
]
# The IOC receives (or rejects) a submitted report within this much office time.
RECEIPT_WORKING_HOURS = 8

# --- Static and media files -------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Uploads ----------------------------------------------------------------
# Small requests stay in memory; bigger ones stream to temporary files through
# a handler that stops storing a file past the largest per-kind limit and a
# request past the total cap, so a 2 GB upload never fills memory or disk
# (reports/upload_handlers.py). Per-kind limits: reports/media.py.
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "reports.upload_handlers.LimitedUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB, Django's default
# 10 images + 2 videos + 5 files = 17 per report, with a little room.
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# Private attachments (drafts, reports not public) are always checked by
# reports/views/attachments.py. In production the web server can then send
# the bytes itself, with byte ranges (Safari needs them to play videos):
# set the header to "X-Accel-Redirect" (nginx) with the prefix of an
# `internal` location aliased to MEDIA_ROOT, e.g. "/protected-media/", or to
# "X-Sendfile" (Apache) with MEDIA_ROOT's absolute path plus "/" as prefix.
# Empty: Django streams the file.
ATTACHMENT_SENDFILE_HEADER = env.str("ATTACHMENT_SENDFILE_HEADER", default="")
ATTACHMENT_SENDFILE_PREFIX = env.str("ATTACHMENT_SENDFILE_PREFIX", default="/protected-media/")

# --- The province ------------------------------------------------------------
PROVINCE_CODE = env.str("PROVINCE_CODE", default="44")  # Quảng Trị after the 2025 merger
# South-west and north-east corners (lat, lon): a reported point must lie inside.
PROVINCE_BOUNDS = ((16.05, 105.55), (18.15, 107.45))

# --- Maps -------------------------------------------------------------------
# Tiles come from a configurable server; tests never fetch any.
MAP_TILES_URL = env.str("MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (17.24, 106.53),
    "DEFAULT_ZOOM": 9,
    "TILES": [("OpenStreetMap", MAP_TILES_URL, {"attribution": "© OpenStreetMap"})],
    "NO_GLOBALS": False,
    "RESET_VIEW": False,
}

# --- Security (tightened further in production.py) --------------------------
SESSION_COOKIE_HTTPONLY = True
# Staff (the admin, the agency dashboard, moderation) are signed out after this
# long without a request; citizens keep Django's two weeks.
STAFF_IDLE_TIMEOUT = env.int("STAFF_IDLE_TIMEOUT", default=30 * 60)
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
# Scripts and styles from the portal itself, inline ones only with the
# request's nonce (django-leaflet's map script, the admin's styles); map tiles
# from the tile server; nothing may frame the portal.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [
        CSP.SELF,
        "data:",
        "blob:",
        urlsplit(MAP_TILES_URL.replace("{s}", "*"))._replace(path="").geturl(),
    ],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # The installable app (phananh/pwa.py): its worker and manifest come from the portal.
    "worker-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "media-src": [CSP.SELF, "blob:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if OIDC_SERVER_URL:
    # The single sign-on button posts to the portal, which redirects the browser
    # to the provider: form-action covers where a form's redirects lead.
    _oidc = urlsplit(OIDC_SERVER_URL)
    SECURE_CSP["form-action"].append(f"{_oidc.scheme}://{_oidc.netloc}")
# Only what a citizen's report needs: their position, with their consent.
PERMISSIONS_POLICY = "geolocation=(self), camera=(), microphone=(), payment=(), usb=()"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Tasks run in-process (make run): no "Task … succeeded" line for each one.
    "loggers": {"celery.app.trace": {"level": "WARNING"}} if CELERY_TASK_ALWAYS_EAGER else {},
}
