#!/usr/bin/env bash
# Run every test: content model, alignment check, strict build of all languages, built HTML checks.
source "$(dirname "$0")/setup_env.sh"
exec python -m pytest "$@"
