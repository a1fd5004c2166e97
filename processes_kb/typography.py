"""Typography: the rules of each language that a machine can check, on every prose segment and front-matter text.

Each rule names the character to use, so that a translator can fix the line without reading a style guide first;
the style guide per language (CONTRIBUTING.md) explains them. The rules run on what a reader reads: a segment's prose
from the content model (its text and link texts, not code, link targets, HTML tags or attribute lists) and its link
titles; front-matter texts and diagram labels with code, HTML tags and attribute lists masked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from processes_kb.content import Page, Problem, Segment, Site

NBSP, NNBSP = "\u00a0", "\u202f"

# Not prose in a plain text (front matter, a label): inline code, HTML tags, attribute lists. Replaced by spaces of
# the same length, so positions (and so line numbers) stay right.
NOT_PROSE = re.compile(r"(`+)(?:(?!\1).)+?\1|<[^>\n]+>|\{[:#.][^}\n]*\}|\{ *[a-z-]+=[^}\n]*\}", re.DOTALL)


@dataclass(frozen=True)
class Rule:
    code: str  # the problem code (processes_kb.problems)
    pattern: re.Pattern
    message: str  # may use {found}


CYRILLIC = "а-щьюяґєіїА-ЩЬЮЯҐЄІЇ"
RULES: dict[str, list[Rule]] = {
    "*": [
        Rule("typography-quote", re.compile(r'"'), "straight quote '\"' in prose: use the language's quotation marks"),
    ],
    "uk": [
        Rule("typography-apostrophe", re.compile(rf"(?<=[{CYRILLIC}])['’`](?=[{CYRILLIC}])"),
             "apostrophe '{found}' in a Ukrainian word: use ʼ (U+02BC)"),
    ],
    "fr": [
        Rule("typography-spacing", re.compile(r"(?<=\S) (?=[;!?])"),
             "ordinary space before '{next}': use a narrow no-break space (U+202F)"),
        Rule("typography-spacing", re.compile(r"(?<=\S) (?=:(\s|$))"),
             "ordinary space before ':': use a no-break space (U+00A0)"),
        Rule("typography-spacing", re.compile(r"(?<=[\w»)])(?=[;!?](\s|$))"),
             "no space before '{next}': add a narrow no-break space (U+202F)"),
        Rule("typography-spacing", re.compile(r"(?<=[^\W\d])(?=:(\s|$))"),
             "no space before ':': add a no-break space (U+00A0)"),
        Rule("typography-spacing", re.compile(r"«(?=[ \w])|(?<=[ \w.!?])»"),
             "'{found}' needs a no-break space (U+00A0) on its inner side"),
    ],
}


def prose_of(text: str) -> str:
    """A plain text with what is not prose masked (front matter, labels: no Markdown links to leave out)."""
    return NOT_PROSE.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)


def nfc_problems(text: str, lang: str, path: str, first_line: int) -> list[Problem]:
    """Checked on the whole source, code and link targets included: a decomposed letter is wrong anywhere."""
    if unicodedata.is_normalized("NFC", text):
        return []
    offset = next(i for i, char in enumerate(text) if unicodedata.combining(char))
    return [Problem("typography-nfc", path, first_line + text.count("\n", 0, offset),
                    "text is not in Unicode NFC (a letter and a separate combining accent): save it with precomposed "
                    "letters (NFC)", lang=lang)]


def rule_problems(prose: str, lang: str, path: str, first_line: int) -> list[Problem]:
    """The rules of the language on prose whose line breaks are the source's."""
    problems = []
    for rule in RULES["*"] + RULES.get(lang, []):
        for match in rule.pattern.finditer(prose):
            after = prose[match.end(): match.end() + 1]
            message = rule.message.format(found=match[0], next=after)
            problems.append(Problem(rule.code, path, first_line + prose.count("\n", 0, match.start()), message,
                                    lang=lang))
    return problems


def text_problems(text: str, lang: str, path: str, first_line: int) -> list[Problem]:
    """A plain text in a language: a front-matter value, a diagram label."""
    return nfc_problems(text, lang, path, first_line) + rule_problems(prose_of(text), lang, path, first_line)


def segment_problems(segment: Segment, lang: str, path: str) -> list[Problem]:
    """A segment's prose and its link titles (tooltips are read too)."""
    problems = nfc_problems(segment.text, lang, path, segment.line)
    problems += rule_problems(segment.prose(), lang, path, segment.line)
    for link in segment.links():
        problems += rule_problems(link.title, lang, path, segment.line + link.line_offset)
    return problems


def page_problems(page: Page) -> list[Problem]:
    problems = []
    for key, value in page.meta.items():
        if isinstance(value, str):
            problems.extend(text_problems(value, page.lang, page.path, page.meta_lines.get(key, 1)))
    for segment in page.segments:
        if segment.kind != "code":
            problems.extend(segment_problems(segment, page.lang, page.path))
    return problems


def typography_problems(site: Site) -> list[Problem]:
    return [problem for lang in site.languages for page in site.pages[lang].values()
            for problem in page_problems(page)]


def colon(lang: str) -> str:
    """A colon between a label and what follows, as the language's typography wants it (French: a no-break space
    before it). Used by the markup and exports the build writes."""
    return f"{NBSP}: " if lang == "fr" else ": "
