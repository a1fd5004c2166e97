"""Typography: the rules of each language that a machine can check, on every prose segment and front-matter text.

Each rule names the character to use, so that a translator can fix the line without reading a style guide first;
the style guide per language (CONTRIBUTING.md) explains them. Code, link targets, HTML tags and attribute lists are
not prose and are masked before the rules run.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from processes_kb.content import Page, Problem, Site

NBSP, NNBSP = "\u00a0", "\u202f"

# Not prose: inline code, link targets, autolinks and HTML tags, attribute lists. Replaced by spaces of the same
# length, so positions (and so line numbers) stay right.
NOT_PROSE = re.compile(r"(`+)(?:(?!\1).)+?\1|\]\([^)\s]*(?:\([^)\s]*\)[^)\s]*)*\)|<[^>\n]+>|\{[:#.][^}\n]*\}|"
                       r"\{ *[a-z-]+=[^}\n]*\}", re.DOTALL)


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern
    message: str  # may use {found}


CYRILLIC = "а-щьюяґєіїА-ЩЬЮЯҐЄІЇ"
RULES: dict[str, list[Rule]] = {
    "*": [
        Rule(re.compile(r'"'), "straight quote '\"' in prose: use the language's quotation marks"),
    ],
    "uk": [
        Rule(re.compile(rf"(?<=[{CYRILLIC}])['’`](?=[{CYRILLIC}])"),
             "apostrophe '{found}' in a Ukrainian word: use ʼ (U+02BC)"),
    ],
    "fr": [
        Rule(re.compile(r"(?<=\S) (?=[;!?])"), "ordinary space before '{next}': use a narrow no-break space (U+202F)"),
        Rule(re.compile(r"(?<=\S) (?=:(\s|$))"), "ordinary space before ':': use a no-break space (U+00A0)"),
        Rule(re.compile(r"(?<=[\w»)])(?=[;!?](\s|$))"), "no space before '{next}': add a narrow no-break space "
                                                          "(U+202F)"),
        Rule(re.compile(r"(?<=[^\W\d])(?=:(\s|$))"), "no space before ':': add a no-break space (U+00A0)"),
        Rule(re.compile(r"«(?=[ \w])|(?<=[ \w.!?])»"), "'{found}' needs a no-break space (U+00A0) on its inner side"),
    ],
}


def prose_of(text: str) -> str:
    return NOT_PROSE.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)


def text_problems(text: str, lang: str, path: str, first_line: int) -> list[Problem]:
    problems = []
    if not unicodedata.is_normalized("NFC", text):
        offset = next(i for i, char in enumerate(text) if unicodedata.combining(char))
        problems.append(Problem(path, first_line + text.count("\n", 0, offset),
                                "text is not in Unicode NFC (a letter and a separate combining accent): "
                                "save it with precomposed letters (NFC)"))
    prose = prose_of(text)
    for rule in RULES["*"] + RULES.get(lang, []):
        for match in rule.pattern.finditer(prose):
            after = prose[match.end(): match.end() + 1]
            message = rule.message.format(found=match[0], next=after)
            problems.append(Problem(path, first_line + prose.count("\n", 0, match.start()), message))
    return problems


def page_problems(page: Page) -> list[Problem]:
    problems = []
    for key, value in page.meta.items():
        if isinstance(value, str):
            problems.extend(text_problems(value, page.lang, page.path, page.meta_lines.get(key, 1)))
    for segment in page.segments:
        if segment.kind != "code":
            problems.extend(text_problems(segment.text, page.lang, page.path, segment.line))
    return problems


def typography_problems(site: Site) -> list[Problem]:
    return [problem for lang in site.languages for page in site.pages[lang].values()
            for problem in page_problems(page)]


def colon(lang: str) -> str:
    """A colon between a label and what follows, as the language's typography wants it (French: a no-break space
    before it). Used by the markup and exports the build writes."""
    return f"{NBSP}: " if lang == "fr" else ": "
