#!/usr/bin/env bash
# Run every test: content model, alignment check, strict build, built HTML, snippet checker, real browser.
source "$(dirname "$0")/setup_env.sh"

# ensure_debian_package COMMAND PACKAGE OVERRIDE_VARIABLE: install PACKAGE with apt-get when COMMAND is missing,
# unless OVERRIDE_VARIABLE is set; without root, say what to install and stop.
ensure_debian_package() {
  local command=$1 package=$2 override=$3
  [ -n "${!override:-}" ] && return 0
  command -v "$command" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing $package with apt-get ..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package" >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package" >/dev/null; } \
      || { echo "error: apt-get could not install $package" >&2; exit 2; }
  else
    echo "error: $command is required: install it (Debian/Ubuntu: sudo apt-get install $package) or set $override." >&2
    exit 2
  fi
}

ensure_debian_package redis-server redis-server REDIS_URL   # the snippet checks run a real Redis
ensure_debian_package chromium chromium CHROMIUM            # the browser tests drive Debian's chromium
# Two to four pytest workers (pytest-xdist) where there are CPUs for them: many tests wait on a browser, a server or a
# build, so on two cores two workers run the suite in 0.6 of one process's time (4:20 against 7:22, each worker
# building its own session sites). TEST_WORKERS overrides (0: one process); so does an -n of your own, after ours.
cpus=$(nproc 2>/dev/null || echo 1)
workers=${TEST_WORKERS:-$(( cpus < 2 ? 0 : (cpus > 4 ? 4 : cpus) ))}
exec python -m pytest -n "$workers" "$@"
