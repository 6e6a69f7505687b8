"""Defaults only: safe for production; development and tests loosen them explicitly."""

from datetime import timedelta

# Production is the default so a forgotten setting fails safe, not open.
ENVIRONMENT = "production"
SECRET_KEY = None
SQLALCHEMY_DATABASE_URI = None  # set from DATABASE_URL, else an SQLite file in the instance folder
# No ping on every checkout (a round trip on every request): extensions.py pings only a
# connection that sat idle; pool_recycle replaces connections older than half an hour, so
# none outlives a proxy's or firewall's idle cut-off.
SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": False, "pool_recycle": 1800}
UPLOAD_FOLDER = None  # defaults to <instance>/uploads, never under static/
# Where uploads are kept: "local" (UPLOAD_FOLDER) or "s3", any S3-compatible object store
# (PARTICIPATION_S3_BUCKET; PARTICIPATION_S3_ENDPOINT_URL for MinIO and the like, empty for
# AWS). Credentials and region come from the standard AWS_* environment variables. Files are
# only ever served through the app's permission checks: the bucket must stay private.
STORAGE = "local"
S3_BUCKET = None
S3_ENDPOINT_URL = None
# Recorded read-aloud prompts, <lang>/<prompt-id>.mp3 (`flask prompts missing`); None means
# participation/static/audio.
AUDIO_PROMPTS_DIR = None

# Uploads: the request cap sits just above the per-file cap so an oversize file gets our
# own plain-language message rather than a bare 413.
MAX_CONTENT_LENGTH = 12 * 1024 * 1024
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
UPLOAD_MAX_PIXELS = 4096 * 4096
UPLOAD_MAX_SIDE = 8192
# The journal and drawing forms read a request up to this size, so a photo too big to keep is
# refused in words beside the form with everything else the person wrote kept.
PHOTO_FORM_MAX_CONTENT_LENGTH = 64 * 1024 * 1024

# Child sign-in codes: short-lived and single-person.
CODE_TTL = timedelta(minutes=30)
# A child's session lasts a whole visit; work is autosaved so expiry never loses words.
CHILD_SESSION_TTL = timedelta(hours=12)
# Staff are signed out after this long without a request (shared and lost devices).
STAFF_IDLE_TIMEOUT = timedelta(minutes=30)
# Staff sessions end after 12 hours however busy; network members stay signed in on their
# own phone for 90 days (the cookie lifetime) unless the worker removes them.
STAFF_MAX_SESSION = timedelta(hours=12)
# How often a staff session's "last seen" is written back to the session store (each write
# is a session store write; the idle limit may end a session up to this much early).
STAFF_SEEN_EVERY = timedelta(minutes=1)
PERMANENT_SESSION_LIFETIME = timedelta(days=90)
MEMBER_SESSION_TTL = timedelta(days=90)
INVITE_TTL = timedelta(days=7)
# The council's Signs of Safety terms: "safety", "wellbeing" or "success".
DEFAULT_TERMINOLOGY = "safety"
# A family's safety plan is reviewed at least this often (days after it was last agreed);
# the worker sees plans due within 7 days, and those overdue.
PLAN_REVIEW_INTERVAL_DAYS = 30
# Pathway plans are reviewed at least every 6 months; advisers see those due within 28 days.
PATHWAY_REVIEW_INTERVAL = timedelta(days=182)
# Care leavers' milestones, as (years, months) of age worked out from the date of birth
# (councils differ, so each is a setting): a personal adviser allocated before 16, the
# pathway assessment from 15 years 5 months, the plan signed by 16 years 3 months, reviews
# every REVIEW_MONTHS months, and support until 25. WARN_DAYS: how soon before a date it
# shows as due on the adviser's list.
PATHWAY_MILESTONES = {
    "adviser_allocated": (16, 0),
    "assessment_from": (15, 5),
    "plan_signed": (16, 3),
    "support_until": (25, 0),
    "REVIEW_MONTHS": 6,
    "WARN_DAYS": 28,
}
# "I've moved" sets the next review this many days after the move date.
PATHWAY_REVIEW_AFTER_MOVE_DAYS = 28
# How long a review contributor's link works (the young person sends it themselves).
PATHWAY_CONTRIBUTOR_TTL = timedelta(days=28)
# Who carries texts and emails (urgent alerts, one-time codes): "log" writes them to the log
# and /dev/messages (development; production refuses to start with it), "notify" sends
# through GOV.UK Notify, or a dotted path to a participation.notifications.Provider subclass.
NOTIFICATION_PROVIDER = "log"
# GOV.UK Notify: the service's API key ("name-<service id>-<secret>"; keep it secret).
NOTIFY_API_KEY = None
# Only to point at a stand-in (tests/fakes/notify.py); unset means the real Notify API.
NOTIFY_BASE_URL = None
# Seconds to wait for Notify before giving up on one try (the job queue tries again).
NOTIFY_TIMEOUT = 10
# Ids of the two Notify templates that carry our wording (see notifications/notify_provider.py):
# a text message "((body))", and an email with subject "((subject))" and message "((body))".
NOTIFY_SMS_TEMPLATE_ID = None
NOTIFY_EMAIL_TEMPLATE_ID = None
# Bank holidays in England and Wales: not working days when counting recording deadlines.
BANK_HOLIDAYS = [
    "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31",
    "2026-12-25", "2026-12-28", "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03",
    "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28",
]  # fmt: skip
# A child's meetings (participation/meetings): how many working days (Monday to Friday, not the
# BANK_HOLIDAYS above) before each kind of meeting the child's views are due, so the chair
# reads them before it. JSON in the environment: PARTICIPATION_MEETING_VIEWS_DUE_WORKING_DAYS.
MEETING_VIEWS_DUE_WORKING_DAYS = {
    "initial_cp_conference": 2, "review_cp_conference": 3, "looked_after_review": 3,
    "child_in_need_review": 3, "family_network_meeting": 2, "pathway_review": 5,
}  # fmt: skip
# Urgent alerts (participation/alerts). Each is sent at once by SMS and email to the allocated
# worker; if nobody says "I'm dealing with this" within ALERT_ESCALATE_AFTER, the team
# manager(s) are told, then the duty contact below. In the environment: seconds
# (PARTICIPATION_ALERT_ESCALATE_AFTER=900); contacts as JSON.
ALERT_ESCALATE_AFTER = timedelta(minutes=15)
# The events that send alerts; leave one out and it still shows in the worker's queue.
ALERT_EVENTS = ["child_worry", "member_worry", "plan_did_not_work", "young_person_help"]
# Working hours, Monday to Friday in local time (Europe/London), bank holidays excepted.
# Outside them the out-of-hours contact is told at once, alongside the worker.
WORKING_HOURS = ("09:00", "17:00")
ALERT_TIMEZONE = "Europe/London"
# The council's duty desk in working hours, and the emergency duty team out of hours:
# {"name": "Northside duty desk", "mobile": "07700900000", "email": "duty@example.gov.uk"}
# (either of mobile or email may be left out), or None. Duty contacts are not staff accounts.
DUTY_CONTACT = None
OUT_OF_HOURS_CONTACT = None
# A young person's "I need help now" page (participation/pathway/help.py): 999 always; the
# emergency duty team's public phone number (for people to call, unlike OUT_OF_HOURS_CONTACT,
# where alerts are sent), shown when set; and crisis and mental health lines. None shows the
# national ones (Samaritans 116 123, Shout: text SHOUT to 85258, NHS 111 option 2); a council
# may list its own instead: [{"name": "...", "call": "0800 ...", "text": "", "when": "..."}]
# ("call" and/or "text", a number to text, with "text_word" the word to send).
EMERGENCY_DUTY_PHONE = None
HELP_NUMBERS = None
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
# Sessions are kept server-side (Flask-Session): the cookie holds only a random id. Redis
# when SESSION_REDIS_URL (or REDIS_URL) is set, else files in SESSION_DIR (<instance>/sessions).
SESSION_REDIS_URL = None
SESSION_DIR = None
SESSION_KEY_PREFIX = "session:"
# A browser-session cookie unless a sign-in asks for a lasting one (members, young people);
# an empty session is neither stored nor sent as a cookie.
SESSION_PERMANENT = False
# Storage lifetime of a session nobody is signed in on (a language choice, a CSRF token), and
# of a browser-session one (staff, a child's tablet). Only a member's or young person's
# sign-in is stored for the whole PERMANENT_SESSION_LIFETIME, so passers-by can't crowd them
# out of the store (participation/identity/storage.py).
ANONYMOUS_SESSION_STORAGE = timedelta(hours=2)
BROWSER_SESSION_STORAGE = timedelta(hours=12)
# `flask sessions sweep` deletes signed_in_session rows that ended or expired this long ago.
ENDED_SESSION_ROWS_KEPT = timedelta(days=30)
# Flask's default (True) writes every session back on every response, /static included: a
# stale concurrent write could bring back something meant to be shown once. Sessions are
# written when changed; a member's lasting cookie is set at sign-in.
SESSION_REFRESH_EACH_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = True
REMEMBER_COOKIE_DURATION = timedelta(seconds=0)

# Rows on one page of a long staff list (a family's journal, an access log, the overdue view,
# the timeline): a page costs the same however big the council is.
LIST_PAGE_SIZE = 50
# The review queue's rows per page (at most LIST_PAGE_SIZE): each row shows a thumbnail, the
# first words, the language and the record deadline, so 25 fill a laptop screen twice and a
# phone's many times, and a page costs half what 50 did (issue #14's budget).
QUEUE_PAGE_SIZE = 25

WTF_CSRF_TIME_LIMIT = None  # tied to the session instead: a child drawing slowly must not lose work

RATELIMIT_STORAGE_URI = "memory://"
RATELIMIT_HEADERS_ENABLED = True
SIGN_IN_LIMIT = "10 per minute;50 per hour"
CODE_LIMIT = "10 per minute;60 per hour"
# Wrong guesses at one kind of code (children's codes, invitations, one-time codes) from
# all addresses together. Past it nobody is refused outright: each address (IPv6 /64) is held
# to CODE_GUESS_TIGHT_LIMIT wrong guesses, so many addresses can't add up to many guesses but
# a child trying a good code from a new address still gets in.
CODE_GUESS_LIMIT = "30 per minute;300 per hour"
CODE_GUESS_TIGHT_LIMIT = "3 per minute;10 per hour"
# Production refuses to start with per-process (memory://) rate limits unless this is set:
# with several servers or workers each would count alone. Set REDIS_URL instead.
ALLOW_PER_PROCESS_LIMITS = False

# The council's name and logo in every header (a file under static/, or a URL path there).
# Unset, the header says "Your council" beside a neutral logo.
COUNCIL_NAME = None
COUNCIL_LOGO = "img/council-logo.svg"

# Interface languages, each with a complete catalogue (a test fails if one has a gap): the
# languages families in our councils most often speak. Right-to-left: ar, ur, ps.
LANGUAGES = [
    "en", "cy", "pl", "ro", "ar", "ur", "bn", "pa", "so", "uk", "pt", "tr", "ps", "ti",
]  # fmt: skip
BABEL_DEFAULT_LOCALE = "en"
BABEL_DEFAULT_TIMEZONE = "Europe/London"

# The address people use, e.g. https://participation.example.gov.uk: every absolute link the
# app hands out (invitations, QR codes, exports, the API) is built on it, never on the
# request's Host header. Required in production; elsewhere http://127.0.0.1:5000.
BASE_URL = None
# Behind a load balancer set PARTICIPATION_PROXY_COUNT to the number of proxies in front.
PROXY_COUNT = 0

# Staff single sign-on with the council's identity provider over OpenID Connect
# (participation/auth/sso.py), off unless OIDC_ISSUER and OIDC_CLIENT_ID are set. Microsoft
# Entra ID: OIDC_ISSUER=https://login.microsoftonline.com/<tenant id>/v2.0. OIDC_DISCOVERY_URL
# only when the provider's metadata is not at <issuer>/.well-known/openid-configuration.
# The app's redirect address to register with the provider: <BASE_URL>/staff/sso/callback.
OIDC_ISSUER = None
OIDC_DISCOVERY_URL = None
OIDC_CLIENT_ID = None
OIDC_CLIENT_SECRET = None
OIDC_SCOPES = "openid email profile"
# Shown on the button, "Sign in with <name>", e.g. "Northside Council".
OIDC_PROVIDER_NAME = "your council"
# The claim holding the staff member's email, matched to an existing, active account.
OIDC_EMAIL_CLAIM = "email"
# Roles from the provider: the claim listing them (Entra app roles: "roles"; groups: "groups",
# whose values are group object ids) and each value's role here, first match in this order,
# e.g. {"Participation.Manager": "team_manager", "Participation.Worker": "social_worker"}
# (JSON in the environment). A staff member with no mapped value keeps the role the admin set.
OIDC_ROLE_CLAIM = "roles"
OIDC_ROLE_MAP: dict[str, str] = {}
# With single sign-on on, password sign-in is off unless this is True (a break-glass admin):
# a leaver switched off at the council can't come back in with an old password.
OIDC_PASSWORD_SIGN_IN = False
# Seconds to wait for the provider (metadata, keys, token) before saying it isn't answering.
OIDC_TIMEOUT = 10
