"""Django settings of the desk, read from the environment that `screening.desk.boot` prepares:

- `SCREENING_DATABASE_URL`: a PostgreSQL database (`postgresql://USER@HOST/DB`) that several
  desks share; without it, SQLite in the data folder;
- `SCREENING_DESK_DATA`: the data folder (the SQLite database and the secret key live there);
- `SCREENING_DESK_SECRET_KEY`: the key signing sessions' integrity data (boot reads it from the
  data folder, or from the PostgreSQL database, so that every desk on it has the same);
- `SCREENING_DESK_TLS`: "1" when served over HTTPS (cookies are then sent over HTTPS only);
- `SCREENING_DESK_HOSTS`: the host names the desk answers to, comma-separated;
- `SCREENING_DESK_RULES`: a clinic's own rules folder (default: the bundled rules);
- `SCREENING_DESK_IDLE_WARNING`, `SCREENING_DESK_IDLE_WIPE`: seconds before a kiosk warns an
  idle client and before the server wipes what was entered (default 120 and 180).
"""

from __future__ import annotations

import os
from pathlib import Path

from csp.constants import NONE, SELF

from screening.desk import boot

SECRET_KEY = os.environ["SCREENING_DESK_SECRET_KEY"]
TLS = os.environ.get("SCREENING_DESK_TLS") == "1"
DEBUG = False
ALLOWED_HOSTS = os.environ.get("SCREENING_DESK_HOSTS", "127.0.0.1,localhost,[::1]").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "screening.desk.staff",
    "screening.desk.kiosk",
    "screening.desk.records",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "screening.desk.middleware.no_store",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "screening.desk.kiosk.middleware.kiosk",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "screening.desk.urls"
WSGI_APPLICATION = "screening.desk.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).with_name("templates")],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "screening.desk.staff.access.roles",
            ],
            "string_if_invalid": "",
        },
    }
]

if os.environ.get(boot.ENV_DATABASE):  # a clinic group: one database, several desks
    from screening.desk import postgres

    DATABASES = {"default": postgres.django_database(postgres.parse(os.environ[boot.ENV_DATABASE]))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": Path(os.environ[boot.ENV_DATA]) / boot.DATABASE,
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                # Writers queue instead of failing with "database is locked"; WAL lets readers
                # go on while one writes; FULL syncs every commit (an acknowledged submission
                # survives a crash or a power cut); secure_delete overwrites what is deleted (an
                # erased record leaves nothing readable in the file).
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON;"
                ),
            },
        }
    }
# Nothing is cached in a process's memory: what one desk knows, every desk reads from the
# database (Django's default cache is per process; nothing in the desk uses a cache).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "staff.Account"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first, as django-axes asks
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "staff:sign-in"
LOGIN_REDIRECT_URL = "staff:queue"

# Password guessing: five wrong passwords for one name from one address lock that pair out
# for 15 minutes; the attempts live in the database, so every worker sees them.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "staff/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "screening.desk.staff.access.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Sessions live in the database (every worker, and later every machine, sees them). A staff
# session ends when the browser closes or after 8 hours; a kiosk's after a few idle minutes.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = TLS
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "screening.desk.staff.views.csrf_failure"
# Messages ("Ana Lopez: marked reviewed.") wait in the server-side session, not in a cookie
# in the browser: an erasure can reach them.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Over HTTPS, browsers are told to use nothing else for this host for an hour (HSTS): long
# enough to keep a working day's sessions off plain HTTP, short enough that an expired
# certificate does not lock the desk's browsers out for long. No subdomains, no preload: the
# clinic's other hosts are not the desk's to decide.
SECURE_HSTS_SECONDS = 3600 if TLS else 0
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
DESK_IDLE_WARNING = int(os.environ.get("SCREENING_DESK_IDLE_WARNING", "120"))
DESK_IDLE_WIPE = int(os.environ.get("SCREENING_DESK_IDLE_WIPE", "180"))
DESK_THANKS_SECONDS = 15
# A clinic's own copy of the rules folder (`screening desk --rules DIR`); None: the bundled one.
DESK_RULES = (
    Path(os.environ["SCREENING_DESK_RULES"]) if os.environ.get("SCREENING_DESK_RULES") else None
)

# No inline script or style anywhere: everything comes from the desk's own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

STATIC_URL = "/static/"
STATIC_ROOT = None
STATICFILES_DIRS = [Path(__file__).with_name("static")]
WHITENOISE_USE_FINDERS = True  # the app's own static folder, without a collectstatic step
WHITENOISE_AUTOREFRESH = False
STORAGES = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

LANGUAGE_CODE = "en"
USE_I18N = False
USE_TZ = True
TIME_ZONE = os.environ.get("SCREENING_DESK_TIME_ZONE", "UTC")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "WARNING"},
        "django.security.DisallowedHost": {"handlers": ["stderr"], "level": "ERROR"},
        "axes": {"handlers": ["stderr"], "level": "WARNING"},
    },
}
