"""Real OS processes for the snippet checks: start them, wait until they answer, and always stop them."""

from __future__ import annotations

import functools
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


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


def start_redis(group: ProcessGroup, folder: Path) -> str:
    """A throwaway redis-server on a free port, persisting nothing; returns its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise FileNotFoundError("redis-server not found: install it (Debian: apt-get install redis-server) "
                                "or set REDIS_URL")
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    group.start([binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", "",
                 "--appendonly", "no", "--databases", "32"])

    def pong() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    wait_until(pong, 10, f"redis-server on port {port}")
    return f"redis://127.0.0.1:{port}"


class _QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve_directory(folder: Path, port: int = 0) -> ThreadingHTTPServer:
    """Serve `folder` over HTTP on 127.0.0.1 from a background thread, as a static host would; call shutdown()."""
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_QuietFiles, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
