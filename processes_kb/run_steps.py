"""The "Run it yourself" steps of the examples page, run as a reader runs them (`kb snippets`, check `run-it-yourself`).

One source: examples/run.sh holds the steps in named sections; the pages include those sections (pymdownx.snippets)
and this check runs the same sections, read from the same file. It unpacks the downloadable examples archive
(processes_kb.examples_archive) into a scratch folder, as a reader unpacks it or clones the repository, and runs each
section there with `sh`: Redis and the Procfile's processes as long-running processes (a terminal of their own), then
the requests, whose output is compared with examples/output/run_requests.txt, the output block the pages show.

Two things differ from a reader's run, and only these: the ports (free ones instead of 6379, 5000 and 5001, replaced
as whole words in the commands, so that checks in parallel never meet), and the `setup` section, which needs the
network to install packages. It is not run: instead the check proves what it would do (it installs
examples/requirements.txt, whose pins are the versions this very interpreter runs the examples with), and `.venv`
in the scratch folder points at that interpreter's environment.
"""

from __future__ import annotations

import io
import json
import re
import socket
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

from processes_kb.content import section_marks
from processes_kb.example_checks import EXAMPLES, Check, CheckContext, CheckFailed, expect
from processes_kb.examples_archive import ARCHIVE_FOLDER, examples_archive
from processes_kb.process_group import answers_http, free_port, port_is_free, wait_until

RUN_STEPS = f"{EXAMPLES}/run.sh"
REQUIREMENTS = f"{EXAMPLES}/requirements.txt"
OUTPUT = f"{EXAMPLES}/output/run_requests.txt"
SECTIONS = ("setup", "secrets", "redis", "processes", "requests")  # in the order a reader runs them
DEFAULT_PORTS = {"redis": 6379, "web": 5000}  # web.2 listens on web + 1 (honcho: one port per instance)
PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)==(?P<version>\S+)")


class StepsError(CheckFailed):
    pass


def read_sections(file: Path) -> dict[str, str]:
    """name -> the section's lines, as pymdownx.snippets includes them (marker lines left out)."""
    lines = file.read_text(encoding="utf-8").splitlines()
    sections: dict[str, str] = {}
    open_name, first = None, 0
    for number, edge, name in section_marks("\n".join(lines)):
        if edge == "start":  # pymdownx.snippets: a section's lines are those between its markers
            expect(open_name is None, f"{file.name}:{number}: section '{name}' starts inside '{open_name}'")
            open_name, first = name, number
        else:
            expect(open_name == name, f"{file.name}:{number}: end of '{name}' without its start")
            sections[name] = "\n".join(lines[first:number - 1]).strip("\n") + "\n"
            open_name = None
    expect(open_name is None, f"{file.name}: section '{open_name}' is never ended")
    return sections


def with_ports(command: str, ports: dict[int, int]) -> str:
    """The command with the documented ports replaced, as whole words."""
    return re.sub(r"\b\d{4,5}\b", lambda m: str(ports.get(int(m.group(0)), m.group(0))), command)


def pins(file: Path) -> dict[str, str]:
    found = {}
    for line in file.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match:
            found[match["name"].lower()] = match["version"]
    return found


def check_setup(root: Path, setup: str) -> list[str]:
    """What the setup section would install is what the checks run with: (name, version) pins all installed."""
    expect(f"pip install -r {REQUIREMENTS}" in setup, f"{RUN_STEPS}: the setup section no longer installs {REQUIREMENTS}")
    wanted = pins(root / REQUIREMENTS)
    expect(bool(wanted), f"{REQUIREMENTS}: no `name==version` pins")
    for name, version in sorted(wanted.items()):
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            raise StepsError(f"{REQUIREMENTS}: {name} is not installed where the checks run") from None
        expect(installed == version, f"{REQUIREMENTS}: {name}=={version}, but the checks run {name} {installed} "
                                     "(pin the same version in both requirements files)")
    return [f"{name}=={version}" for name, version in sorted(wanted.items())]


def unpack(root: Path, folder: Path) -> Path:
    """The examples archive unpacked in `folder`, as a reader gets it: the folder to run the steps in."""
    with zipfile.ZipFile(io.BytesIO(examples_archive(root))) as archive:
        archive.extractall(folder)
    return folder / ARCHIVE_FOLDER


def run_it_yourself(ctx: CheckContext) -> tuple[str, str]:
    sections = read_sections(ctx.root / RUN_STEPS)
    missing = [name for name in SECTIONS if name not in sections]
    expect(not missing, f"{RUN_STEPS}: section(s) {', '.join(missing)} missing")
    installed = check_setup(ctx.root, sections["setup"])
    demo = unpack(ctx.root, ctx.folder)
    (demo / ".venv").symlink_to(sys.prefix)  # the environment the setup section would have made

    redis_port = free_port()
    web_port = free_port()
    while not port_is_free(web_port + 1) or web_port + 1 == redis_port:
        web_port = free_port()
    ports = {DEFAULT_PORTS["redis"]: redis_port, DEFAULT_PORTS["web"]: web_port,
             DEFAULT_PORTS["web"] + 1: web_port + 1}
    logs = {}

    def start(section: str):
        logs[section] = (ctx.folder / f"{section}.log").open("wb")
        return ctx.processes.start(["sh", "-c", with_ports(sections[section], ports)], cwd=demo,
                                   env={"PYTHONUNBUFFERED": "1"},
                                   stdout=logs[section], stderr=subprocess.STDOUT)

    def log(section: str) -> str:
        logs[section].flush()
        text = (ctx.folder / f"{section}.log").read_text(errors="replace").strip().splitlines()
        return " | ".join(text[-5:]) or "no output"

    secrets = subprocess.run(["sh", "-c", with_ports(sections["secrets"], ports)], cwd=demo, capture_output=True,
                             text=True, timeout=30)
    expect(secrets.returncode == 0 and (demo / ".env").is_file(),
           f"the secrets section failed ({secrets.returncode}) or wrote no .env: {secrets.stderr.strip()}")
    try:
        redis = start("redis")
        redis_up = lambda: (redis.poll() is not None) or _pong(redis_port)  # noqa: E731
        wait_until(redis_up, 10, "the redis section's redis-server")
        expect(redis.poll() is None, f"the redis section exited ({redis.returncode}): {log('redis')}")
        honcho = start("processes")
        for port in (web_port, web_port + 1):
            wait_until(lambda: honcho.poll() is not None or answers_http(f"http://127.0.0.1:{port}/healthz"), 30,
                       f"the processes section's web process on port {port}")
            expect(honcho.poll() is None, f"the processes section exited ({honcho.returncode}): {log('processes')}")
        requests = subprocess.run(["sh", "-c", with_ports(sections["requests"], ports)], cwd=demo,
                                  capture_output=True, text=True, timeout=30)
    finally:
        for file in logs.values():
            file.close()
    expect(requests.returncode == 0,
           f"the requests section failed ({requests.returncode}): {requests.stderr.strip() or requests.stdout}")
    answers = [json.loads(line) for line in requests.stdout.splitlines() if line.strip()]
    visits = [answer.get("visits") for answer in answers[:5]]
    expect(visits == [0, 1, 2, 2, 2], f"the requests' visits were {visits}, expected 0 1 2 2 2 (a new visitor, two "
                                      "visits, a retry counted once, the count read on the other process)")
    expect([answer.get("status") for answer in answers[5:]] == ["ok", "ready"],
           f"/healthz and /readyz answered {answers[5:]}")
    expect(len({answer["pid"] for answer in answers[1:3]}) == 2, "the two visits were served by one process")
    return requests.stdout, f"installs {', '.join(installed)}; ran from the unpacked archive"


def _pong(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith((b"+PONG", b"-NOAUTH"))  # up, with or without a password
    except OSError:
        return False


CHECK = Check("run-it-yourself", run_it_yourself,
              tuple(f"{RUN_STEPS}:{name}" for name in SECTIONS) + (REQUIREMENTS,), OUTPUT)
