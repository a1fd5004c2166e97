# Sourced by scripts/serve.sh, scripts/test.sh and scripts/kb.sh: makes .venv with the pinned requirements and the
# toolkit package (processes_kb, editable), once per change of requirements.txt or pyproject.toml.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
if [ ! -x "$VENV/bin/python" ]; then
  # Python 3.11 or newer: PYTHON if set, else the newest python3.X that runs, else python3.
  if [ -z "${PYTHON:-}" ]; then
    for candidate in python3.14 python3.13 python3.12 python3.11 python3; do
      if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
        PYTHON="$candidate"; break
      fi
    done
  fi
  PYTHON_BIN="${PYTHON:-python3}"
  if ! "$PYTHON_BIN" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
    echo "error: Python 3.11 or newer is required (found: $("$PYTHON_BIN" --version 2>&1 | head -1))." \
         "Install it, or set PYTHON=/path/to/python3.11-or-newer." >&2
    exit 2
  fi
  echo "Creating $VENV with $("$PYTHON_BIN" --version) ..." >&2
  "$PYTHON_BIN" -m venv "$VENV"
fi
STAMP="$VENV/.requirements.sha256"
WANT="$(cat "$ROOT/requirements.txt" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  echo "Installing pinned requirements and the toolkit into $VENV ..." >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/requirements.txt"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e "$ROOT"
  echo "$WANT" > "$STAMP"
fi
export PATH="$VENV/bin:$PATH"
export NO_MKDOCS_2_WARNING=1   # Material's end-of-life notice; the move is tracked in the README
cd "$ROOT"
