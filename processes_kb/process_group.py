"""Real OS processes for the snippet checks: start them, wait until they answer, and always stop them."""

from __future__ import annotations

import functools
import gzip
import hashlib
import importlib.util
import mimetypes
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

try:
    import brotli as _brotli
except ImportError:  # then gzip only (requirements.txt pins brotli)
    _brotli = None


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ProcessGroup:
    """Every process a check starts, each in its own session so that its children are stopped with it."""

    def __init__(self):
        self._processes: list[subprocess.Popen] = []
        self._lock = threading.Lock()
        self._closed = False

    def start(self, command: list[str], env: dict | None = None, cwd: Path | None = None,
              **popen) -> subprocess.Popen:
        popen.setdefault("stdout", subprocess.DEVNULL)
        popen.setdefault("stderr", subprocess.DEVNULL)
        with self._lock:  # held while starting, so that close() never misses a process
            if self._closed:
                raise RuntimeError("process group is closed: the run was stopped")
            process = subprocess.Popen(command, env={**os.environ, **(env or {})}, cwd=cwd,
                                       start_new_session=True, **popen)
            self._processes.append(process)
        return process

    def stop(self, process: subprocess.Popen, sig: int = signal.SIGTERM, grace: float = 5.0) -> None:
        if process.poll() is None:
            try:
                os.killpg(process.pid, sig)
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            except ProcessLookupError:
                pass
        # A group leader killed with -9 may leave children behind: sweep the group.
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def stop_all(self) -> None:
        with self._lock:
            processes, self._processes = self._processes, []
        for process in reversed(processes):
            self.stop(process)

    @property
    def closed(self) -> bool:
        """The run was stopped (timeout, Ctrl-C): a check's loops give up instead of waiting on dead processes."""
        return self._closed

    def close(self) -> None:
        """Stop everything and refuse new processes (a check still running in a thread may try)."""
        with self._lock:
            self._closed = True
        self.stop_all()

    def __enter__(self) -> "ProcessGroup":
        return self

    def __exit__(self, *exc) -> None:
        self.stop_all()


def wait_until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise TimeoutError(f"{what} not ready after {timeout:.0f} s")


def answers_http(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


class StartFailed(RuntimeError):
    pass


# The password of the app's Redis user in every Redis the checks start: made up for this run, never stored.
REDIS_PASSWORD = secrets.token_urlsafe(24)
REDIS_USER = "app"


@dataclass
class RedisServer:
    process: subprocess.Popen
    port: int
    folder: Path  # its data directory (the AOF)
    config: Path | None
    password: str | None = None  # the app user's, when started with the ACL

    @property
    def url(self) -> str:
        credentials = f"{REDIS_USER}:{self.password}@" if self.password else ""
        return f"redis://{credentials}127.0.0.1:{self.port}"


@functools.cache
def _acl_options(launcher: Path):
    """`acl_options(password)` of examples/redis_server.py."""
    spec = importlib.util.spec_from_file_location("redis_server", launcher)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.acl_options


def start_redis(group: ProcessGroup, folder: Path, config: Path | None = None, port: int | None = None,
                options: tuple[str, ...] = (), through_launcher: bool = False) -> RedisServer:
    """A redis-server on 127.0.0.1 with its data in `folder`, answering when this returns.

    With `config` (examples/redis.conf) it starts as the readers are told to, through the launcher beside it
    (examples/redis_server.py): persisting as that file says, anonymous access off, and the app's ACL user with
    REDIS_PASSWORD (then `url` carries the credentials). Without, it is throwaway, open, and persists nothing.
    A restart passes the same folder and port: Redis then reloads its append-only file. `options` are more
    redis-server options (`--maxmemory 2mb`). Redis gets the launcher's options without the launcher itself (one Python
    start less per Redis) unless `through_launcher`.
    """
    binary = shutil.which("redis-server")
    if binary is None:
        raise FileNotFoundError("redis-server not found: install it (Debian: apt-get install redis-server) "
                                "or set REDIS_URL")
    if config and not config.is_file():
        raise FileNotFoundError(f"{config}: Redis configuration not found")
    launcher = config.with_name("redis_server.py") if config else None
    if launcher and not launcher.is_file():
        raise FileNotFoundError(f"{launcher}: the Redis launcher is missing")
    folder.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    if launcher and through_launcher:
        start = [sys.executable, str(launcher)]
    elif launcher:  # the same options the launcher gives, without starting Python for each Redis
        start = [binary, str(config), *_acl_options(launcher)(REDIS_PASSWORD)]
    else:
        start = [binary, "--save", "", "--appendonly", "no"]
    log = folder / "redis-server.log"
    with log.open("ab") as output:
        process = group.start([*start, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
                               "--databases", "32", *options], env={"REDIS_PASSWORD": REDIS_PASSWORD},
                              stdout=output, stderr=subprocess.STDOUT)

    def answers() -> bool:
        if process.poll() is not None:
            raise StartFailed(_redis_start_error(log.read_text(errors="replace"), config, process.returncode, port))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith((b"+PONG", b"-NOAUTH"))  # NOAUTH: up, and anonymous access off
        except OSError:
            return False

    wait_until(answers, 10, f"redis-server on port {port}")
    return RedisServer(process, port, folder, config, REDIS_PASSWORD if launcher else None)


def _redis_start_error(log: str, config: Path | None, status: int, port: int) -> str:
    """`file:line: reason` for an error in the configuration file, else redis-server's last words."""
    line = re.search(r"Reading the configuration file, at line (\d+)\n>>> (.*)\n(.*)", log)
    if config and line and int(line[1]) <= len(config.read_text(errors="replace").splitlines()):
        return f"{config}:{line[1]}: {line[3].strip()} ({line[2].strip()})"
    last = log.strip().splitlines()[-1] if log.strip() else "no message"
    return f"redis-server exited at start (status {status}) on port {port}: {last}"


def child_pids(pid: int) -> list[int]:
    """The processes whose parent is `pid` (a gunicorn master's workers), read from /proc."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            children.append(int(stat.parent.name))
    return children


class _QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


# A file name with a content hash (bundle.a5f9d56c.min.js, extra.3f2a1b9c.css): its content never changes.
FINGERPRINTED = re.compile(r"[.\-_][0-9a-f]{8,}[.\-_]")
_TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml",
               "application/manifest+json", "application/x-ndjson")
_TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json", ".map": "application/json",
          ".svg": "image/svg+xml", ".xml": "application/xml", ".webmanifest": "application/manifest+json",
          ".woff2": "font/woff2", ".wasm": "application/wasm", ".md": "text/markdown", ".csv": "text/csv",
          ".tbx": "application/xml"}


class _StaticHost(_QuietFiles):
    """What a production static host sends (Netlify, Cloudflare Pages, nginx with gzip_static/brotli_static):
    text types compressed (br when the browser takes it and the brotli module is installed, else gzip), a charset on
    text, a year of immutable caching for fingerprinted files and revalidation (ETag) for the rest, and the nearest
    404.html (/uk/404.html for /uk/…) with status 404."""

    _compressed: dict = {}  # (path, mtime, encoding) -> bytes, shared by all requests: files are compressed once
    _lock = threading.Lock()

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def _respond(self, head: bool) -> None:
        path = Path(self.translate_path(self.path))
        raw_path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path.is_dir():
            if not raw_path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", raw_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, self._not_found_page(raw_path)
            if path is None:
                self.send_error(404)
                return
        body = path.read_bytes()
        kind = _TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        text = kind.startswith(_TEXT_TYPES)
        etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
        if status == 200 and etag in self.headers.get("If-None-Match", ""):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        encoding = self._encoding(path, body) if text else None
        if encoding:
            body = self._compress(path, body, encoding)
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8" if text else kind)
        self.send_header("Content-Length", str(len(body)))
        if status == 200:
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", "public, max-age=31536000, immutable" if FINGERPRINTED.search(path.name)
                             else "public, max-age=0, must-revalidate")
        if text:
            self.send_header("Vary", "Accept-Encoding")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _not_found_page(self, raw_path: str) -> Path | None:
        root = Path(self.directory)
        first = raw_path.strip("/").split("/", 1)[0]
        for candidate in ([root / first / "404.html"] if first else []) + [root / "404.html"]:
            if candidate.is_file():
                return candidate
        return None

    def _encoding(self, path: Path, body: bytes) -> str | None:
        if len(body) < 256:
            return None
        accepted = set()
        for part in self.headers.get("Accept-Encoding", "").split(","):
            name, _, params = part.strip().partition(";")
            if params.strip().replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
                accepted.add(name.strip().lower())
        if "br" in accepted and _brotli is not None:
            return "br"
        return "gzip" if "gzip" in accepted else None

    def _compress(self, path: Path, body: bytes, encoding: str) -> bytes:
        key = (str(path), path.stat().st_mtime_ns, encoding)
        with self._lock:
            cached = self._compressed.get(key)
        if cached is None:
            cached = _brotli.compress(body, quality=11) if encoding == "br" else gzip.compress(body, 9, mtime=0)
            with self._lock:
                self._compressed[key] = cached
        return cached


def serve_directory(folder: Path, port: int = 0, compress: bool = False) -> ThreadingHTTPServer:
    """Serve `folder` over HTTP on 127.0.0.1 from a background thread, as a static host would; call shutdown().

    With `compress`, as a production host serves it: compressed text, cache headers, 404 pages (`_StaticHost`)."""
    handler = _StaticHost if compress else _QuietFiles
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
