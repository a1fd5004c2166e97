"""Build hook: theme texts Material does not translate per language, from data/ui-strings.yml.

The colour-scheme toggles' names (read by screen readers and shown as tooltips) are set once in mkdocs.yml; each
language's build gets its own. Runs after mkdocs-static-i18n has set up the language (low priority).
"""

from __future__ import annotations

from mkdocs.plugins import event_priority

from processes_kb.build_inputs import build_inputs

TOGGLE_STRINGS = {"slate": "palette_to_light", "default": "palette_to_dark"}  # the scheme shown -> where it leads


@event_priority(-200)
def on_config(config):
    lang = config.plugins["i18n"].current_language
    strings = build_inputs(config).strings
    for option in config.theme["palette"]:
        key = TOGGLE_STRINGS[option["scheme"]]
        if lang in strings.get(key, {}):
            option["toggle"]["name"] = strings[key][lang]
    return config
