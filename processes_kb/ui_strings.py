"""Interface strings the theme does not translate (data/ui-strings.yml): one key per string, one line per language;
and how each language writes the numbers they show, by the CLDR rules (through Babel): digits, percentages, and the
plural form a count takes.

A string that shows a count (COUNTED) gives one text per CLDR plural category of its language instead of one line;
`kb check` holds each language to exactly the categories CLDR gives it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal, format_percent

from processes_kb.content import Problem
from processes_kb.datafile import LinedMap, load_yaml

UI_STRINGS = "data/ui-strings.yml"
# Strings that show a count -> the placeholder whose number picks the plural form.
COUNTED = {"checklist_progress": "done"}
PLURAL_ORDER = ("zero", "one", "two", "few", "many", "other")  # CLDR's order, which messages follow
PLACEHOLDER = re.compile(r"\{(\w+)\}")


# ---------------------------------------------------------------- numbers, the language's way (CLDR)


@lru_cache(maxsize=None)
def cldr_locale(tag: str) -> Locale:
    """Babel's locale for a language tag (`pt-BR`, `uk`); CLDR's root locale for a language it does not know."""
    try:
        return Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale("root")


def plural_categories(tag: str) -> list[str]:
    """The CLDR plural categories of a language's cardinal numbers, `other` included: en one, other; uk one, few,
    many, other."""
    found = set(cldr_locale(tag).plural_form.tags) | {"other"}
    return [category for category in PLURAL_ORDER if category in found]


def plural_category(tag: str, count: int | Decimal) -> str:
    return cldr_locale(tag).plural_form(count)


def format_count(count: int, tag: str) -> str:
    """A whole number as the language writes it (French 1 234 with U+202F, Portuguese 1.234)."""
    return format_decimal(count, locale=cldr_locale(tag))


def format_share(done: int, total: int, tag: str) -> str:
    """`done` of `total` as a whole percentage, rounded down (100 % only when complete), as the language writes it:
    English 100%, French 100 % (U+00A0)."""
    percent = 100 * done // total if total else 100
    return format_percent(Decimal(percent) / 100, locale=cldr_locale(tag))


def _examples(tag: str, category: str) -> str:
    """Counts of a plural category, for a message: `2, 3, 4, 22`, or a fraction when no whole number has it."""
    numbers = [n for n in [*range(200), 1000, 1000000] if plural_category(tag, n) == category][:4]
    if not numbers:
        numbers = [d for d in (Decimal("0.5"), Decimal("1.5"), Decimal("2.5")) if plural_category(tag, d) == category]
    return ", ".join(str(n) for n in numbers)


@dataclass(frozen=True)
class CountedText:
    """An interface string that shows a count: its text for each plural category of the language. `format` picks the
    form by the number in the `count_by` placeholder and writes every number the language's way."""

    forms: dict[str, str]  # CLDR plural category -> text
    tag: str
    count_by: str

    def format(self, **numbers: int) -> str:
        form = self.forms[plural_category(self.tag, numbers[self.count_by])]
        return form.format(**{name: format_count(value, self.tag) for name, value in numbers.items()})


# ---------------------------------------------------------------- reading and checking data/ui-strings.yml


def read_ui_strings(root: Path, languages: list[str], tags: dict[str, str] | None = None
                    ) -> tuple[dict[str, dict[str, str | CountedText]], list[Problem]]:
    """key -> language -> string (a CountedText for a COUNTED key), and the schema problems: every key needs a
    non-empty string per language, a counted one exactly the plural forms of each language, and every text the
    placeholders of the default language's. `tags`: language -> BCP 47 tag (Site.tags), where not the code.

    Read anew on every call: `mkdocs serve` must see a translator's edit without a restart."""
    tags = tags or {}
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
            if lang not in per_lang:
                problems.append(Problem("ui-string-missing", UI_STRINGS, per_lang.line,
                                        f"'{key}' has no '{lang}' string: add `{lang}: …`", lang=lang))
                continue
            text, found = _read_text(key, lang, per_lang, tags.get(lang, lang))
            problems += found
            if text is not None:
                strings[key][lang] = text
        for lang in per_lang:
            if lang not in languages:
                problems.append(Problem("language-unknown", UI_STRINGS, per_lang.lines[lang],
                                        f"'{key}' has a string for '{lang}', "
                                        f"which is not a language in mkdocs.yml ({', '.join(languages)})"))
        if languages and languages[0] in strings[key]:
            problems += _placeholder_problems(key, per_lang, strings[key], languages[0])
    return strings, problems


def _read_text(key: str, lang: str, per_lang: LinedMap, tag: str) -> tuple[str | CountedText | None, list[Problem]]:
    """One language's string of a key: a text, or for a counted key its plural forms."""
    text, line = per_lang[lang], per_lang.lines[lang]
    if key not in COUNTED:
        if isinstance(text, LinedMap):
            return None, [Problem("ui-strings-format", UI_STRINGS, line,
                                  f"'{key}' shows no count: give '{lang}' one line of text, not plural forms",
                                  lang=lang)]
        if not isinstance(text, str) or not text.strip():
            return None, [Problem("ui-string-empty", UI_STRINGS, line, f"'{key}' has an empty '{lang}' string",
                                  lang=lang)]
        return text, []
    wanted = plural_categories(tag)
    if not isinstance(text, LinedMap):
        return None, [Problem("ui-string-plural", UI_STRINGS, line,
                              f"'{key}' shows a count: give '{lang}' one line per plural form "
                              f"({', '.join(wanted)}), as the file's header shows", lang=lang)]
    problems = []
    for category in wanted:
        if category not in text:
            problems.append(Problem("ui-string-plural", UI_STRINGS, line,
                                    f"'{key}' ({lang}) has no '{category}' form (counts such as "
                                    f"{_examples(tag, category)}): add `{category}: …`", lang=lang))
        elif not isinstance(text[category], str) or not text[category].strip():
            problems.append(Problem("ui-string-empty", UI_STRINGS, text.lines[category],
                                    f"'{key}' ({lang}) has an empty '{category}' form", lang=lang))
    for category in text:
        if category not in wanted:
            problems.append(Problem("ui-string-plural", UI_STRINGS, text.lines[category],
                                    f"'{key}' ({lang}) has a '{category}' form, which '{lang}' does not use: "
                                    f"its forms are {', '.join(wanted)}", lang=lang))
    if problems:
        return None, problems
    return CountedText({category: text[category] for category in wanted}, tag, COUNTED[key]), []


def _texts(value: str | CountedText) -> list[tuple[str | None, str]]:
    """(plural category or None, text) of a string."""
    return list(value.forms.items()) if isinstance(value, CountedText) else [(None, value)]


def _placeholder_problems(key: str, per_lang: LinedMap, texts: dict, default: str) -> list[Problem]:
    """Every text of a key has the `{…}` placeholders of the default language's (the build fills them in)."""
    wanted = {name for _, text in _texts(texts[default]) for name in PLACEHOLDER.findall(text)}
    if key in COUNTED:
        wanted.add(COUNTED[key])
    problems = []
    for lang, value in texts.items():
        for category, text in _texts(value):
            if set(PLACEHOLDER.findall(text)) != wanted:
                where = f"'{key}' ({lang}, form '{category}')" if category else f"'{key}' ({lang})"
                line = per_lang[lang].lines[category] if category else per_lang.lines[lang]
                shown = ", ".join("{" + name + "}" for name in sorted(wanted)) or "no {…}"
                problems.append(Problem("ui-string-placeholders", UI_STRINGS, line,
                                        f"{where} must contain {shown}, as in '{default}'", lang=lang))
    return problems
