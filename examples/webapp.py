"""A stateless web process: session state lives in Redis with a TTL.

Run it with a WSGI server, configured from the environment:
    REDIS_URL=redis://localhost:6379/0 PORT=8000 \\
        gunicorn --config gunicorn.conf.py webapp:app
SESSION_STORE=memory switches to the in-memory store, the sticky-session
anti-pattern, for the demos.
"""

from __future__ import annotations

import json
import os
import secrets
from http.cookies import SimpleCookie

import redis

SESSION_COOKIE = "sid"


# --8<-- [start:config]
REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
SESSION_TTL_SECONDS = int(os.environ.get("SESSION_TTL_SECONDS", "1800"))
# --8<-- [end:config]


# --8<-- [start:redis-store]
class RedisSessionStore:
    """Session state in Redis: any process can serve any request,
    and a restart loses nothing."""

    def __init__(self, url: str, ttl_seconds: int):
        self.redis = redis.Redis.from_url(url, decode_responses=True)
        self.ttl = ttl_seconds

    def load(self, session_id: str) -> dict | None:
        data = self.redis.get(f"session:{session_id}")
        return json.loads(data) if data else None

    def save(self, session_id: str, session: dict) -> None:
        # The TTL is renewed on every write: idle sessions expire.
        self.redis.set(f"session:{session_id}", json.dumps(session),
                       ex=self.ttl)
# --8<-- [end:redis-store]


# --8<-- [start:memory-store]
class MemorySessionStore:
    """Anti-pattern: session state in this process's memory
    ("sticky sessions"). Another process never sees it, and a
    restart wipes it out."""

    def __init__(self):
        self.sessions: dict[str, dict] = {}

    def load(self, session_id: str) -> dict | None:
        return self.sessions.get(session_id)

    def save(self, session_id: str, session: dict) -> None:
        self.sessions[session_id] = session
# --8<-- [end:memory-store]


def session_cookie(session_id: str) -> str:
    # --8<-- [start:cookie]
    # An unguessable ID, in a cookie scripts cannot read (HttpOnly)
    # and browsers do not send with cross-site requests (SameSite).
    return (f"{SESSION_COOKIE}={session_id}; Path=/; HttpOnly; "
            f"SameSite=Lax; Max-Age={SESSION_TTL_SECONDS}")
    # --8<-- [end:cookie]


def respond(start_response, status: str, body: dict,
            headers: list | None = None) -> list[bytes]:
    payload = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"),
                            ("Content-Length", str(len(payload))),
                            *(headers or [])])
    return [payload]


def create_app(store):
    # --8<-- [start:handler]
    def app(environ, start_response):
        if environ["PATH_INFO"] == "/healthz":
            return health_check(start_response)
        cookie = SimpleCookie(environ.get("HTTP_COOKIE", ""))
        session_id = (cookie[SESSION_COOKIE].value
                      if SESSION_COOKIE in cookie else None)
        try:
            session = store.load(session_id) if session_id else None
            headers = []
            if session is None:
                session_id = secrets.token_urlsafe(32)
                session = {"visits": 0}
                headers.append(("Set-Cookie", session_cookie(session_id)))
            session["visits"] += 1
            store.save(session_id, session)
        except redis.RedisError:
            return respond(start_response, "503 Service Unavailable",
                           {"error": "session store unavailable"})
        return respond(start_response, "200 OK",
                       {"visits": session["visits"], "pid": os.getpid()},
                       headers)
    # --8<-- [end:handler]

    return app


# --8<-- [start:health]
def health_check(start_response):
    """Liveness: this process can answer. It deliberately does not
    touch Redis or any other backing service: an outage there must not
    make the platform restart healthy processes."""
    return respond(start_response, "200 OK",
                   {"status": "ok", "pid": os.getpid()})
# --8<-- [end:health]


if os.environ.get("SESSION_STORE") == "memory":
    app = create_app(MemorySessionStore())
else:
    app = create_app(RedisSessionStore(REDIS_URL, SESSION_TTL_SECONDS))
