#!/usr/bin/env bash
# Serve the site locally with live reload: http://127.0.0.1:8000/ (pass mkdocs serve options to override).
source "$(dirname "$0")/setup_env.sh"
exec mkdocs serve -a "${ADDR:-127.0.0.1:8000}" "$@"
