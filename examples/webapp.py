"""A stateless web process: session state lives in Redis with a TTL.

Run it with a WSGI server, configured from the environment:
    REDIS_URL=redis://app:$REDIS_PASSWORD@localhost:6379/0 PORT=8000 \\
        gunicorn --config gunicorn.conf.py webapp:app

    GET  /         the visit count of this session (reads only)
    POST /visits   counts a visit (retry it with the same Idempotency-Key)
    GET  /healthz  liveness: this process answers (never touches Redis)
    GET  /readyz   readiness: this process is not overloaded; Redis's
                   state is in the body, it does not decide readiness

One JSON line per request goes to stdout, and one per Redis incident
(when it starts and when it ends).

SESSION_STORE=memory switches to the in-memory store, the sticky-session
anti-pattern, for the demos.
"""

from __future__ import annotations

import json
import os
import random
import re
import secrets
import sys
import threading
import time
from contextlib import contextmanager
from http.cookies import SimpleCookie

import redis
from redis.backoff import ExponentialWithJitterBackoff, NoBackoff
from redis.retry import Retry

SESSION_COOKIE = "sid"
IDEMPOTENCY_KEY = re.compile(r"[!-~]{1,255}")  # visible ASCII: a UUID fits


# --8<-- [start:config]
# redis://app:PASSWORD@HOST:6379/0: the password is in the environment only.
REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
SESSION_TTL_SECONDS = int(os.environ.get("SESSION_TTL_SECONDS", "1800"))
# --8<-- [end:config]


# --8<-- [start:timeouts]
# Explicit timeouts: redis-py's defaults (5 s per attempt, 10 retries) let
# a frozen Redis hold a request for about a minute. A session lookup
# takes a millisecond; with these values a request that cannot reach
# Redis fails with 503 within about 1.5 s.
REDIS_CONNECT_TIMEOUT = float(os.environ.get("REDIS_CONNECT_TIMEOUT",
                                             "0.25"))
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.5"))
# One retry on a fresh connection after a short random pause: it rides
# over a dropped connection or a Redis back within a fraction of a second.
# Safe only because every command here may run twice: reads, and visits
# guarded by their idempotency key.
REDIS_RETRY = Retry(ExponentialWithJitterBackoff(base=0.05, cap=0.25),
                    int(os.environ.get("REDIS_RETRIES", "1")))
# --8<-- [end:timeouts]


# --8<-- [start:retry-after]
# What every 503 tells the client to wait. Not the same second for all:
# clients told "1" come back together the moment Redis recovers, and
# knock it over again. A random 1 to 3 s spreads them out.
RETRY_AFTER_SECONDS = (1, int(os.environ.get("RETRY_AFTER_MAX", "3")))


def retry_after() -> str:
    return str(random.randint(*RETRY_AFTER_SECONDS))
# --8<-- [end:retry-after]


# --8<-- [start:bulkhead]
# Liveness must not queue behind requests stuck on Redis. gunicorn's
# gthread worker hands requests to WEB_THREADS threads in arrival order:
# if all of them waited on a frozen Redis, /healthz would wait too, and
# the platform would restart healthy processes. So at most WEB_THREADS - 1
# requests wait on Redis at once; the next one gets 503 at once. One
# thread is always free, and /healthz never touches Redis.
WEB_THREADS = int(os.environ.get("WEB_THREADS", "4"))
if WEB_THREADS < 2:
    raise SystemExit("WEB_THREADS must be at least 2: "
                     "one thread stays free for /healthz")
REDIS_SLOTS = threading.BoundedSemaphore(WEB_THREADS - 1)


class StoreBusy(Exception):
    """Every thread allowed to wait on Redis is waiting."""


@contextmanager
def redis_slot():
    if not REDIS_SLOTS.acquire(blocking=False):
        OVERLOAD.record(turned_away=True)
        raise StoreBusy
    OVERLOAD.record(turned_away=False)
    try:
        yield
    finally:
        REDIS_SLOTS.release()
# --8<-- [end:bulkhead]


# --8<-- [start:overload]
class Overload:
    """Is this process overloaded, so that the load balancer should send
    its requests to other replicas? Not because the bulkhead is full for
    a moment: a burst does that, and readiness would flap. Overloaded when
    the bulkhead turned away more than half of the requests in each of the
    last 3 seconds (OVERLOAD_SECONDS); ready again when it turned away at
    most a tenth over those seconds. In between, the answer stays as it
    was (hysteresis).
    Only while Redis answers: requests turned away because Redis hangs
    say nothing about this process (see RedisIncidents)."""

    SECONDS = int(os.environ.get("OVERLOAD_SECONDS", "3"))
    ENTER, LEAVE = 0.5, 0.1

    def __init__(self):
        # second -> [requests served, requests turned away]
        self.seconds: dict[int, list[int]] = {}
        self.overloaded = False
        self.lock = threading.Lock()

    def record(self, turned_away: bool) -> None:
        if INCIDENTS.state != "ok":
            return
        now = int(time.monotonic())
        with self.lock:
            self.seconds.setdefault(now, [0, 0])[turned_away] += 1
            for second in [s for s in self.seconds if s < now - 10]:
                del self.seconds[second]

    def reset(self) -> None:
        with self.lock:
            self.seconds.clear()

    def check(self) -> bool:
        now = int(time.monotonic())
        with self.lock:
            last = [self.seconds.get(s, [0, 0])  # whole seconds only
                    for s in range(now - self.SECONDS, now)]
            if all(away > self.ENTER * (served + away)
                   for served, away in last):
                self.overloaded = True
            elif (sum(away for _, away in last)
                  <= self.LEAVE * sum(s + a for s, a in last)):
                self.overloaded = False
            return self.overloaded


OVERLOAD = Overload()
# --8<-- [end:overload]


# --8<-- [start:logs]
LOG_LOCK = threading.Lock()


def log(**fields) -> None:
    """One JSON object per line on stdout, where the platform collects it."""
    line = json.dumps(fields) + "\n"
    with LOG_LOCK:
        sys.stdout.write(line)
        sys.stdout.flush()


def access_log(app):
    """One line per request: method, path, status, latency."""
    def logged(environ, start_response):
        started, status = time.perf_counter(), []

        def record_status(line, headers, exc_info=None):
            status.append(int(line[:3]))
            return start_response(line, headers, exc_info)
        try:
            return app(environ, record_status)
        finally:
            log(method=environ["REQUEST_METHOD"], path=environ["PATH_INFO"],
                status=status[0] if status else 500,
                ms=round((time.perf_counter() - started) * 1000, 1))
    return logged


class RedisIncidents:
    """Redis's state as the requests see it: "ok", "unavailable" or
    "refusing writes" (maxmemory reached). A change is logged once, when
    an incident starts and when it ends, not once per failed request:
    700 identical lines in a minute bury the one that matters."""

    def __init__(self):
        self.state, self.since = "ok", time.monotonic()
        self.lock = threading.Lock()

    def failed(self, error: redis.RedisError) -> None:
        state = ("refusing writes"
                 if isinstance(error, redis.OutOfMemoryError)
                 else "unavailable")
        self._change(state, error=f"{type(error).__name__}: {error}")

    def succeeded(self, wrote: bool) -> None:
        # A read says nothing about writes: only a write ends
        # "refusing writes".
        if self.state == "unavailable" or (wrote and self.state != "ok"):
            self._change("ok")

    def _change(self, state: str, **fields) -> None:
        with self.lock:
            if state == self.state:
                return
            before, lasted = self.state, time.monotonic() - self.since
            self.state, self.since = state, time.monotonic()
        OVERLOAD.reset()
        if state == "ok":
            log(event="redis recovered", was=before, seconds=round(lasted, 1))
        else:
            log(event=f"redis {state}", **fields)


INCIDENTS = RedisIncidents()
# --8<-- [end:logs]


# --8<-- [start:idempotency-ttl]
# How long the answer to a visit is kept for a retry with the same
# Idempotency-Key. Each record takes 150 to 290 bytes of Redis memory; at
# 1,000 visits/s, 30 minutes would keep 1.8 million of them, up to 520 MB,
# more than the whole maxmemory. 5 minutes keeps at most 300,000, under
# 90 MB (45 MB at 500 visits/s), and still covers every retry a client
# makes after a cut connection or a 503: seconds, not minutes.
IDEMPOTENCY_TTL_SECONDS = int(os.environ.get("IDEMPOTENCY_TTL_SECONDS",
                                             "300"))
# --8<-- [end:idempotency-ttl]


# --8<-- [start:redis-store]
# One atomic step in Redis: if this idempotency key was seen, return the
# answer recorded for it; else count the visit, renew the TTL and record
# the answer. Redis runs a script alone, so concurrent visits never
# overwrite each other, and a retried visit is never counted twice.
ADD_VISIT = """
local recorded = redis.call('GET', KEYS[2])
if recorded then return {tonumber(recorded), 1} end
if ARGV[2] == 'existing' and redis.call('EXISTS', KEYS[1]) == 0 then
  return false
end
local visits = redis.call('HINCRBY', KEYS[1], 'visits', 1)
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], visits, 'EX', ARGV[3])
return {visits, 0}
"""


class RedisSessionStore:
    """Session state in Redis: any process can serve any request,
    and a restart of this process loses nothing."""

    def __init__(self, url: str, ttl_seconds: int):
        self.redis = redis.Redis.from_url(
            url, decode_responses=True, retry=REDIS_RETRY,
            socket_connect_timeout=REDIS_CONNECT_TIMEOUT,
            socket_timeout=REDIS_TIMEOUT)
        # Probes get one try: 0.75 s at most with the defaults, less than
        # the usual 1 s a platform gives a probe.
        self.probe = redis.Redis.from_url(
            url, retry=Retry(NoBackoff(), 0),
            socket_connect_timeout=REDIS_CONNECT_TIMEOUT,
            socket_timeout=REDIS_TIMEOUT)
        self.add_visit_script = self.redis.register_script(ADD_VISIT)
        self.ttl = ttl_seconds

    @contextmanager
    def call(self, wrote: bool):
        """A slot in the bulkhead, and the outcome told to INCIDENTS."""
        with redis_slot():
            try:
                yield
            except redis.RedisError as error:
                INCIDENTS.failed(error)
                raise
        INCIDENTS.succeeded(wrote)

    def visits(self, session_id: str) -> int | None:
        with self.call(wrote=False):
            visits = self.redis.hget(f"session:{session_id}", "visits")
        return None if visits is None else int(visits)

    def add_visit(self, session_id: str, idempotency_key: str,
                  new: bool) -> tuple[int, bool] | None:
        """(visits, replayed); None if the session does not exist."""
        key = f"session:{session_id}"
        with self.call(wrote=True):
            answer = self.add_visit_script(
                keys=[key, f"{key}:visit:{idempotency_key}"],
                args=[self.ttl, "new" if new else "existing",
                      IDEMPOTENCY_TTL_SECONDS])
        return None if answer is None else (answer[0], answer[1] == 1)

    def probe_write(self) -> None:
        """A small write with a TTL, not a PING: it also fails when Redis
        is up but refuses writes at maxmemory."""
        with self.call(wrote=True):
            self.probe.set(f"probe:{os.getpid()}", 1, ex=60)
# --8<-- [end:redis-store]


# --8<-- [start:memory-store]
class MemorySessionStore:
    """Anti-pattern: session state in this process's memory
    ("sticky sessions"). Another process never sees it, and a
    restart wipes it out."""

    def __init__(self):
        self.sessions: dict[str, dict] = {}
        self.lock = threading.Lock()  # requests run on several threads

    def visits(self, session_id: str) -> int | None:
        with self.lock:
            session = self.sessions.get(session_id)
            return None if session is None else session["visits"]

    def add_visit(self, session_id: str, idempotency_key: str,
                  new: bool) -> tuple[int, bool] | None:
        with self.lock:
            if session_id not in self.sessions:
                if not new:
                    return None
                self.sessions[session_id] = {"visits": 0, "answers": {}}
            session = self.sessions[session_id]
            if idempotency_key in session["answers"]:
                return session["answers"][idempotency_key], True
            session["visits"] += 1
            session["answers"][idempotency_key] = session["visits"]
            return session["visits"], False

    def probe_write(self) -> None:
        pass  # no backing service to wait for
# --8<-- [end:memory-store]


# --8<-- [start:cookie]
# Secure: the browser sends the cookie over HTTPS only, never in clear
# text. On unless SESSION_COOKIE_SECURE=0: browsers also count
# http://localhost as secure, so only a plain-HTTP test on another host
# needs it off. An explicit setting, not a guess from X-Forwarded-Proto,
# which anyone who reaches the process directly can forge.
SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "1") != "0"


def session_cookie(session_id: str) -> str:
    # An unguessable ID, in a cookie scripts cannot read (HttpOnly)
    # and browsers do not send with cross-site requests (SameSite).
    secure = "; Secure" if SESSION_COOKIE_SECURE else ""
    return (f"{SESSION_COOKIE}={session_id}; Path=/; HttpOnly; "
            f"SameSite=Lax; Max-Age={SESSION_TTL_SECONDS}{secure}")
# --8<-- [end:cookie]


def respond(start_response, status: str, body: dict,
            headers: list | None = None) -> list[bytes]:
    payload = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"),
                            ("Content-Length", str(len(payload))),
                            *(headers or [])])
    return [payload]


# --8<-- [start:unavailable]
def unavailable(start_response, error: str) -> list[bytes]:
    """Every 503 says when to try again. It does not say that nothing
    happened: Redis may have counted a visit whose answer timed out.
    Only a retry with the same Idempotency-Key is sure to count once."""
    return respond(start_response, "503 Service Unavailable",
                   {"error": error},
                   [("Retry-After", retry_after())])
# --8<-- [end:unavailable]


def create_app(store):
    # --8<-- [start:handler]
    def app(environ, start_response):
        method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
        if path == "/healthz":
            return health_check(start_response)
        if path == "/readyz":
            return readiness_check(store, start_response)
        allowed = {"/": "GET", "/visits": "POST"}.get(path)
        if allowed is None:
            return respond(start_response, "404 Not Found",
                           {"error": "not found"})
        if method != allowed:
            return respond(start_response, "405 Method Not Allowed",
                           {"error": f"use {allowed}"},
                           [("Allow", allowed)])
        cookie = SimpleCookie(environ.get("HTTP_COOKIE", ""))
        session_id = (cookie[SESSION_COOKIE].value
                      if SESSION_COOKIE in cookie else None)
        try:
            if method == "GET":
                return show_visits(store, session_id, start_response)
            key = environ.get("HTTP_IDEMPOTENCY_KEY")
            return add_visit(store, session_id, key, start_response)
        except redis.OutOfMemoryError:
            return unavailable(start_response, "session store full: "
                                               "writes refused, reads work")
        except (redis.RedisError, StoreBusy):
            return unavailable(start_response, "session store unavailable")
    # --8<-- [end:handler]

    return app


# --8<-- [start:visits]
def show_visits(store, session_id, start_response):
    """GET / only reads; not even the TTL changes. A browser, a proxy or
    a crawler may send it, and retry it, any number of times."""
    visits = store.visits(session_id) if session_id else None
    return respond(start_response, "200 OK",
                   {"visits": visits or 0, "pid": os.getpid()})


def add_visit(store, session_id, key, start_response):
    """POST /visits changes state. With an Idempotency-Key it is safe to
    retry: the answer is recorded with the visit, in one atomic step,
    and replayed for the same key. Without a key the server makes one
    up, so its own retries to Redis stay safe, but a client's do not."""
    key = key or secrets.token_urlsafe(16)
    if not IDEMPOTENCY_KEY.fullmatch(key):
        return respond(start_response, "400 Bad Request",
                       {"error": "Idempotency-Key: 1 to 255 visible "
                                 "ASCII characters"})
    answer = (store.add_visit(session_id, key, new=False)
              if session_id else None)
    headers = []
    if answer is None:  # no session, or an expired one: a new ID
        session_id = secrets.token_urlsafe(32)
        answer = store.add_visit(session_id, key, new=True)
        headers.append(("Set-Cookie", session_cookie(session_id)))
    visits, replayed = answer
    if replayed:
        headers.append(("Idempotent-Replayed", "true"))
    return respond(start_response, "200 OK",
                   {"visits": visits, "pid": os.getpid()}, headers)
# --8<-- [end:visits]


# --8<-- [start:health]
def health_check(start_response):
    """Liveness: this process can answer. It deliberately does not
    touch Redis or any other backing service: an outage there must not
    make the platform restart healthy processes."""
    return respond(start_response, "200 OK",
                   {"status": "ok", "pid": os.getpid()})
# --8<-- [end:health]


# --8<-- [start:readiness]
def readiness_check(store, start_response):
    """Readiness: should the load balancer send this process requests?
    Not when it is overloaded: other replicas may have room. But Redis
    does not decide it: every replica shares Redis, so a Redis outage
    would make them all unready at once, and the load balancer, with no
    replica left, would answer clients itself, without the app's
    Retry-After. Redis's state goes in the body instead, for dashboards
    and alerts: "ok", "unavailable" or "refusing writes". A draining
    process needs no flag: gunicorn closes its listening socket on
    SIGTERM, so the probe cannot even connect."""
    try:
        store.probe_write()  # refreshes INCIDENTS.state
    except (redis.RedisError, StoreBusy):
        pass  # the state tells; a full bulkhead keeps the last one seen
    body = {"redis": INCIDENTS.state, "pid": os.getpid()}
    if OVERLOAD.check():
        return respond(start_response, "503 Service Unavailable",
                       {"status": "overloaded", **body},
                       [("Retry-After", retry_after())])
    return respond(start_response, "200 OK", {"status": "ready", **body})
# --8<-- [end:readiness]


if os.environ.get("SESSION_STORE") == "memory":
    app = access_log(create_app(MemorySessionStore()))
else:
    app = access_log(create_app(RedisSessionStore(REDIS_URL,
                                                  SESSION_TTL_SECONDS)))
