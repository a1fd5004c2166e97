#!/usr/bin/env bash
# The toolkit's command, ready after a fresh clone: sets up .venv, then runs `kb` with your arguments.
# Example: bash scripts/kb.sh check --lang uk      (bash scripts/kb.sh --help lists every command)
source "$(dirname "$0")/setup_env.sh" >&2
exec kb "$@"
