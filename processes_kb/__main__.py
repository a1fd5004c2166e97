"""`python -m processes_kb` is `kb`."""

from processes_kb.cli import run

run()
