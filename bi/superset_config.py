"""Superset configuration for `newswire bi` (loaded through SUPERSET_CONFIG_PATH).

Everything Superset keeps lives in one git-ignored folder, `$NEWSWIRE_SUPERSET_HOME` (default
`.superset_home/` in the checkout): the SQLite metadata database and the secret key, which
`bi/superset_setup.py` generates on first setup. The warehouse itself is only ever read, through
the serving copy, by a database connection that opens DuckDB read-only.
"""

from __future__ import annotations

import os
from pathlib import Path

_HOME = Path(
    os.environ.get("NEWSWIRE_SUPERSET_HOME") or Path(__file__).resolve().parents[1] / ".superset_home"
)
_SECRET_FILE = _HOME / "secret_key"
if not _SECRET_FILE.exists():
    raise RuntimeError(f"{_SECRET_FILE} is missing: run `newswire bi --setup-only` first")

SECRET_KEY = _SECRET_FILE.read_text(encoding="utf-8").strip()
SQLALCHEMY_DATABASE_URI = f"sqlite:///{_HOME / 'superset.db'}"
DATA_DIR = str(_HOME)

# Local use only: the server is started on 127.0.0.1 by `newswire bi`.
SUPERSET_WEBSERVER_ADDRESS = "127.0.0.1"
SUPERSET_WEBSERVER_PORT = int(os.environ.get("NEWSWIRE_SUPERSET_PORT", "8088"))
ENABLE_PROXY_FIX = False

# Nothing phones home. The frontend always renders a tracking pixel (scarf.sh) and may load map
# tiles and web fonts from CDNs; this Content-Security-Policy allows the browser to load images,
# scripts, styles, fonts and XHRs from this server only, so those requests are refused.
TALISMAN_ENABLED = True
TALISMAN_CONFIG = {
    "content_security_policy": {
        "base-uri": ["'self'"],
        "default-src": ["'self'"],
        "img-src": ["'self'", "blob:", "data:"],
        "worker-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "object-src": "'none'",
        "style-src": ["'self'", "'unsafe-inline'"],
        "font-src": ["'self'", "data:"],
        "script-src": ["'self'", "'strict-dynamic'"],
    },
    "content_security_policy_nonce_in": ["script-src"],
    "force_https": False,
    "session_cookie_secure": False,
}
THEME_FONT_URL_ALLOWED_DOMAINS: list[str] = []
MAPBOX_API_KEY = ""
SLACK_API_TOKEN = None
ALERT_REPORTS_NOTIFICATION_DRY_RUN = True
FEATURE_FLAGS = {
    "ALERT_REPORTS": False,
    "THUMBNAILS": False,
    "ENABLE_TEMPLATE_PROCESSING": False,
}

# One process, no Celery or Redis: in-memory rate-limit storage, queries run synchronously.
RATELIMIT_STORAGE_URI = "memory://"
SQLLAB_ASYNC_TIME_LIMIT_SEC = 60
# Superset refuses SQLite files as analytics databases by default; DuckDB files are allowed, and
# the newswire database is registered with allow_dml off and connect_args read_only.
PREVENT_UNSAFE_DB_CONNECTIONS = True
