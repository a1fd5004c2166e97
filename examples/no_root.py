"""Refuse privileged execution: a twelve-factor process never needs root.

Usage: python no_root.py   (exits with status 1 when run as root)
"""

from __future__ import annotations

import os
import sys


# --8<-- [start:refuse]
def refuse_privileged_execution() -> None:
    if os.geteuid() == 0:
        sys.exit("refusing to run as root: "
                 "start this process as an unprivileged user")
# --8<-- [end:refuse]


if __name__ == "__main__":
    refuse_privileged_execution()
    print(f"running as unprivileged user {os.geteuid()}")
