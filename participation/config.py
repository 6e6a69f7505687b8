"""Defaults only: safe for production; development and tests loosen them explicitly."""

from datetime import timedelta

# Production is the default so a forgotten setting fails safe, not open.
ENVIRONMENT = "production"
SECRET_KEY = None
SQLALCHEMY_DATABASE_URI = None  # set from DATABASE_URL, else an SQLite file in the instance folder
SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
UPLOAD_FOLDER = None  # defaults to <instance>/uploads, never under static/

# Uploads: the request cap sits just above the per-file cap so an oversize file gets our
# own plain-language message rather than a bare 413.
MAX_CONTENT_LENGTH = 12 * 1024 * 1024
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
UPLOAD_MAX_PIXELS = 4096 * 4096
UPLOAD_MAX_SIDE = 8192

# Child sign-in codes: short-lived and single-person.
CODE_TTL = timedelta(minutes=30)
# A child's session lasts a whole visit; work is autosaved so expiry never loses words.
CHILD_SESSION_TTL = timedelta(hours=12)
# Staff are signed out after this long without a request (shared and lost devices).
STAFF_IDLE_TIMEOUT = timedelta(minutes=30)
# Staff sessions end after 12 hours however busy; network members stay signed in on their
# own phone for 90 days (the cookie lifetime) unless the worker removes them.
STAFF_MAX_SESSION = timedelta(hours=12)
PERMANENT_SESSION_LIFETIME = timedelta(days=90)
MEMBER_SESSION_TTL = timedelta(days=90)
INVITE_TTL = timedelta(days=7)
# The council's Signs of Safety terms: "safety", "wellbeing" or "success".
DEFAULT_TERMINOLOGY = "safety"
# Pathway plans are reviewed at least every 6 months; advisers see those due within 28 days.
PATHWAY_REVIEW_INTERVAL = timedelta(days=182)
# Dotted path to a callable send(to, text) for one-time codes (e.g. a GOV.UK Notify wrapper).
NOTIFY_PROVIDER = None
# Bank holidays in England and Wales: not working days when counting recording deadlines.
BANK_HOLIDAYS = [
    "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31",
    "2026-12-25", "2026-12-28", "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03",
    "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28",
]  # fmt: skip
# Optional: POST a signed notice here when a record entry is ready (HMAC-SHA256, hex).
WEBHOOK_URL = None
WEBHOOK_SECRET = ""
# Children's records are kept until this birthday, then may be deleted (the audit log stays).
RETENTION_YEARS_AFTER_BIRTH = 25
# Care leavers' records (pathway plans) belong to a looked-after child's record: kept to 75.
CARE_LEAVER_RETENTION_YEARS_AFTER_BIRTH = 75
# Machine translation is off unless the council configures its own engine: a dotted path to
# translate(text, source, target) -> (translated, "engine name and version"). See
# participation/translation/libretranslate.py for a self-hosted LibreTranslate adapter.
MACHINE_TRANSLATION_PROVIDER = None
LIBRETRANSLATE_URL = None
# Journal attachments: photos go through Pillow; voice memos are capped in size.
VOICE_MAX_BYTES = 5 * 1024 * 1024

SESSION_COOKIE_NAME = "participation_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = True
REMEMBER_COOKIE_DURATION = timedelta(seconds=0)

WTF_CSRF_TIME_LIMIT = None  # tied to the session instead: a child drawing slowly must not lose work

RATELIMIT_STORAGE_URI = "memory://"
RATELIMIT_HEADERS_ENABLED = True
SIGN_IN_LIMIT = "10 per minute;50 per hour"
CODE_LIMIT = "10 per minute;60 per hour"

# Interface languages, each with a complete catalogue (a test fails if one has a gap): the
# languages families in our councils most often speak. Right-to-left: ar, ur, ps.
LANGUAGES = [
    "en", "cy", "pl", "ro", "ar", "ur", "bn", "pa", "so", "uk", "pt", "tr", "ps", "ti",
]  # fmt: skip
BABEL_DEFAULT_LOCALE = "en"
BABEL_DEFAULT_TIMEZONE = "Europe/London"

# Behind a load balancer set PARTICIPATION_PROXY_COUNT to the number of proxies in front.
PROXY_COUNT = 0
