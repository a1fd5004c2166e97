"""The snippet checker: real processes and a real Redis; fails with a diff when code or output drifts."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, replace_in

from processes_kb.example_checks import CHECKS
from processes_kb.snippets import find_inclusions, normalise

pytestmark = pytest.mark.examples


def checker_command(root: Path, *args: str) -> list[str]:
    """`kb snippets ARGS…` on the project at `root`."""
    return [sys.executable, "-m", "processes_kb", "--root", str(root), "snippets", *args]


def run_checker(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(checker_command(root, *args), capture_output=True, text=True, timeout=600)


def leftover_processes(root: Path) -> str:
    """Command lines of running processes that mention `root` (read from /proc, like `pgrep -af`)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        if str(root) in command and "processes_kb --root" not in command:
            found.append(command)
    return "\n".join(found)


def test_every_snippet_on_every_page_passes_its_check():
    result = run_checker(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    inclusions, problems = find_inclusions(ROOT)
    assert problems == []
    table = result.stdout.split("\n\n")[0].splitlines()[2:]
    assert len(table) == len(inclusions) >= 20
    for row in table:
        assert " ok " in row and "(en uk vi fr pt)" in row, row
    for check in CHECKS:
        assert f"[ok] {check.name}" in result.stdout
    assert "sessions lost: 0" in result.stdout


def test_changed_snippet_with_stale_page_output_fails_with_a_diff(project_copy):
    replace_in(project_copy / "examples/webapp.py", '"SESSION_TTL_SECONDS", "1800"', '"SESSION_TTL_SECONDS", "900"')
    result = run_checker(project_copy, "--only", "stateless-sessions")
    assert result.returncode == 1
    assert "[FAILED] stateless-sessions" in result.stdout
    assert "output shown on the pages is stale" in result.stdout
    assert "-Set-Cookie: sid=<id>; Path=/; HttpOnly; SameSite=Lax; Max-Age=1800; Secure" in result.stdout
    assert "+Set-Cookie: sid=<id>; Path=/; HttpOnly; SameSite=Lax; Max-Age=900; Secure" in result.stdout
    assert leftover_processes(project_copy) == ""


def test_update_rewrites_the_recorded_output_only_when_asked(project_copy):
    recorded = project_copy / "examples/output/health_check.txt"
    recorded.write_text("something else\n")
    assert run_checker(project_copy, "--only", "health-check").returncode == 1
    assert recorded.read_text() == "something else\n"
    assert run_checker(project_copy, "--only", "health-check", "--update").returncode == 0
    assert recorded.read_text() == (ROOT / "examples/output/health_check.txt").read_text()


@pytest.mark.parametrize(
    ("old", "new", "check", "message"),
    [
        ("HttpOnly; ", "", "stateless-sessions", "cookie lacks HttpOnly/SameSite"),
        # The idempotency record no longer replayed: a retried POST counts twice.
        ("if recorded then return {tonumber(recorded), 1} end", "", "http-semantics",
         "a retry with the same key counted twice"),
        # Liveness that waits on Redis: the probes fail while Redis is frozen.
        ("            return health_check(start_response)",
         "            store.redis.ping()\n            return health_check(start_response)",
         "frozen-redis", "/healthz while Redis was frozen"),
        # No thread kept free: /healthz queues behind requests stuck on a frozen Redis.
        ("BoundedSemaphore(WEB_THREADS - 1)", "BoundedSemaphore(WEB_THREADS)", "frozen-redis",
         "/healthz while Redis was frozen: no answer after"),
    ],
)
def test_a_broken_snippet_fails_its_check(project_copy, old, new, check, message):
    replace_in(project_copy / "examples/webapp.py", old, new)
    result = run_checker(project_copy, "--only", check)
    assert result.returncode == 1
    assert f"[FAILED] {check}" in result.stdout and message in result.stdout
    assert leftover_processes(project_copy) == ""


# Each production default of issue 27, broken on purpose, fails its check with a message that says what broke.
# Breaks aimed at different checks share one run (the checks run in parallel); one check, one break per run.
PRODUCTION_BREAKS = {
    "secure cookie": ("webapp.py", 'secure = "; Secure" if SESSION_COOKIE_SECURE else ""', 'secure = ""',
                      "stateless-sessions", "cookie lacks Secure by default"),
    "no jitter": ("webapp.py", "return str(random.randint(*RETRY_AFTER_SECONDS))", "return str(RETRY_AFTER_SECONDS[0])",
                  "health-check", "no jitter, the clients come back at the same moment"),
    "a log line per failed request": ("webapp.py", "            if state == self.state:\n                return\n", "",
                                      "health-check", "logged once per incident, not per request"),
    "readiness follows Redis": ("webapp.py", "pass  # the state tells; a full bulkhead keeps the last one seen",
                                'return unavailable(start_response, "session store unavailable")',
                                "health-check", "a Redis outage must not make every replica unready"),
    "readiness flaps on a full bulkhead": ("webapp.py", "    if OVERLOAD.check():", "    if REDIS_SLOTS._value == 0:",
                                           "frozen-redis", "readiness must not flap"),
    "overload never noticed": ("webapp.py", "            if all(away > self.ENTER", "            if False and all(away > self.ENTER",
                               "overload", "readiness 503 under sustained overload not ready"),
    "maxmemory reported as an outage": ("webapp.py", "if isinstance(error, redis.OutOfMemoryError)", "if False",
                                        "maxmemory",
                                        "expected 200 with redis: refusing writes"),
    "idempotency records kept 30 min": ("webapp.py", '"IDEMPOTENCY_TTL_SECONDS",\n                                             "300"',
                                        '"IDEMPOTENCY_TTL_SECONDS",\n                                             "1800"',
                                        "maxmemory", "expected at most 300 s"),
    "anonymous Redis": ("redis_server.py", '"--user", "default", "off", "~*", "+@all",',
                        '"--user", "default", "on", "nopass", "~*", "+@all",', "redis-acl",
                        "a client without a password got +PONG"),
    "default user without permissions": ("redis_server.py", '"--user", "default", "off", "~*", "+@all",',
                                         '"--user", "default", "off",', "maxmemory", "GET / at maxmemory: 200 {'visits': 0"),
    "no graceful drain": ("gunicorn.conf.py", '"GRACEFUL_TIMEOUT", "20"', '"GRACEFUL_TIMEOUT", "0"', "rolling-restart",
                          "the drain is not graceful"),
}


@pytest.mark.parametrize("breaks", [
    ("secure cookie", "no jitter", "maxmemory reported as an outage", "anonymous Redis", "no graceful drain",
     "overload never noticed"),
    ("a log line per failed request", "default user without permissions", "readiness flaps on a full bulkhead"),
    ("readiness follows Redis", "idempotency records kept 30 min"),
], ids=["run-1", "run-2", "run-3"])
def test_each_production_default_broken_fails_its_check(project_copy, breaks):
    checks = []
    for name in breaks:
        file, old, new, check, _ = PRODUCTION_BREAKS[name]
        replace_in(project_copy / "examples" / file, old, new)
        assert check not in checks, f"two breaks for {check} in one run"
        checks.append(check)
    result = run_checker(project_copy, *(arg for check in checks for arg in ("--only", check)))
    assert result.returncode == 1
    for name in breaks:
        _, _, _, check, message = PRODUCTION_BREAKS[name]
        report = result.stdout.split(f"[FAILED] {check}", 1)
        assert len(report) == 2, f"{name}: {check} did not fail\n{result.stdout[-3000:]}"
        assert message in report[1].split("\n[", 1)[0], f"{name}: {report[1][:800]}"
    assert leftover_processes(project_copy) == ""


def test_every_production_default_is_broken_in_some_run():
    runs = test_each_production_default_broken_fails_its_check.pytestmark[0].args[1]
    assert sorted(name for run in runs for name in run) == sorted(PRODUCTION_BREAKS)


def test_a_broken_redis_conf_is_bad_input_with_its_line(project_copy):
    text = replace_in(project_copy / "examples/redis.conf", "appendfsync everysec", "appendfsync sometimes")
    line = text.splitlines().index("appendfsync everysec") + 1
    result = run_checker(project_copy, "--only", "no-root")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"error: {project_copy}/examples/redis.conf:{line}: " in result.stderr
    assert "('appendfsync sometimes')" in result.stderr


@pytest.mark.parametrize(
    ("include", "message"),
    [
        ('--8<-- "examples/webapp.py:no-such-section"',
         "snippet section 'no-such-section' not found in examples/webapp.py "
         "(mark it with `# --8<-- [start:no-such-section]`)"),
        ('--8<-- "examples/missing.py"', "snippet file 'examples/missing.py' does not exist"),
        ('--8<-- "examples/webapp.py"', "snippet 'examples/webapp.py' is shown but no check runs it"),
        ("def pasted(): pass", "code block 'code-refuse' has code pasted into the page: include it from a checked "
                               'file with `--8<-- "path:section"`'),
    ],
)
def test_a_page_including_what_does_not_exist_or_is_unchecked_fails(project_copy, include, message):
    text = replace_in(project_copy / "docs/fr/examples.md", '--8<-- "examples/no_root.py:refuse"', include)
    line = text.splitlines().index('--8<-- "examples/no_root.py:refuse"') + 1
    result = run_checker(project_copy, "--only", "no-root")
    assert result.returncode == 1
    assert f"docs/fr/examples.md:{line}: {message}" in result.stdout


def test_ctrl_c_stops_every_process_it_started(project_copy):
    # As in a terminal: SIGINT not ignored, even when the tests themselves run as a background job (which ignores it)
    checker = subprocess.Popen(checker_command(project_copy, "--only", "kill-test", "--only", "sticky-sessions"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 30
    while "gunicorn" not in leftover_processes(project_copy) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "gunicorn" in leftover_processes(project_copy)
    checker.send_signal(signal.SIGINT)
    stdout, stderr = checker.communicate(timeout=60)
    assert checker.returncode == 130, stdout + stderr
    assert "every process started was stopped" in stderr
    assert leftover_processes(project_copy) == ""


def test_normalise_hides_ports_pids_ids_and_times():
    raw = "127.0.0.1:43121 pid 991 sid=NXcWdHYlUTBwRfR5JPgWQYpLOR-7htM0LdmWgRtZOVA took 12.5 ms\n\n"
    assert normalise(raw) == "127.0.0.1:<port> pid <pid> sid=<id> took <time>\n"


def test_a_check_past_its_timeout_fails_and_its_processes_are_stopped(project_copy):
    result = run_checker(project_copy, "--only", "kill-test", "--timeout", "1")
    assert result.returncode == 1
    assert "[FAILED] kill-test" in result.stdout and "timed out after 1 s" in result.stdout
    time.sleep(1)  # the check's thread notices its processes are gone and gives up
    assert leftover_processes(project_copy) == ""


def test_without_redis_server_it_says_what_to_install(tmp_path):
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path)}  # no redis-server on PATH, no REDIS_URL
    result = subprocess.run(checker_command(ROOT, "--only", "no-root"), capture_output=True,
                            text=True, env=env, timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "redis-server not found: install it (Debian: apt-get install redis-server) or set REDIS_URL" in result.stderr
