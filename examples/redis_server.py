"""Start Redis as redis.conf says, with one ACL user for the app whose
password comes from the environment, never from a file in the repository:

    export REDIS_PASSWORD=...    # at least 16 random characters
    python redis_server.py --dir /data    # more redis-server options
                                          # may follow
    # and the app's REDIS_URL:
    #   redis://app:${REDIS_PASSWORD}@127.0.0.1:6379/0

It replaces itself with redis-server (same process ID), so a supervisor's
signals reach Redis directly.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path


# --8<-- [start:acl]
def acl_options(password: str) -> list[str]:
    """No anonymous access, and one user for the app that may not run
    admin or dangerous commands (CONFIG, SHUTDOWN, FLUSHALL, KEYS, DEBUG…).
    Redis receives only the SHA-256 of the password: the password itself
    is not in its configuration, on its command line or in its
    environment."""
    digest = hashlib.sha256(password.encode()).hexdigest()
    # "off": no one can log in as the default user. It keeps its
    # permissions all the same: Redis 7.0 replays the transactions in the
    # append-only file (the Lua script's writes) as this user, and with
    # no permissions a restart silently drops every session (a bug, fixed
    # later: github.com/redis/redis/issues/14541).
    return ["--user", "default", "off", "~*", "+@all",
            "--user", "app", "on", f"#{digest}", "~*", "resetchannels",
            "+@all", "-@admin", "-@dangerous"]
# --8<-- [end:acl]


def main() -> None:
    password = os.environ.get("REDIS_PASSWORD", "")
    if len(password) < 16:
        raise SystemExit("REDIS_PASSWORD must hold at least 16 random "
                         "characters (see the docstring)")
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server not found")
    config = Path(__file__).with_name("redis.conf")
    # Redis need not see the password, not even in its environment.
    env = {k: v for k, v in os.environ.items() if k != "REDIS_PASSWORD"}
    os.execve(binary, [binary, str(config), *acl_options(password),
                       *sys.argv[1:]], env)


if __name__ == "__main__":
    main()
