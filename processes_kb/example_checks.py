"""The checks behind every snippet the pages show: each runs real processes against a real Redis.

A check returns (output, details): `output` is compared with the recorded file the pages include
(`Check.output`); `details` are counts worth printing that vary from run to run.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import redis

from processes_kb.process_group import ProcessGroup, answers_http, free_port, port_is_free, serve_directory, wait_until

EXAMPLES = "examples"


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

    def redis(self) -> redis.Redis:
        return redis.Redis.from_url(self.redis_url, decode_responses=True)

    def start_web(self, store: str = "redis", port: int | None = None, redis_url: str | None = None) -> "Web":
        """A gunicorn web process; on a free port unless `port` is given (a restart keeps its port)."""
        examples = self.root / EXAMPLES
        for attempt in range(1 if port else 3):  # another process may take a "free" port before gunicorn binds it
            chosen = port or free_port()
            env = {"HOST": "127.0.0.1", "PORT": str(chosen), "REDIS_URL": redis_url or self.redis_url,
                   "SESSION_STORE": store}
            process = self.processes.start(
                [sys.executable, "-m", "gunicorn", "--config", str(examples / "gunicorn.conf.py"),
                 "--chdir", str(examples), "webapp:app"], env=env)
            url = f"http://127.0.0.1:{chosen}/healthz"
            wait_until(lambda: answers_http(url) or process.poll() is not None, 20, f"web process on port {chosen}")
            if process.poll() is None:
                return Web(chosen, process, store, redis_url or self.redis_url)
        raise CheckFailed(f"gunicorn exited at start (status {process.returncode}) on port {chosen}")

    def restart(self, web: "Web", sig: int = signal.SIGTERM) -> "Web":
        self.processes.stop(web.process, sig)
        return self.start_web(web.store, web.port, web.redis_url)


@dataclass
class Web:
    port: int
    process: subprocess.Popen
    store: str
    redis_url: str


class Browser:
    """A client that keeps the session cookie, like a browser, and sends each request where it is told."""

    def __init__(self):
        self.cookie: str | None = None
        self.last_set_cookie: str | None = None

    def get(self, port: int, path: str = "/") -> tuple[int, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            conn.request("GET", path, headers={"Cookie": self.cookie} if self.cookie else {})
            response = conn.getresponse()
            body = json.loads(response.read())
            set_cookie = response.getheader("Set-Cookie")
            if set_cookie:
                self.last_set_cookie = set_cookie
                self.cookie = set_cookie.split(";", 1)[0]
            return response.status, body
        finally:
            conn.close()


# ---------------------------------------------------------------- checks


def stateless_sessions(ctx: CheckContext) -> tuple[str, str]:
    web = ctx.start_web("redis")
    browser = Browser()
    lines = []
    for _ in range(2):
        status, body = browser.get(web.port)
        expect(status == 200, f"GET / answered {status}")
        lines.append(f"GET / -> visits {body['visits']}")
    cookie = browser.last_set_cookie or ""
    attributes = [part.strip() for part in cookie.split(";")]
    expect("HttpOnly" in attributes and "SameSite=Lax" in attributes, f"cookie lacks HttpOnly/SameSite: {cookie}")
    session_id = browser.cookie.split("=", 1)[1]
    expect(len(session_id) >= 43, "session ID is shorter than 32 random bytes")
    ttl = ctx.redis().ttl(f"session:{session_id}")
    expect(0 < ttl <= 1800, f"session key has TTL {ttl}, expected 1..1800")
    lines.insert(0, f"Set-Cookie: {cookie}")
    lines.append(f"redis TTL session:{session_id} -> expires within 1800 s")
    return "\n".join(lines), ""


def sticky_sessions(ctx: CheckContext) -> tuple[str, str]:
    """Two processes behind a round-robin client, then a restart: memory loses the session, Redis does not."""
    lines, seen = [], {}
    for store, title in (("memory", "sessions in process memory (sticky-session anti-pattern)"),
                         ("redis", "sessions in Redis")):
        web1, web2 = ctx.start_web(store), ctx.start_web(store)
        browser = Browser()
        round_robin = [browser.get(web.port)[1]["visits"] for web in (web1, web2, web1, web2)]
        browser = Browser() if store == "memory" else browser
        before = [browser.get(web1.port)[1]["visits"] for _ in range(2)]
        web1 = ctx.restart(web1)
        after = browser.get(web1.port)[1]["visits"]
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
    visits = [browser.get(port)[1]["visits"] for port in web_ports * 2]
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
    dead_redis = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there: the backing service is down
    web = ctx.start_web("redis", redis_url=dead_redis)
    health = http.client.HTTPConnection("127.0.0.1", web.port, timeout=10)
    health.request("GET", "/healthz")
    health_status = health.getresponse().status
    status, body = Browser().get(web.port)
    expect(health_status == 200, f"/healthz answered {health_status} while Redis was down")
    expect(status == 503, f"GET / answered {status} while Redis was down, expected 503")
    return f"Redis down: GET /healthz -> {health_status}, GET / -> {status} {body['error']}", ""


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
    stored = ctx.redis().keys("summary:*")
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


def kill_test(ctx: CheckContext) -> tuple[str, str]:
    """The same load and kill -9 against both session stores: Redis keeps every session, memory keeps none."""
    redis_lost, retried = _kill_under_load(ctx, "redis")
    memory_lost, _ = _kill_under_load(ctx, "memory")
    expect(redis_lost == 0, f"{redis_lost} session(s) lost with sessions in Redis")
    expect(memory_lost > 0, "the test did not detect the sessions lost with sessions in memory")
    return (f"3 web processes, 30 sessions, 600 requests; kill -9 web.2 halfway through, then restart it\n"
            f"sessions in Redis:          sessions lost: {redis_lost} of 30\n"
            f"sessions in process memory: sessions lost: {memory_lost} of 30"), \
        f"connection errors retried on another process (Redis run): {retried}"


def _kill_under_load(ctx: CheckContext, store: str, processes: int = 3, sessions: int = 30,
                     rounds: int = 20) -> tuple[int, int]:
    """Sessions spread round-robin over N processes; one is killed with -9 mid-load and restarted.

    A session is lost when its visit count ever goes back: the state it had is gone. Returns (lost, retried).
    """
    webs = [ctx.start_web(store) for _ in range(processes)]
    browsers = [Browser() for _ in range(sessions)]
    last_seen = [0] * sessions
    lost: set[int] = set()
    counts = {"requests": 0, "retried": 0}
    lock = threading.Lock()
    half_done = threading.Event()

    def one_request(session: int, round_: int) -> None:
        for attempt in range(processes * 20):  # a load balancer moves on to the next process
            web = webs[(session + round_ + attempt) % processes]
            try:
                status, body = browsers[session].get(web.port)
            except OSError:
                with lock:
                    counts["retried"] += 1
                time.sleep(0.02)
                continue
            expect(status == 200, f"GET / answered {status}")
            with lock:
                if body["visits"] <= last_seen[session]:
                    lost.add(session)
                last_seen[session] = body["visits"]
                counts["requests"] += 1
                if counts["requests"] >= sessions * rounds // 2:
                    half_done.set()
            return
        raise CheckFailed(f"session {session}: no process answered")

    def kill_and_restart() -> None:
        half_done.wait(timeout=60)
        victim = webs[1]
        os.kill(victim.process.pid, signal.SIGKILL)  # the gunicorn master; the group sweep takes its worker
        time.sleep(0.3)  # load keeps arriving while the process is gone
        webs[1] = ctx.restart(victim, signal.SIGKILL)

    killer = threading.Thread(target=kill_and_restart)
    killer.start()
    try:
        with ThreadPoolExecutor(max_workers=10) as pool:
            for round_ in range(rounds):
                list(pool.map(lambda s: one_request(s, round_), range(sessions)))
                time.sleep(0.02)
    finally:
        half_done.set()
        killer.join()
        ctx.processes.stop_all()
    return len(lost), counts["retried"]


CHECKS = [
    Check("stateless-sessions", stateless_sessions,
          (f"{EXAMPLES}/webapp.py:config", f"{EXAMPLES}/webapp.py:redis-store", f"{EXAMPLES}/webapp.py:cookie",
           f"{EXAMPLES}/webapp.py:handler", f"{EXAMPLES}/gunicorn.conf.py:settings"),
          f"{EXAMPLES}/output/stateless_sessions.txt"),
    Check("sticky-sessions", sticky_sessions, (f"{EXAMPLES}/webapp.py:memory-store",),
          f"{EXAMPLES}/output/sticky_sessions.txt"),
    Check("procfile", procfile, (f"{EXAMPLES}/Procfile", f"{EXAMPLES}/worker.py:loop"),
          f"{EXAMPLES}/output/procfile.txt"),
    Check("health-check", health_check, (f"{EXAMPLES}/webapp.py:health",), f"{EXAMPLES}/output/health_check.txt"),
    Check("single-transaction-cache", single_transaction_cache, (f"{EXAMPLES}/single_transaction_cache.py:transaction",),
          f"{EXAMPLES}/output/single_transaction_cache.txt"),
    Check("build-assets", build_assets, (f"{EXAMPLES}/build_assets.py:build", f"{EXAMPLES}/build_assets.py:runtime"),
          f"{EXAMPLES}/output/build_assets.txt"),
    Check("no-root", no_root, (f"{EXAMPLES}/no_root.py:refuse", f"{EXAMPLES}/Containerfile:user"),
          f"{EXAMPLES}/output/no_root.txt"),
    Check("kill-test", kill_test, (), f"{EXAMPLES}/output/kill_test.txt"),
]
