"""One settings module, driven by environment variables (see ``.env.example``).

Safe defaults: DEBUG is off unless asked for, a SECRET_KEY is required unless DEBUG is on, SQLite is
used when ``DATABASE_URL`` is unset and local memory caching when ``REDIS_URL`` is unset.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent

# A ``.env`` file in the project folder (copied from ``.env.example``) is read when present. Variables
# already set in the environment win over it. ``DJANGO_ENV_FILE`` names another file; empty reads none
# (the test settings set it empty, so a developer's .env never changes what the tests run with).
ENV_FILE = os.environ.get("DJANGO_ENV_FILE", str(BASE_DIR / ".env"))
if ENV_FILE and Path(ENV_FILE).is_file():
    load_dotenv(ENV_FILE, override=False)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "axes",
    "reversion",
    "salaries",
    "tracks",
    "pages",
    "careers",
    # After careers: its db_worker command (careers.worker) overrides the library's of the same name.
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: every database wait of the request ends by its deadline (a frozen database is a 503).
    "careers.middleware.DatabaseDeadlineMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Public pages from the full-response cache (before the session: a hit never touches it).
    "pages.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "careers.middleware.PermissionsPolicyMiddleware",
    "careers.middleware.DatabaseUnavailableMiddleware",
    "careers.middleware.BadInputMiddleware",
    # allauth's middleware only sets request.allauth; it reads no session on public pages.
    "allauth.account.middleware.AccountMiddleware",
    # Last, as django-axes asks: it answers a locked-out admin sign-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "careers.urls"
WSGI_APPLICATION = "careers.wsgi.application"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A statement that runs longer than this is cancelled and the page answers 503 (a hung database must
# never hold a worker); the app's own long jobs (data loads) lift it for their transaction.
DATABASE_STATEMENT_TIMEOUT_MS = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "5000"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    options = DATABASES["default"].setdefault("OPTIONS", {})
    # The site and the task worker share one file. WAL lets readers go on while one writer writes; a
    # writer waits up to DATABASE_SQLITE_BUSY_SECONDS for another (an editor's save rebuilds snapshots
    # for seconds) instead of failing at once; IMMEDIATE takes the write lock when a transaction starts,
    # so two transactions never deadlock upgrading a read lock (SQLite would fail one of them at once).
    options.setdefault("timeout", float(os.environ.get("DATABASE_SQLITE_BUSY_SECONDS", "30")))
    options.setdefault("transaction_mode", "IMMEDIATE")
    options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL")
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend with client-side deadlines (careers/postgresql/base.py): a frozen server enforces
    # no statement_timeout and its kernel still answers keepalives, so only the client can give up.
    DATABASES["default"]["ENGINE"] = "careers.postgresql"
    options = DATABASES["default"].setdefault("OPTIONS", {})
    # Fail fast when PostgreSQL is down, so pages answer 503 instead of hanging (psycopg enforces it).
    options.setdefault("connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")))
    # TCP keepalives: a server that vanished (no RST) is noticed in about 20 s, not hours.
    options.setdefault("keepalives", 1)
    options.setdefault("keepalives_idle", 10)
    options.setdefault("keepalives_interval", 5)
    options.setdefault("keepalives_count", 2)
    # Data sent and not acknowledged for this long ends the connection (a host that vanished mid-query).
    options.setdefault("tcp_user_timeout", int(os.environ.get("DATABASE_TCP_USER_TIMEOUT_MS", "10000")))
    if DATABASE_STATEMENT_TIMEOUT_MS > 0:
        options.setdefault("options", f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}")
# The client-side deadline of a web request (careers/deadline.py, careers.middleware): no wait for the
# database goes past it (every wait still gets a second), so a frozen database answers the 503 page
# within the deadline plus a second. The admin's saves rebuild pages and get longer, still under
# gunicorn's 30 s. 0 switches it off. After a wait ran out, a process leaves the database alone for
# DATABASE_RETRY_AFTER_SECONDS (503 at once) instead of holding a worker per request.
DATABASE_REQUEST_DEADLINE_SECONDS = float(os.environ.get("DATABASE_REQUEST_DEADLINE_SECONDS", "5"))
DATABASE_ADMIN_DEADLINE_SECONDS = float(os.environ.get("DATABASE_ADMIN_DEADLINE_SECONDS", "25"))
DATABASE_RETRY_AFTER_SECONDS = float(os.environ.get("DATABASE_RETRY_AFTER_SECONDS", "2"))

AUTH_USER_MODEL = "careers.User"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out admin sign-in before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "careers.accounts.validators.NotOnlyWhitespaceValidator"},
]

# Accounts: django-allauth (careers/accounts/ holds our adapter and forms, templates/account/ our pages).
ACCOUNT_ADAPTER = "careers.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {  # allauth's forms with our labels (careers/accounts/forms.py)
    "signup": "careers.accounts.forms.SignupForm",
    "login": "careers.accounts.forms.LoginForm",
    "reset_password": "careers.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "careers.accounts.forms.ResetPasswordKeyForm",
    "change_password": "careers.accounts.forms.ChangePasswordForm",
    "add_email": "careers.accounts.forms.ChangeEmailForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # confirming takes a click (a POST): mail scanners confirm nothing
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True  # only in the browser that signed up (allauth's rule)
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_PREVENT_ENUMERATION = True  # a taken address gets "account already exists" mail, same page
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True  # a reset for an unknown address is mailed too (same work)
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True  # one address per account; a new one replaces it once confirmed
ACCOUNT_EMAIL_NOTIFICATIONS = True  # password and email changes are announced to the owner
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = True  # no "remember me" box: sessions last SESSION_COOKIE_AGE
ACCOUNT_DEFAULT_HTTP_PROTOCOL = SITE_URL.split("://", 1)[0]  # links in emails use the public scheme
# Per client address (the proxy's X-Real-IP, see careers.accounts.clientip), per address typed, per
# user. The counters live in the default cache, which falls back to the database when Redis is down.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/h/ip",
    "reset_password": "10/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "change_email": "3/h/user",
    "reauthenticate": "10/m/user",
}

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "record"
LOGOUT_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# django-axes guards the admin sign-in only (members have allauth's limits): after AXES_FAILURE_LIMIT
# failures an account, or a client address, is locked out for AXES_COOLOFF_TIME. Attempts are kept in
# the database, so the limit holds whatever happens to Redis. Our handler records admin sign-ins only
# (careers/accounts/axes.py): axes' own recorded members' failures too, all under one empty username.
AXES_ONLY_ADMIN_SITE = True
AXES_HANDLER = "careers.accounts.axes.AdminOnlyDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_ADMIN_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]  # each on its own: per address, per account
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "careers.accounts.clientip.client_ip"
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "account/admin_locked_out.html"
AXES_VERBOSE = False

# The client address: REMOTE_ADDR, or the X-Real-IP header that nginx (deploy/nginx.conf) sets, but
# only when the request came from one of these proxy addresses. gunicorn listens on a Unix socket or
# loopback only, so nobody else can claim an address.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", "127.0.0.1,::1,unix")

# Email goes out from a task (django.tasks on django-tasks-db); `manage.py db_worker` runs them.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # WhiteNoise's compressed manifest storage, each URL worked out once per process.
        "BACKEND": "careers.staticfiles.StaticFilesStorage",
    },
}

REDIS_URL = os.environ.get("REDIS_URL", "")
# Public pages (the full-response cache) and the data generation they are stamped with (read together
# in one round trip) go to the "pages" cache, apart from the rate-limit counters in "default": junk
# pages must never evict a failed-sign-in counter. Give pages their own Redis
# (REDIS_PAGES_URL, with maxmemory and allkeys-lru) and run the counters' Redis with noeviction; unset,
# pages share REDIS_URL's Redis. A full or lost counters' Redis sends counters to the database (below).
REDIS_PAGES_URL = os.environ.get("REDIS_PAGES_URL", "") or REDIS_URL
# The database cache table (`manage.py createcachetable`, run by `make serve`): where rate-limit
# counters go while Redis is down (careers.cache.FailoverCache). Never culled below a million entries,
# so no flood of new keys can push a counter out.
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "careers_cache",
    "OPTIONS": {"MAX_ENTRIES": 1_000_000},
}
REDIS_TIMEOUTS = {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "careers.cache.FailoverCache",
            "LOCATION": REDIS_URL,
            # A Redis outage degrades to uncached pages; rate limits move to the database and are
            # merged back when Redis returns (careers/cache.py).
            "OPTIONS": {"FALLBACK": "fallback", **REDIS_TIMEOUTS},
        },
        "pages": {
            "BACKEND": "careers.cache.FailoverCache",
            "LOCATION": REDIS_PAGES_URL,
            # Nothing here must survive an outage: every key misses while Redis is away.
            "OPTIONS": {"FALLBACK": "fallback", "FALLBACK_PREFIXES": [], **REDIS_TIMEOUTS},
        },
        "fallback": DATABASE_CACHE,
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
        "fallback": DATABASE_CACHE,
    }

if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
    }
else:
    # Development: emails are printed to the console as readable text, every link whole on one line.
    MAILERS = {"default": {"BACKEND": "careers.mail.ReadableConsoleEmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Career Tracks <no-reply@localhost>")
# The task worker hands each email to the mail server from a process of its own, which outlives the
# worker (careers.outbox): on by default with a real mail server, where a killed worker could otherwise
# send an email twice.
EMAIL_HANDOFF = env_bool("EMAIL_HANDOFF", bool(os.environ.get("EMAIL_HOST")))

ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

# Where build_workforce_fixtures reads upstream files from.
WORKFORCE_SOURCE_DIR = Path(os.environ.get("WORKFORCE_SOURCE_DIR", BASE_DIR.parent / "shared" / "data"))
FIXTURES_DIR = BASE_DIR / "fixtures"
# The job-title search index's memory-mapped file, one per host, shared by every worker
# (pages.search.store); written at build time or on the host's first search. Empty: each process reads
# the index into its own memory instead.
SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR", "var/search")
SEARCH_INDEX_DIR = str(BASE_DIR / SEARCH_INDEX_DIR) if SEARCH_INDEX_DIR else ""  # relative: to the project

# Request bodies: our forms are a few kB. Larger bodies are refused (400) before a view sees them;
# nginx refuses anything over 1 MB first (client_max_body_size, deploy/nginx.conf).
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400  # the admin's track form with every inline is about 250
DATA_UPLOAD_MAX_NUMBER_FILES = 5

# Security. Production values switch on by environment, not by a second settings module.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^ping$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    # Plotly.js injects its own <style> rules at run time; scripts stay strict.
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
