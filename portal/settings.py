"""Settings for the district Party committee news portal.

Everything that differs between machines comes from the environment (twelve-factor).
With nothing set the portal runs for development: DEBUG on, this checkout's own PostgreSQL server.
With DEBUG off it refuses to start without a real SECRET_KEY and ALLOWED_HOSTS.

One module, over 400 lines: Django reads its settings from one place, and every setting sits
beside the comment that says why it has its value; docs/configuration.md lists the variables.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal import local_postgres, replicas

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development only: a random key kept in a git-ignored file, so that every
    # gunicorn worker of `make run` signs sessions with the same key.
    key_file = BASE_DIR / "var" / "dev_secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = key_file.read_text().strip()
elif not DEBUG and (len(SECRET_KEY) < 40 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured("SECRET_KEY is too short or insecure for production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "news.apps.NewsroomAdminConfig",  # django.contrib.admin with the editors' own admin site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_ckeditor_5",
    "simple_history",
    "csp",
    "axes",
    "pagecache",
    "challenge",
    "news",
    "polls",
    "about",
    "workcalendar",
    "documents",
    "gallery",
    "questions",
]

# Order matters. The page cache comes first: a cached page costs one Redis round trip and
# nothing else, and it is stored with every header the middleware below added on its way out
# (HSTS, CSP, Permissions-Policy, X-Frame-Options…), so a hit carries the same headers. Plain
# HTTP requests never hit (a page is only stored for the HTTPS answer). Then the health check
# for load balancers (no host check, no HTTPS redirect), HTTPS, static files, request ids.
MIDDLEWARE = [
    "pagecache.middleware.PageCacheMiddleware",
    "portal.replicas.ReplicaReadsMiddleware",  # only with DATABASE_REPLICA_HOSTS
    "portal.health.HealthCheckMiddleware",
    "pagecache.middleware.ReadAheadMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.RequestIdMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]
# A reader's GET of a page without a session cookie goes through these only (pagecache/handlers.py):
# sessions, CSRF, logins, history, messages and the login throttle are for editors and forms.
PORTAL_READER_MIDDLEWARE = [
    name
    for name in MIDDLEWARE
    if name
    not in {
        "portal.health.HealthCheckMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "simple_history.middleware.HistoryRequestMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "axes.middleware.AxesMiddleware",
    }
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "news.context_processors.portal",
            ],
        },
    },
]

# Database: PostgreSQL only. DATABASE_URL (postgres://user:pass@host:5432/name), or else this
# checkout's own server, which `make run` and `make test` start (portal/local_postgres.py).
DATABASES = {
    "default": dj_database_url.config(
        default=local_postgres.database_url(),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("DATABASE_URL must name a PostgreSQL server (postgres://…): the portal needs one.")
# Django's backend, without the health check round trip for a connection in use (see there).
DATABASES["default"]["ENGINE"] = "portal.postgresql"
# The development server's pg_dump and pg_restore, for backups of a server of its version.
PORTAL_LOCAL_POSTGRES = {"major": local_postgres.server_major(), "bin_dir": local_postgres.bin_dir()}
# The reader pages' hot queries are prepared on the PostgreSQL server once per connection
# (news/prepared.py); false behind a pooler in transaction mode, which cannot keep them.
PORTAL_DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", default=True)
# Nor can it keep a server-side cursor (.iterator()) open across transactions.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = not PORTAL_DB_PREPARED_STATEMENTS
# Streaming replicas for the reader pages' reads (portal/replicas.py, docs/scaling.md):
# DATABASE_REPLICA_HOSTS="host:port,…"; writes, editors and a reader who just voted use the primary.
DATABASE_REPLICA_LAG_SECONDS = float(os.environ.get("DATABASE_REPLICA_LAG_SECONDS", "2"))
DATABASE_REPLICA_RETRY_SECONDS = float(os.environ.get("DATABASE_REPLICA_RETRY_SECONDS", "10"))
if replica_hosts := [h.strip() for h in os.environ.get("DATABASE_REPLICA_HOSTS", "").split(",") if h.strip()]:
    DATABASES = replicas.databases(DATABASES["default"], replica_hosts)
    DATABASE_ROUTERS = ["portal.replicas.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (several app servers); otherwise a table in PostgreSQL,
# which every worker and server shares, so an edit is seen by all at once. Never a cache of
# each worker's own: it would keep showing what an editor just changed. While Redis is
# unreachable the database's cache stands in for it (pagecache.backends.redis: a circuit
# breaker, so that no reader waits on a dead Redis); the table is made by pagecache's migration.
REDIS_URL = os.environ.get("REDIS_URL", "")
DATABASE_CACHE = {
    "BACKEND": "pagecache.backends.database.ResilientDatabaseCache",
    "LOCATION": "portal_cache",
    "TIMEOUT": 300,
    "OPTIONS": {"MAX_ENTRIES": 20000},
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "pagecache.backends.redis.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
            "TIMEOUT": 300,
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
                "FALLBACK": "database",
            },
        },
        "database": DATABASE_CACHE,
    }
    # Redis Sentinel (docs/scaling.md): REDIS_SENTINELS="host:26379,…" finds the primary of the
    # service REDIS_SENTINEL_SERVICE; REDIS_URL then gives only the database number and password.
    if sentinels := [s.strip() for s in os.environ.get("REDIS_SENTINELS", "").split(",") if s.strip()]:
        CACHES["default"]["OPTIONS"].update(
            pool_class="pagecache.backends.sentinel.SentinelPool",
            sentinels=sentinels,
            service_name=os.environ.get("REDIS_SENTINEL_SERVICE", "portal"),
        )
else:
    CACHES = {"default": DATABASE_CACHE}

# Whole pages for anonymous readers, kept in the shared cache and invalidated when an editor
# saves anything they show (the pagecache app).
PORTAL_PAGE_CACHE = env_bool("PAGE_CACHE", default=True)
PORTAL_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# Each worker also keeps the pages it just served for this long (0: never), skipping Redis;
# other workers and servers see an edit within this time.
PORTAL_PAGE_CACHE_LOCAL_SECONDS = float(os.environ.get("PAGE_CACHE_LOCAL_SECONDS", "1"))
# Saving or deleting a row of these models invalidates every cached page ("app_label.Model").
# Not votes or view counts: they change too often and pages show them with a lag instead.
PORTAL_PAGE_CACHE_MODELS = [
    "news.Section",
    "news.Article",
    "news.ArticleAuthor",
    "news.Author",
    "news.Photo",
    "news.SiteSettings",
    "news.SectionSlugHistory",
    "polls.Poll",
    "polls.Answer",
    "about.IntroPage",
    "about.Leader",
    "about.Department",
    "about.EnglishPage",
    "about.AgencyLink",
    "workcalendar.Week",
    "workcalendar.Entry",
    "documents.Kind",
    "documents.IssuingBody",
    "documents.Field",
    "documents.Document",
    "documents.Attachment",
    "documents.Citation",
    "gallery.Album",
    "gallery.AlbumPhoto",
    "gallery.Video",
    "gallery.ArticleMedia",
    "questions.Topic",  # questions.Question invalidates through its own signal (questions/apps.py)
]
# A request carrying one of these cookies is personal (logged in, flash messages): never served
# from or stored in the page cache, and served by the whole middleware chain (pagecache/handlers.py).
# The session's is SESSION_COOKIE_NAME, whatever a deployment names it; "messages" is the name
# of django.contrib.messages' cookie storage.
SESSION_COOKIE_NAME = "sessionid"
PORTAL_PAGE_CACHE_BYPASS_COOKIES = [SESSION_COOKIE_NAME, "messages"]
# Query parameters that select what a page shows; others (except trackers) bypass the cache.
# The documents register's filters (documents/forms.py) are among them: filtered registers are cached too.
PORTAL_PAGE_CACHE_QUERY_PARAMS = [
    *["page", "q", "section", "from", "to"],  # news search (news/search.py SearchForm)
    *["loai", "co-quan", "nam", "linh-vuc", "tinh-trang", "chu-de"],
]
# What makes the X-Request-ID of a page the cache answers, from its WSGI environ.
PORTAL_REQUEST_ID = "portal.middleware.request_id_for"
PORTAL_PAGE_CACHE_IGNORED_PARAMS = ["fbclid", "gclid", "zarsrc", "utm_source", "utm_medium", "utm_campaign"]
# Rendered pieces of pages (cards, header and footer, article bodies; pagecache/fragments.py) are
# keyed by what they show and never deleted: this bounds how long an unused one is kept.
PORTAL_FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "86400"))

# Views of one article are serialized by PostgreSQL's commit (one row). false: the view count's
# commit does not wait for the WAL flush — several times more views/s of a single article,
# still exact, but a PostgreSQL crash could lose its last fraction of a second of views.
PORTAL_VIEW_COUNT_SYNCHRONOUS = env_bool("VIEW_COUNT_SYNCHRONOUS_COMMIT", True)
# With Redis, views are counted there and written to the database in one batch this often
# (news/view_counts.py); 0 writes every view straight to the database.
PORTAL_VIEW_BUFFER_SECONDS = float(os.environ.get("VIEW_BUFFER_SECONDS", "1"))

AUTHENTICATION_BACKENDS = [
    # django-axes first (through a thin subclass): it refuses logins from a client that failed too often.
    "portal.middleware.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first.
LANGUAGE_CODE = "vi"
# One language: no LocaleMiddleware, which would only add "Vary: Accept-Language" (splitting
# every shared cache's copies by the readers' browser languages for nothing) and cost ~40 µs.
LANGUAGES = [("vi", _("Vietnamese"))]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Day/month/year input (Django's vi locale has no input formats and falls back to month/day).
FORMAT_MODULE_PATH = ["portal.formats"]
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

# Static files: hashed, compressed, served by whitenoise.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Media on this machine (served by nginx), or, past one machine, on S3-compatible object
# storage through django-storages: MEDIA_STORAGE=s3 plus the bucket settings below (install
# `django-storages[s3]`; see the README's Deployment section).
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("S3_BUCKET", ""),
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "custom_domain": os.environ.get("S3_CUSTOM_DOMAIN") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID", ""),
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY", ""),
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=604800"},
        },
    }
    if not _media_storage["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs S3_BUCKET.")
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": "portal.storage.StaticStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0

# Uploads: large camera JPEGs are fine, anything far beyond is refused.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
PORTAL_MAX_IMAGE_BYTES = int(os.environ.get("PORTAL_MAX_IMAGE_BYTES", 20 * 1024 * 1024))
# The documents register's files (PDF, DOC, DOCX), checked by content (documents/files.py).
# nginx's client_max_body_size (deploy/nginx.conf, 25m) must stay above it.
DOCUMENTS_MAX_FILE_MB = float(os.environ.get("DOCUMENTS_MAX_FILE_MB", "20"))
# Uploaded videos (MP4, WebM), checked by ffprobe (gallery/videos.py); nginx's client_max_body_size must allow it.
GALLERY_MAX_VIDEO_MB = float(os.environ.get("GALLERY_MAX_VIDEO_MB", "200"))
# An nginx internal location serving MEDIA_ROOT's videos (deploy/nginx.conf); empty: Django sends them.
GALLERY_VIDEO_ACCEL_REDIRECT = os.environ.get("GALLERY_VIDEO_ACCEL_REDIRECT", "")

# Security defaults that hold in every environment; production adds HTTPS-only ones.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12  # an editor's working day
CSRF_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: CKEditor's uploads take the token from the form.
CSRF_COOKIE_HTTPONLY = True
# Load balancers probe /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Content-Security-Policy (django-csp 4): no inline script anywhere on the public site, every
# resource from this origin (plus the media host when media live on object storage). The
# Django admin gets a wider style and image policy, on its own paths only
# (portal.middleware.ContentSecurityPolicyMiddleware), as CKEditor 5's CSP guide requires:
# its editing view writes style attributes (pasted formatting, tables, images) and previews
# uploads as blob: URLs. Scripts stay same-origin there too.
_media_origin = [MEDIA_URL.split("/", 3)[0] + "//" + MEDIA_URL.split("/", 3)[2]] if "://" in MEDIA_URL else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_media_origin],
        "media-src": ["'self'", *_media_origin],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "upgrade-insecure-requests": not DEBUG,
    },
}
PORTAL_ADMIN_CSP_UPDATE = {"style-src": ["'unsafe-inline'"], "img-src": ["blob:"]}
PORTAL_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), browsing-topics=()"
)

# Admin login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins from one
# address, that address is locked out for AXES_COOLOFF_MINUTES. Locking by address rather
# than by user name keeps an attacker from locking the editors out on a busy day.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_LOCKOUT_CALLABLE = "portal.middleware.lockout_response"
AXES_COOLOFF_MESSAGE = _("Too many failed logins: logging in is locked for a while. Please try again later.")
AXES_PERMALOCK_MESSAGE = _("Too many failed logins: logging in is locked. Please ask an administrator to unlock it.")
AXES_CLIENT_IP_CALLABLE = "portal.middleware.client_ip"
# How many reverse proxies (nginx, a load balancer) stand in front of gunicorn: the client's
# address is then the one the outermost of them saw, read from X-Forwarded-For.
PORTAL_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0" if DEBUG else "1"))

# Rich text editor (CKEditor 5) for article bodies. Its images go to the newsroom's own upload
# view (staff with article rights, Pillow-checked, re-encoded); the package's view is not routed.
CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "admin:news_article_upload_image"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "png", "gif", "webp"]
CKEDITOR_5_CONFIGS = {
    "default": {
        "language": "vi",
        "toolbar": [
            "heading",
            "|",
            "bold",
            "italic",
            "link",
            "bulletedList",
            "numberedList",
            "blockQuote",
            "insertTable",
            "imageUpload",
            "|",
            "undo",
            "redo",
        ],
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Đoạn văn", "class": "ck-heading_paragraph"},
                {"model": "heading2", "view": "h2", "title": "Tiêu đề 2", "class": "ck-heading_heading2"},
                {"model": "heading3", "view": "h3", "title": "Tiêu đề 3", "class": "ck-heading_heading3"},
                {"model": "heading4", "view": "h4", "title": "Tiêu đề 4", "class": "ck-heading_heading4"},
            ]
        },
        "image": {
            "toolbar": ["imageTextAlternative", "toggleImageCaption", "|", "imageStyle:block"],
        },
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
    }
}

# Logs go to stderr (journald, docker); LOG_FORMAT=json writes one JSON object per line,
# with the request id that nginx passes in X-Request-ID (or one made here).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "portal.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # django-axes announces itself at every start; its lockout warnings still show.
        "axes": {"level": "WARNING"},
    },
}

# The portal's own knobs.
PORTAL_ARTICLES_PER_PAGE = 15
PORTAL_ADMIN_URL = os.environ.get("ADMIN_URL", "quan-tri/").strip("/") + "/"
# Inlines of other apps on the article form (dotted paths), so that news imports none of them.
PORTAL_ARTICLE_ADMIN_INLINES = [
    "polls.admin.ArticlePollInline",
    "documents.admin.CitationInline",
    "gallery.admin.ArticleMediaInline",
]
# What other apps add to news' pages (news/extensions.py), rendered and cached with them: filters
# of an article's sanitized body, blocks under an article, blocks above the site search's results.
PORTAL_ARTICLE_BODY_FILTERS = ["documents.links.link_document_numbers"]
PORTAL_ARTICLE_EXTRAS = ["documents.citations.cited_documents"]
PORTAL_SEARCH_EXTRAS = ["documents.site_search.documents_found"]
# The reader pages' sidebar boxes, in order (news/sidebar.py): functions of the template context.
PORTAL_SIDEBAR_BOXES = [
    "gallery.boxes.article_media_box",
    "polls.templatetags.polls_tags.sidebar_poll_box",
    "news.templatetags.discovery.most_read_box",
]

# Reader polls ("Bình chọn"). One vote per browser (signed cookie + session) and, against
# scripted stuffing, at most POLLS_MAX_VOTES_PER_IP votes per poll from one address: generous,
# so that an office or a school behind one NAT address can still vote.
POLLS_MAX_VOTES_PER_IP = int(os.environ.get("POLLS_MAX_VOTES_PER_IP", "200"))
# Proxies in front of the app that append to X-Forwarded-For: PROXY_COUNT, shared with axes.
POLLS_PROXY_COUNT = PORTAL_PROXY_COUNT  # one setting for every place that reads the reader's address
POLLS_VOTER_COOKIE_AGE = int(os.environ.get("POLLS_VOTER_COOKIE_DAYS", "365")) * 86400
POLLS_BOX_LIMIT = 2
POLLS_BOX_CACHE_SECONDS = 300
POLLS_ARCHIVE_PER_PAGE = 10
# The editors' ballots page (polls/ballots.py, docs/polls.md): a minute is unusual with at least
# FACTOR times the median of the poll's minutes, an address or browser signature with at least
# MIN_BALLOTS ballots (a minute needs that many too).
POLLS_UNUSUAL_FACTOR = int(os.environ.get("POLLS_UNUSUAL_FACTOR", "5"))
POLLS_UNUSUAL_MIN_BALLOTS = int(os.environ.get("POLLS_UNUSUAL_MIN_BALLOTS", "10"))

# Anti-spam checks (the challenge app): a proof of work (ALTCHA) the reader's browser solves,
# self-hosted. Its cost is CHALLENGE_COST key derivations' iterations times the counter the
# browser must find, drawn in CHALLENGE_COUNTER_RANGE; docs/polls.md has the figures measured.
CHALLENGE_ALGORITHM = "PBKDF2/SHA-256"
CHALLENGE_COST = int(os.environ.get("CHALLENGE_COST", "1000"))
CHALLENGE_COUNTER_RANGE = (
    int(os.environ.get("CHALLENGE_COUNTER_MIN", "400")),
    int(os.environ.get("CHALLENGE_COUNTER_MAX", "1200")),
)
CHALLENGE_EXPIRES_SECONDS = int(os.environ.get("CHALLENGE_EXPIRES_SECONDS", "600"))

# Hỏi đáp (questions app): citizens' questions. Their contact details are erased this many days
# after the question was answered or rejected (purge_question_contacts, deploy/portal-purge-question-contacts.*).
QUESTIONS_CONTACT_RETENTION_DAYS = int(os.environ.get("QUESTIONS_CONTACT_RETENTION_DAYS", "90"))
QUESTIONS_MAX_PER_ADDRESS_PER_DAY = int(os.environ.get("QUESTIONS_MAX_PER_ADDRESS_PER_DAY", "5"))
QUESTIONS_PER_PAGE = 20
