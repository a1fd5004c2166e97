"""Interface strings the theme does not translate (data/ui-strings.yml): one key per string, one line per language."""

from __future__ import annotations

from pathlib import Path

from processes_kb.content import Problem
from processes_kb.datafile import LinedMap, load_yaml

UI_STRINGS = "data/ui-strings.yml"


def read_ui_strings(root: Path, languages: list[str]) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """key -> language -> string, and the schema problems (every key needs a non-empty string per language).

    Read anew on every call: `mkdocs serve` must see a translator's edit without a restart."""
    data = load_yaml(root, UI_STRINGS)
    if not isinstance(data, LinedMap):
        return {}, [Problem("ui-strings-format", UI_STRINGS, 1,
                            "expected a mapping: `key:` then one `lang: text` line per language")]
    strings, problems = {}, []
    for key, per_lang in data.items():
        if not isinstance(per_lang, LinedMap):
            problems.append(Problem("ui-strings-format", UI_STRINGS, data.lines[key],
                                    f"'{key}' needs one `lang: text` line per language"))
            continue
        strings[key] = {}
        for lang in languages:
            text = per_lang.get(lang)
            if lang not in per_lang:
                problems.append(Problem("ui-string-missing", UI_STRINGS, per_lang.line,
                                        f"'{key}' has no '{lang}' string: add `{lang}: …`", lang=lang))
            elif not isinstance(text, str) or not text.strip():
                problems.append(Problem("ui-string-empty", UI_STRINGS, per_lang.lines[lang],
                                        f"'{key}' has an empty '{lang}' string", lang=lang))
            else:
                strings[key][lang] = text
        for lang in per_lang:
            if lang not in languages:
                problems.append(Problem("language-unknown", UI_STRINGS, per_lang.lines[lang],
                                        f"'{key}' has a string for '{lang}', "
                                        f"which is not a language in mkdocs.yml ({', '.join(languages)})"))
    return strings, problems
