#!/usr/bin/env bash
# Serve the site locally with live reload: http://127.0.0.1:8000/ (pass mkdocs serve options to override).
# --lang LANG: a translator's preview, English and LANG only (http://127.0.0.1:8000/LANG/), with only LANG's warnings
# and the shared ones; a save shows sooner than with all languages (`kb bench preview LANG` measures both).
unset KB_PREVIEW_LANG   # read by mkdocs.yml: the arguments decide, not a variable left in the shell
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --lang) lang="${2:-}"; shift $(( $# < 2 ? 1 : 2 )) ;;
    --lang=*) lang="${1#--lang=}"; shift ;;
    *) args+=("$1"); shift; continue ;;
  esac
  if [ -z "$lang" ] || [ "${lang#-}" != "$lang" ]; then
    echo "error: --lang needs a language code, such as: bash scripts/serve.sh --lang uk" >&2
    exit 2
  fi
  export KB_PREVIEW_LANG="$lang"
done
source "$(dirname "$0")/setup_env.sh"
exec mkdocs serve -a "${ADDR:-127.0.0.1:8000}" ${args[@]+"${args[@]}"}
