"""City Goals settings, read from the environment.

Every value has a safe default for a laptop (SQLite, local-memory cache, console email,
immediate tasks). With ``DJANGO_DEBUG`` off the site runs in production mode and refuses
to start without a secret key and allowed hosts.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.csp import PUBLIC_DIRECTIVES, with_extra_sources

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}


def parse_email_url(url: str) -> dict:
    """Email settings from one URL, e.g. ``smtp+tls://user:password@mail.example.org:587``.

    Schemes: ``smtp://`` (no encryption, port 25), ``smtp+tls://`` (STARTTLS, port 587),
    ``smtps://`` or ``smtp+ssl://`` (implicit TLS, port 465), and ``console://``,
    ``locmem://``, ``dummy://`` for development. The user name and password are
    percent-decoded (write ``@`` as ``%40``). ``?timeout=10`` sets the SMTP timeout.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in {"console", "locmem", "dummy"}:
        return {"EMAIL_BACKEND": EMAIL_BACKENDS[scheme]}
    security = {"smtp": None, "smtp+tls": "tls", "smtps": "ssl", "smtp+ssl": "ssl"}
    if scheme not in security:
        raise ImproperlyConfigured(
            f"EMAIL_URL has an unknown scheme {parts.scheme!r}: use smtp, smtp+tls, smtps, "
            "console, locmem or dummy."
        )
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL must name a host, e.g. smtp+tls://mail.example.org")
    mode = security[scheme]
    query = parse_qs(parts.query)
    try:
        port = parts.port
    except ValueError as error:
        raise ImproperlyConfigured(f"EMAIL_URL has an invalid port: {error}") from error
    config = {
        "EMAIL_BACKEND": EMAIL_BACKENDS["smtp"],
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or {None: 25, "tls": 587, "ssl": 465}[mode],
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": mode == "tls",
        "EMAIL_USE_SSL": mode == "ssl",
    }
    if "timeout" in query:
        config["EMAIL_TIMEOUT"] = int(query["timeout"][0])
    return config


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "insecure-development-key-do-not-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    if (
        len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
        or SECRET_KEY.startswith("django-insecure-")
    ):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a random string of at least 50 characters "
            "when DJANGO_DEBUG is off."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")


def parse_site_url(url: str) -> str:
    """The site's public address, e.g. ``https://citygoals.lowbridge.gov.uk``: scheme and
    host (and port), no path, no trailing slash. Every absolute link is built from it."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ImproperlyConfigured(
            f"SITE_URL must be the site's public address, e.g. "
            f"https://citygoals.lowbridge.gov.uk (got {url!r})."
        )
    if parts.path not in {"", "/"} or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"SITE_URL must be only a scheme and a host, with no path (got {url!r})."
        )
    return f"{parts.scheme}://{parts.netloc}"


# SITE_URL: the one source of every absolute link (emails, unsubscribe links, open data,
# Wagtail's notifications, the Site record). Required in production.
SITE_URL = os.environ.get("SITE_URL", "")
if not SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SITE_URL must be set when DJANGO_DEBUG is off: the site's public address, "
            "e.g. SITE_URL=https://citygoals.lowbridge.gov.uk. Every link in an email "
            "is built from it."
        )
    SITE_URL = "http://127.0.0.1:8000"
SITE_URL = parse_site_url(SITE_URL)

# Applications ---------------------------------------------------------------------

INSTALLED_APPS = [
    "core",
    "places",
    "accounts",
    "organisations",
    "goals",
    "consultations",
    "pledges",
    "commitments",
    "opendata",
    "home",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.wagtail_users.UsersAppConfig",  # wagtail.users with our user fields
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "csp",
    "rest_framework",  # the read-only API at /api/v1/ (opendata.api)
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our own static files, no CDN
    "corsheaders",
    "accounts.adminsite.AdminConfig",  # Django admin: superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
]

MIDDLEWARE = [
    "home.middleware.HealthCheckMiddleware",  # /healthz: before the host check and HTTPS redirect
    "django.middleware.security.SecurityMiddleware",
    "core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # GET from any origin, /api/ only (CORS_URLS_REGEX)
    "core.page_cache.AnonymousPageCacheMiddleware",
    # Inside the page cache: a cached page keeps the CSP header its nonce belongs to.
    "core.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.private_pages.PrivateForSignedInMiddleware",  # Cache-Control: private when signed in
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.security.AdminMFAMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "home.middleware.KeptSiteMiddleware",  # the Wagtail site and branding, kept
    # Innermost: fills each page's personal holes for the person; signed-in GETs come
    # from the shared page, rendered for nobody (core/personal.py).
    "core.personal.PersonalHolesMiddleware",
]

# Project templates override Django's form templates (templates/django/forms/); the
# renderer also drops the colon after labels and ties errors to their fields.
FORM_RENDERER = "core.forms.FormRenderer"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Data -------------------------------------------------------------------------------

# An empty DATABASE_URL (``DATABASE_URL= manage.py …``) means the embedded default too.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers wait for the lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
elif (
    os.environ.get("DATABASE_PREPARED_STATEMENTS", "1") != "0"
    and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
):
    # Server-side binding lets psycopg prepare a statement from its sixth use on a
    # connection, and PostgreSQL then stops planning it on every request: planning, not
    # running, was most of a hot query's time (2.6 of 2.8 ms for a proposal with its
    # consultation, author and organisation). Behind a pooler that cannot keep prepared
    # statements (PgBouncer in transaction mode before 1.21), set
    # DATABASE_PREPARED_STATEMENTS=0.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # A Redis outage degrades the site instead of taking it down (core/cache.py): reads
    # miss, writes are dropped, sessions come from the database, rate limits fail open.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "citygoals"),
        }
    }
    # Sessions are read from the shared cache and written through to the database, so a
    # signed-in request costs no session query. Only with a cache every server shares: a
    # per-process cache would keep a signed-out session alive in the other processes.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Per process: fine on a laptop, refused in production (core/checks.py), where rate
    # limits must count across every process.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole pages for people who are not signed in (core/page_cache.py), dropped on every
# write; kept this many seconds at most. Off with DJANGO_DEBUG on, unless set.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0" if DEBUG else "60"))

TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}

# Accounts ---------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"  # its links come from SITE_URL
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlsplit(SITE_URL).scheme
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/h/ip",
    "confirm_email": "3/10m/key",
    "reset_password": "5/h/ip,3/h/key",
    "reset_password_from_key": "20/h/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
# Changes to a password, an email address or a second factor are emailed to the owner.
ACCOUNT_EMAIL_NOTIFICATIONS = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "City Goals")
# Behind a load balancer, the client's address is the Nth entry from the right of
# X-Forwarded-For: rate limits per address need it (0 = use REMOTE_ADDR).
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Email ------------------------------------------------------------------------------

# EMAIL_URL (see parse_email_url) chooses the backend; console output by default.
EMAIL_URL = os.environ.get("EMAIL_URL", "")
EMAIL_BACKEND = EMAIL_BACKENDS["console"]
if EMAIL_URL:
    globals().update(parse_email_url(EMAIL_URL))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "City Goals <noreply@citygoals.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Internationalisation ---------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English"))]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# Static and media -------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Wagtail ----------------------------------------------------------------------------

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "City Goals")
WAGTAILADMIN_BASE_URL = SITE_URL  # Wagtail's own emails link to the one site address
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "docx", "xlsx", "odt", "ods", "txt"]
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# One way in: every sign-in is allauth's (password, then the second factor). Wagtail's
# own login and password-reset views are answered by redirects in config/urls.py.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Nothing about staff leaves for third parties (and the admin's CSP stays 'self'): no
# Gravatar avatars (they send a hash of the email address), no release check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Security ---------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A form that expired gets a page that explains and keeps what was written (core/views.py).
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# django-csp: the public policy (core/security.py; the admin has its own). Extra origins,
# e.g. a media bucket, go in CSP_EXTRA_SOURCES = {"img-src": ["https://media.example"]}.
CSP_EXTRA_SOURCES: dict[str, list[str]] = {}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": with_extra_sources(PUBLIC_DIRECTIVES, CSP_EXTRA_SOURCES, upgrade=not DEBUG)
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_HTTPONLY = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Logs go to standard error, one line per record, for the process manager to collect.
# Errors in requests (django.request) carry the traceback; nothing is emailed.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {
            "format": "%(asctime)s %(levelname)s %(name)s [pid %(process)d] %(message)s",
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.request": {"level": "ERROR", "propagate": True},
        "django.security": {"level": "WARNING", "propagate": True},
        **{
            app: {"level": os.environ.get("DJANGO_APP_LOG_LEVEL", "INFO"), "propagate": True}
            for app in ("accounts", "consultations", "goals", "home")
        },
    },
}

# City Goals -------------------------------------------------------------------------

OPEN_DATA_LICENCE_NAME = "Open Government Licence v3.0"
OPEN_DATA_LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

# The public API (/api/v1/, opendata.api): read-only, JSON only, no cookies.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "opendata.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "City Goals open data API",
    "DESCRIPTION": "Read-only: the goals, indicators, organisations, consultations, proposals, "
    "comments and pledges the public pages show, as JSON. No personal data.",
    "VERSION": "1.0.0",
    "LICENSE": {"name": OPEN_DATA_LICENCE_NAME, "url": OPEN_DATA_LICENCE_URL},
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": False,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "PREPROCESSING_HOOKS": ["opendata.api.schema.only_the_api"],
    "ENUM_NAME_OVERRIDES": {
        f"{name}Enum": f"opendata.api.schema.{path}"
        for name, path in [
            ("OrganisationKind", "ORGANISATION_KIND"),
            ("IndicatorKind", "INDICATOR_KIND"),
            ("PledgeStatus", "PLEDGE_STATUS"),
            ("ProposalStatus", "PROPOSAL_STATUS"),
            ("AreaKind", "AREA_KIND"),
        ]
    },
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Link"]
API_RATE_LIMIT = (
    int(os.environ.get("API_RATE_LIMIT", "600")),
    int(os.environ.get("API_RATE_PERIOD", "60")),
)  # requests per period (seconds) per client address

# Consultations: how long an author may edit a proposal or comment after posting it.
CONSULTATIONS_EDIT_WINDOW_MINUTES = int(os.environ.get("CONSULTATIONS_EDIT_WINDOW_MINUTES", "15"))
