"""The checks behind every snippet the pages show: each runs real processes against a real Redis.

A check returns (output, details): `output` is compared with the recorded file the pages include
(`Check.output`); `details` are counts worth printing that vary from run to run.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import redis

from processes_kb.process_group import (REDIS_PASSWORD, REDIS_USER, ProcessGroup, RedisServer, answers_http, child_pids,
                                        free_port, port_is_free, serve_directory, start_redis, wait_until)

EXAMPLES = "examples"
REDIS_CONF = f"{EXAMPLES}/redis.conf"  # the persistence the pages recommend; every Redis the checks start uses it


class CheckFailed(Exception):
    pass


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


@dataclass
class Check:
    name: str
    run: Callable[["CheckContext"], tuple[str, str]]
    covers: tuple[str, ...]  # snippet refs ("path:section" or "path") this check proves
    output: str | None = None  # recorded output file the pages include


@dataclass
class CheckContext:
    check: Check
    redis_url: str  # a Redis database of the check's own
    folder: Path  # a scratch folder of the check's own
    root: Path
    processes: ProcessGroup

    @classmethod
    def create(cls, check: Check, index: int, redis_url: str, scratch: Path, root: Path) -> "CheckContext":
        folder = scratch / check.name
        folder.mkdir(parents=True)
        return cls(check, f"{redis_url}/{index}", folder, root, ProcessGroup())

    def redis(self, url: str | None = None) -> redis.Redis:
        return redis.Redis.from_url(url or self.redis_url, decode_responses=True)

    def start_own_redis(self, port: int | None = None, options: tuple[str, ...] = (),
                        through_launcher: bool = False) -> RedisServer:
        """A Redis of this check's own (to freeze, kill or restart), started as the pages say: persisting as
        examples/redis.conf says, with the app's ACL user of examples/redis_server.py (through that very script
        with `through_launcher`)."""
        return start_redis(self.processes, self.folder / "redis", self.root / REDIS_CONF, port, options,
                           through_launcher)

    def start_web(self, store: str = "redis", port: int | None = None, redis_url: str | None = None,
                  env: dict | None = None, log: Path | None = None) -> "Web":
        """A gunicorn web process; on a free port unless `port` is given (a restart keeps its port). With `log`,
        its standard output (the app's JSON lines) goes to that file."""
        examples = self.root / EXAMPLES
        for attempt in range(1 if port else 3):  # another process may take a "free" port before gunicorn binds it
            chosen = port or free_port()
            settings = {"HOST": "127.0.0.1", "PORT": str(chosen), "REDIS_URL": redis_url or self.redis_url,
                        "SESSION_STORE": store, **(env or {})}
            output = {"stdout": log.open("ab")} if log else {}
            process = self.processes.start(
                [sys.executable, "-m", "gunicorn", "--config", str(examples / "gunicorn.conf.py"),
                 "--chdir", str(examples), "webapp:app"], env=settings, **output)
            if log:
                output["stdout"].close()  # the child has its own copy
            url = f"http://127.0.0.1:{chosen}/healthz"
            wait_until(lambda: answers_http(url) or process.poll() is not None, 20, f"web process on port {chosen}")
            if process.poll() is None:
                return Web(chosen, process, store, redis_url or self.redis_url, env or {})
        raise CheckFailed(f"gunicorn exited at start (status {process.returncode}) on port {chosen}")

    def start_webs(self, count: int, store: str, redis_url: str | None = None, env: dict | None = None) -> list["Web"]:
        """Several web processes, started side by side."""
        with ThreadPoolExecutor(max_workers=count) as pool:
            return list(pool.map(lambda _: self.start_web(store, redis_url=redis_url, env=env), range(count)))

    def restart(self, web: "Web", sig: int = signal.SIGTERM) -> "Web":
        self.processes.stop(web.process, sig)
        return self.start_web(web.store, web.port, web.redis_url, web.env)


@dataclass
class Web:
    port: int
    process: subprocess.Popen  # the gunicorn master
    store: str
    redis_url: str
    env: dict

    def workers(self) -> list[int]:
        """The PIDs of the master's worker processes (it starts a new one for each that dies)."""
        return child_pids(self.process.pid)

    def worker(self) -> int:
        """The PID of the master's one worker process."""
        workers = self.workers()
        expect(len(workers) == 1, f"web process on port {self.port} has workers {workers}, expected one")
        return workers[0]


@dataclass
class Response:
    status: int
    body: dict
    headers: http.client.HTTPMessage


class Browser:
    """A client that keeps the session cookie, like a browser, and sends each request where it is told."""

    def __init__(self):
        self.cookie: str | None = None
        self.last_set_cookie: str | None = None

    def request(self, method: str, port: int, path: str, headers: dict | None = None,
                timeout: float = 10) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            sent = {**({"Cookie": self.cookie} if self.cookie else {}), **(headers or {})}
            conn.request(method, path, headers=sent)
            response = conn.getresponse()
            answer = Response(response.status, _json_body(response.read()), response.headers)
            set_cookie = response.getheader("Set-Cookie")
            if set_cookie:
                self.last_set_cookie = set_cookie
                self.cookie = set_cookie.split(";", 1)[0]
            return answer
        finally:
            conn.close()

    def get(self, port: int, path: str = "/") -> tuple[int, dict]:
        response = self.request("GET", port, path)
        return response.status, response.body

    def post(self, port: int, path: str = "/visits", idempotency_key: str | None = None) -> tuple[int, dict]:
        response = self.request("POST", port, path, {"Idempotency-Key": idempotency_key} if idempotency_key else {})
        return response.status, response.body


def _json_body(raw: bytes) -> dict:
    """The app answers JSON; anything else (a server's own error page, a body cut short) is kept as text, so that the
    check fails on the status or the content it expected, with its own message."""
    try:
        body = json.loads(raw)
    except ValueError:
        return {"not_json": raw[:200].decode("utf-8", "replace")}
    return body if isinstance(body, dict) else {"not_json": raw[:200].decode("utf-8", "replace")}


RETRY_AFTER = ("1", "2", "3")  # webapp.py: a random wait of 1 to 3 s


def expect_retry_after(response: Response, what: str) -> None:
    expect(response.status == 503, f"{what} answered {response.status}, expected 503")
    expect(response.headers.get("Retry-After") in RETRY_AFTER,
           f"{what}: 503 with Retry-After: {response.headers.get('Retry-After')}, expected 1 to 3")


def expect_jitter(values: list[str], what: str) -> None:
    """Retry-After values from many 503s: all within 1 to 3 s, and not all the same (30 equal: 1 in 10^14)."""
    expect(len(values) >= 20 and set(values) <= set(RETRY_AFTER), f"{what}: Retry-After values {sorted(set(values))}")
    expect(len(set(values)) > 1, f"{what}: all {len(values)} 503s say Retry-After: {values[0]}: no jitter, the "
                                 f"clients come back at the same moment")


def log_lines(path: Path) -> list[dict]:
    """The JSON lines a web process wrote to its standard output (gunicorn's own messages go to stderr)."""
    lines = []
    for line in path.read_text(errors="replace").splitlines():
        try:
            lines.append(json.loads(line))
        except ValueError:
            raise CheckFailed(f"{path.name}: a line that is not JSON: {line[:120]!r}") from None
    return lines


# ---------------------------------------------------------------- checks


def stateless_sessions(ctx: CheckContext) -> tuple[str, str]:
    web = ctx.start_web("redis")
    browser = Browser()
    lines = []
    for _ in range(2):
        status, body = browser.post(web.port)
        expect(status == 200, f"POST /visits answered {status}")
        lines.append(f"POST /visits -> visits {body['visits']}")
    status, body = browser.get(web.port)
    expect(status == 200 and body["visits"] == 2, f"GET / answered {status} {body}, expected visits 2")
    lines.append(f"GET /        -> visits {body['visits']}")
    cookie = browser.last_set_cookie or ""
    attributes = [part.strip() for part in cookie.split(";")]
    expect("HttpOnly" in attributes and "SameSite=Lax" in attributes, f"cookie lacks HttpOnly/SameSite: {cookie}")
    expect("Secure" in attributes, f"cookie lacks Secure by default: {cookie}")
    session_id = browser.cookie.split("=", 1)[1]
    expect(len(session_id) >= 43, "session ID is shorter than 32 random bytes")
    ttl = ctx.redis().ttl(f"session:{session_id}")
    expect(0 < ttl <= 1800, f"session key has TTL {ttl}, expected 1..1800")
    lines.insert(0, f"Set-Cookie: {cookie}")
    lines.append(f"redis TTL session:{session_id} -> expires within 1800 s")
    return "\n".join(lines), ""


def http_semantics(ctx: CheckContext) -> tuple[str, str]:
    """GET only reads; POST changes state, exactly once per Idempotency-Key; concurrent POSTs lose no update."""
    # Two processes with threads enough for every client at once: no request is turned away (503) here. And the
    # cookie without Secure, as SESSION_COOKIE_SECURE=0 asks (stateless-sessions checks the default, with Secure).
    web = ctx.start_web("redis", env={"WEB_CONCURRENCY": "2", "WEB_THREADS": "24", "SESSION_COOKIE_SECURE": "0"})
    store = ctx.redis()
    browser = Browser()
    first = browser.request("GET", web.port, "/")
    expect(first.status == 200 and first.body["visits"] == 0, f"GET / of a new visitor: {first.status} {first.body}")
    expect(first.headers.get("Set-Cookie") is None and store.dbsize() == 0, "GET / created a session")
    status, body = browser.post(web.port)
    expect(status == 200 and body["visits"] == 1 and browser.cookie, f"first POST /visits: {status} {body}")
    expect("Secure" not in [part.strip() for part in (browser.last_set_cookie or "").split(";")],
           f"SESSION_COOKIE_SECURE=0 still sets Secure: {browser.last_set_cookie}")
    reads = [browser.get(web.port)[1]["visits"] for _ in range(2)]
    expect(reads == [1, 1], f"GET / changed the count: {reads}")
    key = str(uuid.uuid4())
    sent = browser.request("POST", web.port, "/visits", {"Idempotency-Key": key})
    again = browser.request("POST", web.port, "/visits", {"Idempotency-Key": key})
    expect(sent.body["visits"] == again.body["visits"] == 2, f"a retry with the same key counted twice: "
                                                            f"{sent.body} then {again.body}")
    expect(again.headers.get("Idempotent-Replayed") == "true", "the retry is not marked Idempotent-Replayed")
    wrong = browser.request("GET", web.port, "/visits")
    expect(wrong.status == 405 and wrong.headers.get("Allow") == "POST", f"GET /visits answered {wrong.status}")

    clients, each = 20, 10

    def client(_: int) -> list[int]:
        counts = []
        for _ in range(each):
            status, body = browser.post(web.port)
            expect(status == 200, f"concurrent POST /visits answered {status}")
            counts.append(body["visits"])
        return counts

    with ThreadPoolExecutor(max_workers=clients) as pool:
        seen = sorted(count for counts in pool.map(client, range(clients)) for count in counts)
    final = browser.get(web.port)[1]["visits"]
    expected = 2 + clients * each
    expect(final == expected and seen == list(range(3, expected + 1)),
           f"concurrent visits: count {final}, expected {expected}; {expected - final} update(s) lost")
    return (f"GET /                          -> visits {first.body['visits']}, no Set-Cookie, no key in Redis\n"
            f"POST /visits                   -> visits 1, Set-Cookie: {browser.cookie}\n"
            f"GET /, GET /                   -> visits {reads[0]}, visits {reads[1]}\n"
            f"POST /visits with a new key    -> visits {sent.body['visits']} (Idempotency-Key: {key})\n"
            f"the same POST again (a retry)  -> visits {again.body['visits']}, Idempotent-Replayed: true\n"
            f"GET /visits                    -> {wrong.status}, Allow: POST\n"
            f"{clients} clients x {each} POST /visits at once, 2 processes -> visits {final}: "
            f"{clients * each} of {clients * each} counted"), ""


def sticky_sessions(ctx: CheckContext) -> tuple[str, str]:
    """Two processes behind a round-robin client, then a restart: memory loses the session, Redis does not."""
    lines, seen = [], {}
    for store, title in (("memory", "sessions in process memory (sticky-session anti-pattern)"),
                         ("redis", "sessions in Redis")):
        web1, web2 = ctx.start_webs(2, store)
        browser = Browser()
        round_robin = [browser.post(web.port)[1]["visits"] for web in (web1, web2, web1, web2)]
        browser = Browser() if store == "memory" else browser
        before = [browser.post(web1.port)[1]["visits"] for _ in range(2)]
        web1 = ctx.restart(web1)
        after = browser.post(web1.port)[1]["visits"]
        seen[store] = (round_robin, before, after)
        lines += [f"{title}:",
                  f"  round robin web.1 web.2 web.1 web.2 -> visits {' '.join(map(str, round_robin))}",
                  f"  web.1 web.1, restart web.1, web.1   -> visits {' '.join(map(str, before))}, then {after}"]
        ctx.processes.stop_all()
    expect(seen["memory"] == ([1, 1, 1, 1], [1, 2], 1), f"memory store should lose the session: {seen['memory']}")
    expect(seen["redis"] == ([1, 2, 3, 4], [5, 6], 7), f"redis store lost the session: {seen['redis']}")
    return "\n".join(lines), ""


def procfile(ctx: CheckContext) -> tuple[str, str]:
    base_port = free_port()
    while not port_is_free(base_port + 1):  # honcho gives web.1 and web.2 two consecutive ports
        base_port = free_port()
    process = ctx.processes.start(
        [sys.executable, "-m", "honcho", "start", "-f", str(ctx.root / EXAMPLES / "Procfile"), "-d", str(ctx.root),
         "-p", str(base_port), "-c", "web=2,worker=2"],
        env={"REDIS_URL": ctx.redis_url, "PYTHONUNBUFFERED": "1", "HOST": "127.0.0.1",
             "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"})
    web_ports = [base_port, base_port + 1]  # honcho: PORT = base + 100 * type index + instance index
    for port in web_ports:
        wait_until(lambda: answers_http(f"http://127.0.0.1:{port}/healthz"), 30, f"Procfile web on port {port}")
    browser = Browser()
    visits = [browser.post(port)[1]["visits"] for port in web_ports * 2]
    expect(visits == [1, 2, 3, 4], f"web processes did not share the session through Redis: {visits}")
    queue = ctx.redis()
    jobs = [{"id": str(n), "text": "stateless processes share nothing " * n} for n in range(1, 9)]
    queue.rpush("jobs", *(json.dumps(job) for job in jobs))
    wait_until(lambda: all(queue.exists(f"result:{job['id']}") for job in jobs), 30, "job results")
    results = [json.loads(queue.get(f"result:{job['id']}")) for job in jobs]
    expect([r["words"] for r in results] == [4 * n for n in range(1, 9)], "wrong job results")
    workers = {r["worker_pid"] for r in results}
    expect(process.poll() is None, "honcho exited early")
    return ("honcho start -c web=2,worker=2\n"
            f"web.1, web.2 -> visits {' '.join(map(str, visits))} (one session, two processes)\n"
            f"8 jobs queued -> 8 results from the worker processes"), f"jobs spread over {len(workers)} worker(s)"


def health_check(ctx: CheckContext) -> tuple[str, str]:
    """Redis down, then started: liveness and readiness answer 200 throughout (Redis's state in the readiness
    body), requests follow Redis with 503 and a jittered Retry-After; the log has one line per request and one
    per incident."""
    redis_port = free_port()  # nothing listens there yet: the backing service is down
    log = ctx.folder / "web.log"
    web = ctx.start_web("redis", redis_url=f"redis://{REDIS_USER}:{REDIS_PASSWORD}@127.0.0.1:{redis_port}/0", log=log)
    browser = Browser()
    browser.cookie = f"sid={uuid.uuid4().hex}"  # a returning visitor: GET / has a session to read

    def probe_all() -> list[Response]:
        return [browser.request(method, web.port, path)
                for method, path in (("GET", "/healthz"), ("GET", "/readyz"), ("POST", "/visits"), ("GET", "/"))]

    down = probe_all()
    expect(down[0].status == 200, f"/healthz answered {down[0].status} while Redis was down")
    expect(down[1].status == 200 and down[1].body.get("redis") == "unavailable",
           f"/readyz while Redis was down answered {down[1].status} {down[1].body}, expected 200 with "
           f'"redis": "unavailable": a Redis outage must not make every replica unready')
    for response, what in zip(down[2:], ("POST /visits", "GET /")):
        expect_retry_after(response, f"{what} while Redis was down")
    more = [browser.request("POST", web.port, "/visits") for _ in range(30)]
    for response in more:
        expect_retry_after(response, "POST /visits while Redis was down")
    expect_jitter([r.headers["Retry-After"] for r in more], "POST /visits while Redis was down")
    ctx.start_own_redis(redis_port)
    wait_until(lambda: browser.request("GET", web.port, "/readyz").body.get("redis") == "ok", 20,
               "readiness reporting Redis ok after Redis started")
    up = probe_all()
    expect([r.status for r in up] == [200, 200, 200, 200], f"after Redis started: {[r.status for r in up]}")
    expect(up[1].body.get("redis") == "ok", f"/readyz after Redis started: {up[1].body}")
    wait_until(lambda: len(log_lines(log)) >= 8 + len(more), 5, "the access log lines")
    lines = log_lines(log)
    requests = [line for line in lines if "status" in line]
    incidents = [line["event"] for line in lines if "event" in line]
    sent = 1 + 8 + len(more)  # the readiness probe that started the wait, probe_all twice, the 30 POSTs
    expect(len(requests) >= sent and all({"method", "path", "status", "ms"} <= set(line) for line in requests),
           f"access log: {len(requests)} lines for at least {sent} requests")
    expect(sum(1 for line in requests if line["status"] == 503) == 2 + len(more),
           "access log: the 503s are not all there")
    expect(incidents == ["redis unavailable", "redis recovered"],
           f"Redis errors must be logged once per incident, not per request: {incidents}")
    failed_post = next(line for line in requests if line["path"] == "/visits" and line["status"] == 503)
    return (f"Redis down:\n"
            f"  GET /healthz -> {down[0].status}\n"
            f"  GET /readyz  -> {down[1].status}, {json.dumps({k: down[1].body[k] for k in ('status', 'redis')})}\n"
            f"  POST /visits -> {down[2].status}, Retry-After: 1 to 3 (random)\n"
            f"  GET /        -> {down[3].status}, Retry-After: 1 to 3 (random) (a visitor with a session cookie)\n"
            f"  {len(more)} more POST /visits -> 503, Retry-After values seen: "
            f"{', '.join(sorted(set(r.headers['Retry-After'] for r in more)))}\n"
            f"Redis started: GET /healthz -> {up[0].status}, GET /readyz -> {up[1].status} "
            f"{json.dumps({k: up[1].body[k] for k in ('status', 'redis')})}, POST /visits -> {up[2].status}, "
            f"GET / -> {up[3].status}\n"
            f"log: one line per request, e.g. {json.dumps(failed_post).replace(json.dumps(failed_post['ms']), '<latency>')}\n"
            f"log: {len(incidents)} incident lines for {2 + len(more)} requests that failed: "
            f"{' then '.join(repr(i) for i in incidents)}"), ""


def frozen_redis(ctx: CheckContext) -> tuple[str, str]:
    """Redis frozen (SIGSTOP): requests fail fast, one thread stays free for liveness, and readiness does not flap
    to 503 while the bulkhead is full: it reports Redis's state in its body."""
    own = ctx.start_own_redis()
    web = ctx.start_web("redis", redis_url=f"{own.url}/0")  # the default 4 threads
    browser = Browser()
    expect(browser.post(web.port)[0] == 200, "POST /visits failed before the freeze")
    requests, waiting_slots = 12, 3  # the default WEB_THREADS (4) less the thread kept free for /healthz

    def visit() -> tuple[Response, float]:
        started = time.monotonic()
        return browser.request("POST", web.port, "/visits", timeout=30), time.monotonic() - started

    os.kill(own.process.pid, signal.SIGSTOP)
    try:
        with ThreadPoolExecutor(max_workers=requests) as pool:
            posts, sent = [pool.submit(visit) for _ in range(requests)], time.monotonic()
            # Those turned away answer at once; the others are inside the handlers now, waiting on Redis.
            wait_until(lambda: sum(post.done() for post in posts) >= requests - waiting_slots
                       or time.monotonic() > sent + 0.5, 20, "POSTs turned away")
            probes, readiness = [], []
            for _ in range(5):
                started = time.monotonic()
                try:
                    probes.append((browser.request("GET", web.port, "/healthz", timeout=1).status,
                                   time.monotonic() - started))
                    readiness.append(browser.request("GET", web.port, "/readyz", timeout=1).status)
                except OSError:  # no answer within the 1 s a platform's probe gives
                    probes.append((None, time.monotonic() - started))
                time.sleep(0.02)
            waiting_at_probes = sum(not post.done() for post in posts)
            answers = [post.result() for post in posts]
            ready = browser.request("GET", web.port, "/readyz", timeout=5)
    finally:
        os.kill(own.process.pid, signal.SIGCONT)
    expect(all(status == 200 for status, _ in probes), "/healthz while Redis was frozen: " + ", ".join(
        f"{status or 'no answer'} after {seconds * 1000:.0f} ms" for status, seconds in probes))
    expect(waiting_at_probes > 0, "the probes did not overlap requests waiting on Redis")
    expect(readiness == [200] * len(probes), f"/readyz while the bulkhead was full: {readiness}, expected 200 each "
                                             f"time: a full moment is no overload, readiness must not flap")
    expect(ready.status == 200 and ready.body.get("redis") == "unavailable",
           f"/readyz once the requests had failed: {ready.status} {ready.body}, expected 200, redis unavailable")
    for response, _ in answers:
        expect_retry_after(response, "POST /visits while Redis was frozen")
    slowest = max(seconds for _, seconds in answers)
    expect(slowest < 10, f"a POST took {slowest:.1f} s to fail: the Redis timeouts do not hold")
    wait_until(lambda: browser.request("GET", web.port, "/readyz").body.get("redis") == "ok", 20,
               "readiness reporting Redis ok after Redis resumed")
    status, _ = browser.post(web.port)
    expect(status == 200, f"POST /visits answered {status} after Redis resumed")
    turned_away = sum(1 for _, seconds in answers if seconds < 0.4)
    return (f"Redis frozen (SIGSTOP), {requests} POST /visits at once, 4 threads:\n"
            f"  GET /healthz -> 200 within 1 s, {len(probes)} of {len(probes)} probes, while requests waited on Redis\n"
            f"  GET /readyz  -> 200, {len(readiness)} of {len(probes)} probes, while the bulkhead was full\n"
            f"  POST /visits -> 503 with Retry-After: 1 to 3, {len(answers)} of {requests}, none later than the Redis "
            f"timeouts allow\n"
            f"  GET /readyz  -> {ready.status} {json.dumps({k: ready.body[k] for k in ('status', 'redis')})}\n"
            f"Redis resumed (SIGCONT): GET /readyz -> 200 {{\"status\": \"ready\", \"redis\": \"ok\"}}, "
            f"POST /visits -> {status}"), \
        (f"requests waiting on Redis at the probes: {waiting_at_probes}; turned away at once: {turned_away}; "
         f"slowest 503 after {slowest:.2f} s; slowest probe {max(s for _, s in probes) * 1000:.0f} ms")


def overload(ctx: CheckContext) -> tuple[str, str]:
    """Sustained overload with Redis healthy but slow: readiness turns 503 once the bulkhead has turned away most
    requests in each of the last OVERLOAD_SECONDS (1 here, 3 by default), and 200 again once the load is gone.
    (That a moment's full bulkhead is no overload, frozen-redis proves.)"""
    own = ctx.start_own_redis()
    web = ctx.start_web("redis", redis_url=f"{own.url}/0", env={"WEB_THREADS": "2", "OVERLOAD_SECONDS": "1"})
    browser = Browser()
    expect(browser.post(web.port)[0] == 200, "POST /visits failed before the load")
    stop, counts = threading.Event(), {"503": 0, "200": 0}

    def slow_redis() -> None:  # each command waits up to 0.2 s, within the 0.5 s timeout: slow, not down
        while not stop.is_set():
            os.kill(own.process.pid, signal.SIGSTOP)
            time.sleep(0.2)
            os.kill(own.process.pid, signal.SIGCONT)
            time.sleep(0.05)

    def client() -> None:
        while not stop.is_set():
            status = browser.request("POST", web.port, "/visits", timeout=5).status
            counts[str(status)] = counts.get(str(status), 0) + 1
            time.sleep(0.02)

    def readiness() -> Response:
        return browser.request("GET", web.port, "/readyz", timeout=5)

    workers = [threading.Thread(target=slow_redis)] + [threading.Thread(target=client) for _ in range(4)]
    for thread in workers:
        thread.start()
    try:
        started = time.monotonic()
        wait_until(lambda: readiness().status == 503, 6, "readiness 503 under sustained overload")
        entered = time.monotonic() - started
        under_load = readiness()
    finally:
        stop.set()
        for thread in workers:
            thread.join()
        os.kill(own.process.pid, signal.SIGCONT)
    expect(under_load.body.get("status") == "overloaded" and under_load.body.get("redis") == "ok"
           and under_load.headers.get("Retry-After") in RETRY_AFTER, f"/readyz under overload: {under_load.body}")
    stopped = time.monotonic()
    wait_until(lambda: readiness().status == 200, 10, "readiness 200 after the load stopped")
    left = time.monotonic() - stopped
    return ("Redis slow but answering, 4 clients on one process with 1 thread for Redis (OVERLOAD_SECONDS=1):\n"
            f"  GET /readyz -> 503 {json.dumps({k: under_load.body[k] for k in ('status', 'redis')})}, "
            "once the bulkhead turned away most requests in the last whole second\n"
            "load stopped: GET /readyz -> 200 again"), \
        (f"503 after {entered:.1f} s of load, 200 again {left:.1f} s after it stopped; "
         f"POST /visits: {counts.get('200', 0)} answered 200, {counts.get('503', 0)} turned away with 503")


def redis_acl(ctx: CheckContext) -> tuple[str, str]:
    """Redis as examples/redis_server.py starts it: no anonymous access, the app's user and password from the
    environment, no admin commands, and the password nowhere in the process's command line or environment."""
    own = ctx.start_own_redis(through_launcher=True)
    answers = {}
    for name, command in (("anonymous", b"PING\r\n"), ("wrong password", b"AUTH app not-it\r\n"),
                          ("app", f"AUTH app {REDIS_PASSWORD}\r\nPING\r\n".encode())):
        with socket.create_connection(("127.0.0.1", own.port), timeout=2) as conn:
            conn.sendall(command)
            answers[name] = conn.recv(200).decode().strip().split("\r\n")[-1]
    expect(answers["anonymous"].startswith("-NOAUTH"), f"a client without a password got {answers['anonymous']}")
    expect(answers["wrong password"].startswith("-WRONGPASS"), f"a wrong password got {answers['wrong password']}")
    expect(answers["app"] == "+PONG", f"the app user with REDIS_PASSWORD got {answers['app']}")
    app = ctx.redis(own.url)
    for command in (("CONFIG", "SET", "appendonly", "no"), ("FLUSHALL",), ("ACL", "LIST")):
        try:
            app.execute_command(*command)
            raise CheckFailed(f"the app user may run {command[0]}")
        except redis.exceptions.NoPermissionError:
            pass
    seen = [Path(f"/proc/{own.process.pid}/{name}").read_bytes() for name in ("cmdline", "environ")]
    expect(all(REDIS_PASSWORD.encode() not in text for text in seen),
           "the password is in redis-server's command line or environment")
    return ("REDIS_PASSWORD=<random> python redis_server.py\n"
            f"  a client without a password  -> {answers['anonymous']}\n"
            f"  user app, a wrong password   -> {answers['wrong password']}\n"
            f"  user app, REDIS_PASSWORD     -> {answers['app']}\n"
            f"  user app: CONFIG, FLUSHALL, ACL -> refused (NOPERM)\n"
            f"  the password in redis-server's command line or environment: no"), ""


def maxmemory(ctx: CheckContext) -> tuple[str, str]:
    """Redis at maxmemory (noeviction), here a small one: writes answer 503 with a message that says so, reads still
    work, readiness reports it without turning unready, the log says it once; freeing memory ends it."""
    own = ctx.start_own_redis()
    log = ctx.folder / "web.log"
    web = ctx.start_web("redis", redis_url=f"{own.url}/0", log=log)
    browser, store = Browser(), ctx.redis(f"{own.url}/0")
    key = uuid.uuid4().hex
    status, _ = browser.post(web.port, idempotency_key=key)
    expect(status == 200, f"POST /visits answered {status} before maxmemory")
    session = f"session:{browser.cookie.split('=', 1)[1]}"
    record_ttl, session_ttl = store.ttl(f"{session}:visit:{key}"), store.ttl(session)
    expect(0 < record_ttl <= 300 and session_ttl > 300, f"idempotency record TTL {record_ttl} s, session TTL "
                                                         f"{session_ttl} s: expected at most 300 s and 1800 s")
    # 3 MB of data, then Redis restarted with a 2 MB limit: it reloads everything and is past maxmemory for sure
    # (filling up to the limit instead stops at a moment's input buffers, and the data alone may stay below it).
    fillers = 1500
    batch = store.pipeline(transaction=False)
    for n in range(fillers):
        batch.set(f"filler:{n}", "x" * 2000)
    batch.execute()
    ctx.processes.stop(own.process)
    ctx.start_own_redis(own.port, options=("--maxmemory", "2mb"))
    refused = [browser.request("POST", web.port, "/visits") for _ in range(5)]
    for response in refused:
        expect_retry_after(response, "POST /visits at maxmemory")
        expect(response.body.get("error") == "session store full: writes refused, reads work",
               f"POST /visits at maxmemory: {response.body}, expected a message that says the store is full")
    read = browser.request("GET", web.port, "/")
    ready = browser.request("GET", web.port, "/readyz")
    expect(read.status == 200 and read.body["visits"] == 1, f"GET / at maxmemory: {read.status} {read.body}")
    expect(ready.status == 200 and ready.body.get("redis") == "refusing writes",
           f"/readyz at maxmemory: {ready.status} {ready.body}, expected 200 with redis: refusing writes")
    store.delete(*(f"filler:{n}" for n in range(fillers)))  # DEL works at maxmemory: it frees memory
    wait_until(lambda: browser.request("GET", web.port, "/readyz").body.get("redis") == "ok", 10,
               "readiness reporting Redis ok after memory was freed")
    status, body = browser.post(web.port)
    expect(status == 200 and body["visits"] == 2, f"POST /visits after memory was freed: {status} {body}")
    wait_until(lambda: len(log_lines(log)) >= 10, 5, "the log lines")
    incidents = [line["event"] for line in log_lines(log) if "event" in line]
    expect(incidents == ["redis refusing writes", "redis recovered"],
           f"the log should say it once when it starts and once when it ends: {incidents}")
    return ("idempotency record: TTL at most 300 s; session: TTL 1800 s\n"
            "Redis restarted with 3 MB of data and maxmemory 2mb (noeviction), the session intact:\n"
            f"  POST /visits -> 503, Retry-After: 1 to 3, {json.dumps(refused[0].body)}, 5 of 5\n"
            f"  GET /        -> {read.status}, visits {read.body['visits']} (reads work)\n"
            f"  GET /readyz  -> {ready.status} {json.dumps({k: ready.body[k] for k in ('status', 'redis')})}\n"
            f"  log: {' then '.join(repr(i) for i in incidents)}, once each\n"
            f"memory freed: GET /readyz -> redis ok, POST /visits -> {status}, visits {body['visits']}"), ""


def single_transaction_cache(ctx: CheckContext) -> tuple[str, str]:
    payload = b"".join(b"line %07d of a large file\n" % n for n in range(400_000))
    served = ctx.folder / "served"
    served.mkdir()
    (served / "large.txt").write_bytes(payload)
    server = serve_directory(served)
    scratch = ctx.folder / "tmp"
    scratch.mkdir()
    try:
        result = subprocess.run(
            [sys.executable, str(ctx.root / EXAMPLES / "single_transaction_cache.py"),
             f"http://127.0.0.1:{server.server_address[1]}/large.txt"],
            env={**os.environ, "REDIS_URL": ctx.redis_url, "TMPDIR": str(scratch)},
            capture_output=True, text=True, timeout=60)
    finally:
        server.shutdown()
    expect(result.returncode == 0, f"single_transaction_cache.py failed: {result.stderr.strip()}")
    left = list(scratch.iterdir())
    expect(left == [], f"temporary files left behind: {left}")
    stored = list(ctx.redis().scan_iter("summary:*"))  # KEYS: a command the ACL refuses the app user
    expect(len(stored) == 1, f"expected one summary in Redis, found {stored}")
    return result.stdout.strip() + f"\ntemporary files left behind: {len(left)}", ""


def build_assets(ctx: CheckContext) -> tuple[str, str]:
    out = ctx.folder / "static"
    out.mkdir()
    build = [sys.executable, str(ctx.root / EXAMPLES / "build_assets.py"), str(ctx.root / EXAMPLES / "assets"),
             str(out)]
    first = subprocess.run(build, capture_output=True, text=True, timeout=30)
    expect(first.returncode == 0, f"build failed: {first.stderr.strip()}")
    before = sorted((p.name, p.stat().st_mtime_ns) for p in out.rglob("*"))
    runtime = subprocess.run(
        [sys.executable, "-c", "from build_assets import asset_url; print(asset_url('app.css'))"],
        cwd=ctx.root / EXAMPLES, env={**os.environ, "ASSETS_DIR": str(out)},
        capture_output=True, text=True, timeout=30)
    expect(runtime.returncode == 0, f"runtime lookup failed: {runtime.stderr.strip()}")
    expect(sorted((p.name, p.stat().st_mtime_ns) for p in out.rglob("*")) == before, "the runtime wrote files")
    manifest = json.loads((out / "manifest.json").read_text())
    expect(runtime.stdout.strip() == f"/static/{manifest['app.css']}", "runtime URL does not match the manifest")
    return f"$ python build_assets.py assets static\n{first.stdout.strip()}\nruntime: asset_url('app.css') -> " \
           f"{runtime.stdout.strip()}", ""


def no_root(ctx: CheckContext) -> tuple[str, str]:
    script = [sys.executable, str(ctx.root / EXAMPLES / "no_root.py")]
    as_root = subprocess.run(script if os.geteuid() == 0 else ["unshare", "--map-root-user", *script],
                             capture_output=True, text=True, timeout=30)
    expect(as_root.returncode == 1, f"as root: exit status {as_root.returncode}, expected 1")
    # As root, a new user namespace without a mapping runs the script as uid 65534 (nobody).
    as_user = subprocess.run(["unshare", "--user", *script] if os.geteuid() == 0 else script,
                             capture_output=True, text=True, timeout=30)
    expect(as_user.returncode == 0, f"as an unprivileged user: {as_user.stderr.strip()}")
    return (f"as root: exit status {as_root.returncode}: {as_root.stderr.strip()}\n"
            f"as an unprivileged user: {as_user.stdout.strip()}"), ""


# ---------------------------------------------------------------- the kill test

EVERYSEC_WINDOW = 2.0  # appendfsync everysec: a crash may lose the last second of writes, two when the disk is slow
# Threads enough for all 18 clients at once: no request is turned away, every 503 comes from Redis being down.
# Retry-After: 1 s only, so that the clients come back sooner after the Redis kill (health-check proves the jitter).
KILL_TEST_WEB = {"WEB_THREADS": "20", "WEB_CONCURRENCY": "1", "RETRY_AFTER_MAX": "1"}
THINK_TIME = 0.005  # a client's pause between two visits: a load, not a flood, on a machine shared with other checks


@dataclass
class LoadSession:
    """One visitor's session; several of its clients send visits at once."""

    index: int
    cookie: str
    acked: dict[str, tuple[int, float]] = field(default_factory=dict)  # Idempotency-Key -> (visits, when answered)
    lost: bool = False  # a process answered with a new session: it no longer had this one


@dataclass(eq=False)  # each attempt is itself: removed from the in-flight list by identity
class Attempt:
    port: int
    reused: bool  # sent on a kept-alive connection: one the worker behind `port` accepted
    started: float = field(default_factory=time.monotonic)
    at_kill: bool = False  # in flight when a process was killed


class VisitLoad:
    """Clients sending POST /visits at once, several per session, as a careful client does: a new Idempotency-Key
    per visit, and the same key again after a cut connection or a 503 (after its Retry-After), until the client
    sees the answer. A visit whose answer it saw is acknowledged: it must be counted exactly once."""

    def __init__(self, processes: ProcessGroup, ports: list[int], sessions: list[LoadSession], sticky: bool,
                 think_time: float = THINK_TIME):
        self.processes, self.ports, self.sessions, self.sticky = processes, ports, sessions, sticky
        self.think_time = think_time
        self.lock = threading.Lock()
        self.in_flight: list[Attempt] = []
        self.kept_alive: dict[int, int] = {}  # port -> client connections its worker accepted and answered on
        self.acks = 0
        self.aborted = threading.Event()  # the kills failed: clients give up rather than wait on frozen processes
        self.counts = {"in flight at the kills": 0, "cut off": 0, "replayed": 0, "applied on retry": 0,
                       "503 with Retry-After": 0}

    def check_running(self) -> bool:
        if self.processes.closed or self.aborted.is_set():
            raise CheckFailed("stopped: the check's processes were stopped, or the kills failed")
        return True

    def port_for(self, session: LoadSession, turn: int) -> int:
        """A sticky load balancer sends a session to the same process; the other sends each request to the next."""
        return self.ports[(session.index if self.sticky else turn) % len(self.ports)]

    def run(self, clients_per_session: int, during: Callable[[], None], max_visits: int = 2000,
            seconds: float = 60) -> None:
        """Clients send visits until `during` (the kills) returns; then each finishes the visit it is on."""
        stop, errors = threading.Event(), []
        deadline = time.monotonic() + seconds
        self.kept_alive = {port: 0 for port in self.ports}  # each run's clients open connections of their own

        def client(session: LoadSession, number: int) -> None:
            connections: dict[int, http.client.HTTPConnection] = {}
            turn = number
            try:
                for _ in range(max_visits):
                    if stop.is_set() or session.lost:
                        break
                    turn = self.visit(session, connections, turn, deadline)
                    time.sleep(self.think_time)
            except Exception as error:  # reported by run(), in the check's thread
                errors.append(error)
            finally:
                for connection in connections.values():
                    connection.close()

        clients = [threading.Thread(target=client, args=(session, number))
                   for session in self.sessions for number in range(clients_per_session)]
        for thread in clients:
            thread.start()
        try:
            during()
        except BaseException:
            self.aborted.set()
            raise
        finally:
            stop.set()
            for thread in clients:
                thread.join()
        if errors:
            raise errors[0]

    def visit(self, session: LoadSession, connections: dict, turn: int, deadline: float) -> int:
        key, cut = uuid.uuid4().hex, False
        while time.monotonic() < deadline and self.check_running():
            port = self.port_for(session, turn)
            turn += 1
            attempt = Attempt(port, reused=port in connections)
            with self.lock:
                self.in_flight.append(attempt)
            try:
                connection = connections.setdefault(port, http.client.HTTPConnection("127.0.0.1", port, timeout=10))
                connection.request("POST", "/visits", headers={"Cookie": session.cookie, "Idempotency-Key": key})
                response = connection.getresponse()
                body = json.loads(response.read())
            except (OSError, http.client.HTTPException):  # a killed worker, or a kept-alive connection closed
                connections.pop(port).close()
                with self.lock:
                    self.in_flight.remove(attempt)
                    self.kept_alive[port] -= attempt.reused
                    if attempt.at_kill:
                        self.counts["cut off"] += 1
                        cut = True
                continue
            with self.lock:
                self.in_flight.remove(attempt)
                self.kept_alive[port] += not attempt.reused
            if response.status == 503:
                expect(response.getheader("Retry-After") in RETRY_AFTER,
                       f"a 503 with Retry-After: {response.getheader('Retry-After')}")
                with self.lock:
                    self.counts["503 with Retry-After"] += 1
                time.sleep(int(response.getheader("Retry-After")))
                continue
            expect(response.status == 200, f"POST /visits answered {response.status}")
            if response.getheader("Set-Cookie"):
                session.lost = True
                return turn
            replayed = response.getheader("Idempotent-Replayed") == "true"
            with self.lock:
                session.acked[key] = (body["visits"], time.monotonic())
                self.acks += 1
                if cut:
                    self.counts["replayed" if replayed else "applied on retry"] += 1
            return turn
        raise CheckFailed(f"session {session.index}: a visit got no answer within the time allowed")

    def kill_worker_mid_request(self, pid: int, port: int) -> None:
        """Freeze the worker (SIGSTOP), wait until requests reach it on connections it accepted, then kill -9 it.
        A request sent after the freeze cannot have been answered: the worker dies in the middle of it. (Clients
        pinned to the worker may all be waiting on it already: then the requests in flight 0.2 s after the freeze.)"""
        wait_until(lambda: self.check_running() and self.kept_alive[port] >= 2, 30, f"connections to port {port}")
        os.kill(pid, signal.SIGSTOP)
        frozen = time.monotonic()
        self._kill_when(pid, lambda attempt: attempt.port == port and attempt.reused
                        and (attempt.started > frozen or time.monotonic() > frozen + 0.2),
                        lambda attempt: attempt.port == port)

    def kill_under_load(self, pid: int) -> None:
        """kill -9 at a moment when requests are in flight (Redis: the web processes are waiting on it)."""
        self._kill_when(pid, lambda attempt: True, lambda attempt: True)

    def _kill_when(self, pid: int, caught: Callable[[Attempt], bool], hit: Callable[[Attempt], bool]) -> None:
        """kill -9 `pid` once two requests in flight are `caught`; those that `hit` it are in flight at the kill."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.check_running():
            with self.lock:
                if sum(1 for attempt in self.in_flight if caught(attempt)) >= 2:
                    os.kill(pid, signal.SIGKILL)
                    for attempt in filter(hit, self.in_flight):
                        attempt.at_kill = True
                        self.counts["in flight at the kills"] += 1
                    return
            time.sleep(0.002)
        raise CheckFailed(f"no requests in flight to kill {pid} in the middle of")

    def wait_for_acks(self, count: int) -> None:
        start = self.acks
        wait_until(lambda: self.check_running() and self.acks >= start + count, 30, f"{count} more acknowledged visits")

    def acked_before(self, moment: float) -> int:
        return sum(1 for session in self.sessions for _, when in session.acked.values() if when < moment)


def _start_sessions(ports: list[int], count: int) -> list[LoadSession]:
    """Each session starts on process index % 3: where a sticky load balancer keeps it."""
    sessions = []
    for index in range(count):
        browser, key = Browser(), uuid.uuid4().hex
        port = ports[index % len(ports)]
        status, body = browser.post(port, idempotency_key=key)
        expect(status == 200 and body["visits"] == 1 and browser.cookie, f"new session: {status} {body}")
        session = LoadSession(index, browser.cookie)
        session.acked[key] = (1, time.monotonic())
        sessions.append(session)
    return sessions


@dataclass
class Tally:
    lost: list[int]  # sessions gone: their state, or the process that held it
    visits_lost: int  # acknowledged, then missing from the count
    counted_twice: int
    exact: bool  # the counts acknowledged are exactly 1..count in every session: each once, none lost


def _tally(load: VisitLoad) -> Tally:
    lost, visits_lost, counted_twice, exact = [], 0, 0, True
    for session in load.sessions:
        browser = Browser()
        browser.cookie = session.cookie
        response = browser.request("GET", load.port_for(session, 0), "/")
        expect(response.status == 200, f"GET / answered {response.status}")
        count = response.body["visits"]
        acked = sorted(visits for visits, _ in session.acked.values())
        if session.lost or count == 0:
            lost.append(session.index)
            continue
        visits_lost += max(0, len(acked) - count)
        counted_twice += max(0, count - len(acked))
        exact = exact and acked == list(range(1, count + 1))
    return Tally(lost, visits_lost, counted_twice, exact)


def _wait_for_new_worker(load: VisitLoad, web: Web, killed: int) -> None:
    wait_until(lambda: load.check_running() and web.workers() not in ([], [killed])
               and answers_http(f"http://127.0.0.1:{web.port}/healthz"), 30, f"a new worker on port {web.port}")


def _kill_test_redis(ctx: CheckContext) -> tuple[list[str], str]:
    own = ctx.start_own_redis()
    webs = ctx.start_webs(3, "redis", redis_url=f"{own.url}/0", env=KILL_TEST_WEB)
    ports = [web.port for web in webs]
    load = VisitLoad(ctx.processes, ports, _start_sessions(ports, 6), sticky=False)
    sessions_started = time.monotonic()

    def kill_every_worker() -> None:
        for web in webs:  # one after the other: the load goes on through the other two
            killed = web.worker()
            load.kill_worker_mid_request(killed, web.port)
            _wait_for_new_worker(load, web, killed)
        load.wait_for_acks(30)  # the new workers serve

    load.run(3, kill_every_worker)
    workers = _tally(load)
    at_worker_kills = dict(load.counts)
    expect(at_worker_kills["cut off"] >= len(webs), f"the worker kills cut off {at_worker_kills['cut off']} "
                                                     f"request(s), expected at least one per kill")
    expect(workers.lost == [] and workers.exact, f"after the worker kills: sessions lost {workers.lost}, "
                                                 f"visits lost {workers.visits_lost}, "
                                                 f"counted twice {workers.counted_twice}")
    kill: dict[str, float] = {}

    def kill_redis() -> None:
        load.kill_under_load(own.process.pid)
        kill["at"] = time.monotonic()
        own.process.wait()
        ctx.start_own_redis(own.port)  # the same port and data directory: Redis reloads its append-only file
        kill["back"] = time.monotonic()
        load.wait_for_acks(30)

    # The sessions are older than the window everysec may lose: every one of them must be there after the kill.
    time.sleep(max(0.0, sessions_started + EVERYSEC_WINDOW - time.monotonic()))
    load.run(3, kill_redis)
    after = _tally(load)
    # Answers seen until Redis was back were sent before the kill: those of its last seconds may be lost.
    in_window = load.acked_before(kill["back"]) - load.acked_before(kill["at"] - EVERYSEC_WINDOW)
    expect(after.lost == [], f"sessions lost when Redis was killed: {after.lost}")
    expect(after.counted_twice == 0, f"{after.counted_twice} visit(s) counted twice after the Redis restart")
    expect(after.visits_lost <= in_window, f"{after.visits_lost} acknowledged visit(s) lost, more than the "
                                           f"{in_window} acknowledged in the last {EVERYSEC_WINDOW:.0f} s before "
                                           f"the kill")
    at_redis_kill = {name: load.counts[name] - at_worker_kills[name] for name in load.counts}
    lines = ["sessions in Redis, each request sent to the next process in turn:",
             "  kill -9 each process's worker mid-request (its master starts a new one):",
             f"    sessions lost: {len(workers.lost)} of 6, acknowledged visits lost: {workers.visits_lost}, "
             f"counted twice: {workers.counted_twice}",
             "  kill -9 redis-server mid-load, restart it on the same port and data directory:",
             f"    sessions lost: {len(after.lost)} of 6, counted twice: {after.counted_twice}, acknowledged visits "
             f"lost: none older than the everysec window"]
    details = (f"worker kills: {at_worker_kills['in flight at the kills']} requests in flight, "
               f"{at_worker_kills['cut off']} cut off; of the visits they carried, retried with the same "
               f"Idempotency-Key, {at_worker_kills['replayed']} had been applied before the kill (replayed), "
               f"{at_worker_kills['applied on retry']} were applied by the retry\n"
               f"Redis kill: {at_redis_kill['in flight at the kills']} requests in flight, "
               f"{at_redis_kill['503 with Retry-After']} answers 503 with Retry-After, acknowledged visits lost: "
               f"{after.visits_lost} (of {in_window} acknowledged from {EVERYSEC_WINDOW:.0f} s before the kill "
               f"until Redis was back)\n"
               f"visits acknowledged with sessions in Redis: {load.acks + len(load.sessions)}")
    return lines, details


def _kill_test_memory(ctx: CheckContext) -> tuple[list[str], str]:
    webs = ctx.start_webs(3, "memory", env=KILL_TEST_WEB)
    ports = [web.port for web in webs]
    load = VisitLoad(ctx.processes, ports, _start_sessions(ports, 6), sticky=True)
    load.run(3, lambda: load.wait_for_acks(60))
    before = _tally(load)
    expect(before.lost == [] and before.exact, f"sticky routing alone lost sessions {before.lost}")
    victim = webs[1]

    def kill_web2_worker() -> None:
        killed = victim.worker()
        load.kill_worker_mid_request(killed, victim.port)
        _wait_for_new_worker(load, victim, killed)
        load.wait_for_acks(30)  # the other sessions go on

    load.run(3, kill_web2_worker)
    after = _tally(load)
    pinned = [session.index for session in load.sessions if load.port_for(session, 0) == victim.port]
    expect(after.lost == pinned, f"sessions lost {after.lost}, expected those pinned to web.2: {pinned}")
    return ["sessions in process memory, each session pinned to one process (sticky):",
            f"  before any kill:                         sessions lost: {len(before.lost)} of 6",
            f"  kill -9 the worker of web.2 mid-request: sessions lost: {len(after.lost)} of 6, "
            f"the {len(pinned)} pinned to web.2"], \
        f"memory: {load.counts['in flight at the kills']} requests in flight at the kill"


def rolling_restart(ctx: CheckContext) -> tuple[str, str]:
    """A deploy: each of two web processes in turn gets SIGTERM (to its gunicorn master, as a platform sends it)
    while visits are in flight, and a new process starts on its port. gunicorn stops accepting, finishes the
    requests it has (graceful_timeout), then exits: every request in flight at a SIGTERM is answered, and every
    acknowledged visit is counted exactly once."""
    own = ctx.start_own_redis()
    webs = ctx.start_webs(2, "redis", redis_url=f"{own.url}/0", env={"WEB_THREADS": "8", "RETRY_AFTER_MAX": "1"})
    ports = [web.port for web in webs]
    # A light load (a visit every 20 ms per client): the check is about the requests in flight at the SIGTERMs.
    load = VisitLoad(ctx.processes, ports, _start_sessions(ports, 4), sticky=False, think_time=0.02)
    in_flight_at_sigterm: list[int] = []

    def restart_each() -> None:
        for index, web in enumerate(webs):
            load.wait_for_acks(10)
            # Redis frozen for a moment (well within its timeouts), again until a request to this process is in
            # flight: then the SIGTERM surely catches requests in the middle.
            deadline = time.monotonic() + 20
            while True:
                os.kill(own.process.pid, signal.SIGSTOP)
                caught_one = time.monotonic() + 0.15
                while time.monotonic() < caught_one and not any(a.port == web.port for a in load.in_flight):
                    time.sleep(0.005)
                if any(a.port == web.port for a in load.in_flight) and load.check_running():
                    break
                os.kill(own.process.pid, signal.SIGCONT)
                expect(time.monotonic() < deadline, f"no request in flight to port {web.port} to stop in the middle of")
                time.sleep(0.05)
            try:
                with load.lock:
                    os.kill(web.process.pid, signal.SIGTERM)
                    caught = [a for a in load.in_flight if a.port == web.port]
                    for attempt in caught:
                        attempt.at_kill = True
                    load.counts["in flight at the kills"] += len(caught)
                in_flight_at_sigterm.append(len(caught))
                time.sleep(0.1)  # the requests caught wait on Redis a little longer
            finally:
                os.kill(own.process.pid, signal.SIGCONT)
            web.process.wait(timeout=30)
            ctx.processes.stop(web.process)
            webs[index] = ctx.start_web("redis", web.port, web.redis_url, web.env)
        load.wait_for_acks(10)

    load.run(1, restart_each)
    tally = _tally(load)
    expect(load.counts["cut off"] == 0, f"{load.counts['cut off']} of the {sum(in_flight_at_sigterm)} requests in "
                                        f"flight at a SIGTERM got no answer: the drain is not graceful")
    expect(tally.lost == [] and tally.exact, f"rolling restart: sessions lost {tally.lost}, visits lost "
                                             f"{tally.visits_lost}, counted twice {tally.counted_twice}")
    return ("2 web processes, 4 sessions, 1 client per session; each process in turn gets SIGTERM with visits in "
            "flight,\nthen a new process starts on its port:\n"
            "  requests in flight at each SIGTERM: all answered\n"
            f"  sessions lost: {len(tally.lost)} of 4, acknowledged visits lost: {tally.visits_lost}, "
            f"counted twice: {tally.counted_twice}"), \
        (f"in flight at the SIGTERMs: {' and '.join(map(str, in_flight_at_sigterm))}; visits acknowledged: "
         f"{load.acks + len(load.sessions)}; answers 503: {load.counts['503 with Retry-After']}")


def kill_test(ctx: CheckContext) -> tuple[str, str]:
    """kill -9 under concurrent load: web workers mid-request, then Redis itself; the control with sessions in
    memory runs beside it, on processes of its own."""
    with ThreadPoolExecutor(max_workers=1) as beside:
        memory = beside.submit(_kill_test_memory, ctx)
        redis_lines, redis_details = _kill_test_redis(ctx)
        memory_lines, memory_details = memory.result()
    return "\n".join(["3 web processes (gunicorn, 1 worker each), 6 sessions, 3 clients per session at once;",
                      "each visit is a POST /visits with its own Idempotency-Key, retried until its answer is seen",
                      *redis_lines, *memory_lines]), f"{redis_details}\n{memory_details}"


# The longest first: with the checks run in parallel, they start first.
CHECKS = [
    Check("kill-test", kill_test, (REDIS_CONF,), f"{EXAMPLES}/output/kill_test.txt"),
    Check("rolling-restart", rolling_restart, (f"{EXAMPLES}/gunicorn.conf.py:drain",),
          f"{EXAMPLES}/output/rolling_restart.txt"),
    Check("overload", overload, (f"{EXAMPLES}/webapp.py:overload",), f"{EXAMPLES}/output/overload.txt"),
    Check("sticky-sessions", sticky_sessions, (f"{EXAMPLES}/webapp.py:memory-store",),
          f"{EXAMPLES}/output/sticky_sessions.txt"),
    Check("procfile", procfile, (f"{EXAMPLES}/Procfile", f"{EXAMPLES}/worker.py:loop"),
          f"{EXAMPLES}/output/procfile.txt"),
    Check("frozen-redis", frozen_redis, (f"{EXAMPLES}/webapp.py:timeouts", f"{EXAMPLES}/webapp.py:bulkhead"),
          f"{EXAMPLES}/output/frozen_redis.txt"),
    Check("http-semantics", http_semantics, (f"{EXAMPLES}/webapp.py:visits",), f"{EXAMPLES}/output/http_semantics.txt"),
    Check("stateless-sessions", stateless_sessions,
          (f"{EXAMPLES}/webapp.py:config", f"{EXAMPLES}/webapp.py:redis-store", f"{EXAMPLES}/webapp.py:cookie",
           f"{EXAMPLES}/webapp.py:handler", f"{EXAMPLES}/gunicorn.conf.py:settings"),
          f"{EXAMPLES}/output/stateless_sessions.txt"),
    Check("health-check", health_check,
          (f"{EXAMPLES}/webapp.py:health", f"{EXAMPLES}/webapp.py:readiness", f"{EXAMPLES}/webapp.py:unavailable",
           f"{EXAMPLES}/webapp.py:retry-after", f"{EXAMPLES}/webapp.py:logs"),
          f"{EXAMPLES}/output/health_check.txt"),
    Check("maxmemory", maxmemory, (f"{EXAMPLES}/webapp.py:idempotency-ttl",), f"{EXAMPLES}/output/maxmemory.txt"),
    Check("redis-acl", redis_acl, (f"{EXAMPLES}/redis_server.py:acl", f"{EXAMPLES}/redis_server.py"),
          f"{EXAMPLES}/output/redis_acl.txt"),
    Check("single-transaction-cache", single_transaction_cache, (f"{EXAMPLES}/single_transaction_cache.py:transaction",),
          f"{EXAMPLES}/output/single_transaction_cache.txt"),
    Check("build-assets", build_assets, (f"{EXAMPLES}/build_assets.py:build", f"{EXAMPLES}/build_assets.py:runtime"),
          f"{EXAMPLES}/output/build_assets.txt"),
    Check("no-root", no_root, (f"{EXAMPLES}/no_root.py:refuse", f"{EXAMPLES}/Containerfile:user"),
          f"{EXAMPLES}/output/no_root.txt"),
]
