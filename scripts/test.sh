#!/usr/bin/env bash
# Run every test: content model, alignment check, strict build of all languages, built HTML, snippet checker.
source "$(dirname "$0")/setup_env.sh"
# Debian packages the snippet checks run for real: redis-server (and unshare, from util-linux).
if [ -z "${REDIS_URL:-}" ] && ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing redis-server with apt-get ..."
    (apt-get install -y -q redis-server >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q redis-server >/dev/null; }) \
      || { echo "error: apt-get could not install redis-server" >&2; exit 2; }
  else
    echo "error: redis-server is required: install it (Debian/Ubuntu: sudo apt-get install redis-server) or set REDIS_URL." >&2
    exit 2
  fi
fi
exec python -m pytest "$@"
