"""Typography: the rules of each language that a machine can check, on every prose segment, front-matter text,
diagram label and interface string.

Each rule names the character to use, so that a translator can fix the line without reading a style guide first;
the style sheet per language (CONTRIBUTING.md, which lists every rule with its code) explains them. The rules run on
what a reader reads: a segment's prose from the content model (its text and link texts, inline code as one
CODE_IN_PROSE, not link targets, HTML tags or attribute lists) and its link titles; plain texts (front matter, labels,
interface strings) with code, HTML tags and attribute lists masked the same way. A line break of the source is a space
to the reader, so each rule about a space holds at a line break too: a Ukrainian line must not end with a one-letter
word, nor a French one start with ':'.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from processes_kb.content import CODE_IN_PROSE, Page, Problem, Segment, Site
from processes_kb.datafile import LinedMap, load_yaml
from processes_kb.ui_strings import UI_STRINGS

NBSP, NNBSP = "\u00a0", "\u202f"
SPACE = "[ \u00a0\u202f]"  # a space a reader sees: ordinary, no-break or narrow no-break

# Not prose in a plain text (front matter, a label): inline code, HTML tags, attribute lists. Code becomes one
# CODE_IN_PROSE as in a segment's prose; the rest is left out but for its line breaks, so line numbers stay right.
NOT_PROSE = re.compile(r"(`+)(?:(?!\1).)+?\1|<[^>\n]+>|\{[:#.][^}\n]*\}|\{ *[a-z-]+=[^}\n]*\}", re.DOTALL)


@dataclass(frozen=True)
class Rule:
    code: str  # the problem code (processes_kb.problems)
    pattern: re.Pattern
    message: str  # may use {found} (the match), {next} (the character after it), {fix} and the pattern's named groups
    fix: Callable[[str], str] | None = None  # what to write instead of the match, for {fix}
    # A quick test for a pattern that looks at every word: the rule runs only on a text where the clue occurs.
    clue: re.Pattern | None = None


CYRILLIC = "а-щьюяґєіїА-ЩЬЮЯҐЄІЇ"
CYRILLIC_UPPER = "А-ЩЬЮЯҐЄІЇ"
ONE_LETTER_WORDS = "авзійоуяАВЗІЙОУЯ"  # Ukrainian prepositions and conjunctions that must not end a line
NOT_IN_WORD = r"(?<![\w'’ʼ-])"  # a letter that starts a word
ROMAN = r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})(?![\w-])"  # I to XXXIX, as in «фактор VI»

# What each language writes for a dash, and its quotation marks (a new language gets the generic advice).
DASHES = {"uk": "« — » (U+2014, a no-break space before it)", "en": "an em dash '—' (U+2014)",
          "fr": "a dash ' – ' (U+2013)", "pt": "' — ' (U+2014, a space on each side)", "vi": "a dash ' – ' (U+2013)"}
SPACED_DASHES = {"uk": "-–", "pt": "-–"}  # a spaced en dash stands for the em dash where the language uses that one
QUOTES = {"en": "“…”, and ‘…’ inside them", "pt": "“…”, and ‘…’ inside them", "vi": "“…”, and ‘…’ inside them",
          "fr": "« … », and “…” inside them", "uk": "«…», and „…“ inside them"}
FOREIGN_QUOTES = {"en": "[«»„]", "pt": "[«»„]", "vi": "[«»„]", "fr": "„", "uk": r"”|“(?=\w)"}  # “ opening a word

VIETNAMESE_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng (decomposed)
ORDINAL_INDICATORS = {"°": "º", "˚": "º", "ᵒ": "º", "ᵃ": "ª"}  # look-alikes -> U+00BA, U+00AA


def traditional_tone(word: str) -> str:
    """A Vietnamese word with the tone mark of a final oa, oe or uy on its first vowel: hoà -> hòa, thuỷ -> thủy."""
    decomposed = unicodedata.normalize("NFD", word)
    match = re.search(rf"([oOuU])([aAeEyY])([{VIETNAMESE_TONE_MARKS}])$", decomposed)
    return unicodedata.normalize("NFC", decomposed[:match.start()] + match[1] + match[3] + match[2])


def with_y(word: str) -> str:
    """kĩ -> kỹ, lí -> lý: the same tone mark on y."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", word).replace("i", "y").replace("I", "Y"))


def with_ligature(word: str) -> str:
    return word.replace("oe", "œ").replace("Oe", "Œ").replace("OE", "Œ")


def shared_rules(lang: str) -> list[Rule]:
    """Rules of every language, some worded per language."""
    # French puts a no-break space before ; : ! ? (its own rules below); every language removes one before , and .
    punctuation = ",." if lang == "fr" else ",.;:!?"
    before_punctuation = rf"(?:[{punctuation}](?![\w.])|\))"  # not '.NET' or an ellipsis
    return [
        Rule("typography-quote", re.compile(r'"'), "straight quote '\"' in prose: use the language's quotation marks"),
        Rule("typography-ellipsis", re.compile(r"\.\.\."), "three dots '...': use the ellipsis '…' (U+2026)"),
        Rule("typography-double-space", re.compile(rf"(?<=\S){SPACE}{{2,}}(?=\S)"),
             "several spaces in a row: keep one"),
        Rule("typography-space-before-punctuation", re.compile(rf"(?<={SPACE}){before_punctuation}"),
             "space before '{found}': remove it"),
        Rule("typography-space-before-punctuation", re.compile(rf"(?<=\n){before_punctuation}"),
             "the line starts with '{found}': move it to the end of the previous line"),
        Rule("typography-space-before-punctuation", re.compile(rf"\((?={SPACE})"), "space after '(': remove it"),
        Rule("typography-space-before-punctuation", re.compile(r"\((?=\n)"),
             "the line ends with '(': move it to the start of the next line"),
        Rule("typography-hyphen-dash", re.compile(rf"(?<=\s)[{SPACED_DASHES.get(lang, '-')}](?=\s)"),
             f"'{{found}}' with spaces used as a dash: use {DASHES.get(lang, 'a dash')}"),
    ] + ([Rule("typography-quote-style", re.compile(FOREIGN_QUOTES[lang]),
               f"quotation mark '{{found}}' in prose: use {QUOTES[lang]}")] if lang in FOREIGN_QUOTES else [])


C = CODE_IN_PROSE
RULES: dict[str, list[Rule]] = {
    "uk": [
        Rule("typography-apostrophe", re.compile(rf"(?<=[{CYRILLIC}])['’`](?=[{CYRILLIC}])"),
             "apostrophe '{found}' in a Ukrainian word: use ʼ (U+02BC)"),
        Rule("typography-one-letter-word", re.compile(rf"{NOT_IN_WORD}[{ONE_LETTER_WORDS}](?= )"),
             "ordinary space after the one-letter word '{found}': use a no-break space (U+00A0)"),
        Rule("typography-one-letter-word", re.compile(rf"{NOT_IN_WORD}[{ONE_LETTER_WORDS}](?=\n)"),
             "the line ends with the one-letter word '{found}': move it to the next line, joined to the next word by "
             "a no-break space (U+00A0)"),
        Rule("typography-dash", re.compile(r"(?<= )—"), "ordinary space before '—': use a no-break space (U+00A0)"),
        Rule("typography-dash", re.compile(r"(?<=\n)—"),
             "the line starts with '—': move it to the end of the previous line, after a no-break space (U+00A0)"),
        Rule("typography-dash", re.compile(r"(?<=\S)—(?=\s)"), "no space before '—': add a no-break space (U+00A0)"),
        Rule("typography-dash", re.compile(r"(?<=\s)—(?=\S)"), "no space after '—': add a space"),
        # Not a factor's title after a line break ("Див. також\nVIII. Паралелізм"): the numeral starts the title.
        Rule("typography-numeral",
             re.compile(rf"(?<=[{CYRILLIC}]{{2}}) (?=(?P<numeral>{ROMAN})(?!\.\s+[{CYRILLIC_UPPER}]))"),
             "ordinary space before the Roman numeral '{numeral}': use a no-break space (U+00A0), as in «фактор VI»"),
        Rule("typography-numeral",
             re.compile(rf"(?<=[{CYRILLIC}]{{2}})\n(?=(?P<numeral>{ROMAN})(?!\.\s+[{CYRILLIC_UPPER}]))"),
             "the line ends before the Roman numeral '{numeral}': move the numeral to the end of this line, after a "
             "no-break space (U+00A0)"),
    ],
    "fr": [
        Rule("typography-spacing", re.compile(r"(?<=\S) (?=[;!?])"),
             "ordinary space before '{next}': use a narrow no-break space (U+202F)"),
        Rule("typography-spacing", re.compile(r"(?<=\S) (?=:(\s|$))"),
             "ordinary space before ':': use a no-break space (U+00A0)"),
        Rule("typography-spacing", re.compile(rf"(?<=[\w»){C}])(?=[;!?](\s|$))"),
             "no space before '{next}': add a narrow no-break space (U+202F)"),
        Rule("typography-spacing", re.compile(rf"(?:(?<=[^\W\d])|(?<={C})):(?=\s|$)"),
             "no space before ':': add a no-break space (U+00A0)"),
        Rule("typography-spacing", re.compile(rf"«(?=[ \w{C}])|(?<=[ \w.!?{C}])»"),
             "'{found}' needs a no-break space (U+00A0) on its inner side"),
        Rule("typography-spacing", re.compile(r"(?<=\n)[;!?]"),
             "the line starts with '{found}': move it to the end of the previous line, after a narrow no-break space "
             "(U+202F)"),
        Rule("typography-spacing", re.compile(r"(?<=\n)[:»]"),
             "the line starts with '{found}': move it to the end of the previous line, after a no-break space "
             "(U+00A0)"),
        Rule("typography-spacing", re.compile(r"«(?=\n)"),
             "the line ends with '«': move it to the start of the next line, before a no-break space (U+00A0)"),
        Rule("typography-ligature",
             re.compile(r"(?i)(?<!\w)\w*?(?:oeuvr|coeur|choeur|soeur|noeud|oeil|voeu|boeuf|oeuf|moeurs|oesophag"
                        r"|oecum|foetus|oenolog)\w*"),
             "'{found}': write '{fix}' (the ligature œ)", with_ligature, re.compile("(?i)oe")),
        Rule("typography-capital-accent",
             re.compile(r"(?:(?<![\s\S])|(?<=[.!?…] )|(?<=[.!?…]\n)|(?<=«\u00a0)|(?<=«\u202f))A(?=[ \n][^\W\d_A-Z])"),
             "'A' starting a sentence: write 'À' (capitals keep their accents)"),
    ],
    "pt": [
        Rule("typography-dash", re.compile(r"(?<=\S)—"), "no space before '—': write ' — ' (a space on each side)"),
        Rule("typography-dash", re.compile(r"—(?=\S)"), "no space after '—': write ' — ' (a space on each side)"),
        Rule("typography-ordinal", re.compile(rf"(?<=\d)[{''.join(ORDINAL_INDICATORS)}]"),
             "'{found}' after a number: use the ordinal indicator '{fix}'", ORDINAL_INDICATORS.get),
    ],
    "vi": [
        # Not after q: in quý the u belongs to qu, and the mark is on y in both styles.
        Rule("typography-tone-mark",
             re.compile(r"(?i)(?<!\w)\w*?(?<!q)(?:o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])(?!\w)"),
             "tone mark on the last vowel of '{found}': write '{fix}' (the traditional position, as hòa, thủy)",
             traditional_tone, re.compile("(?i)o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ]")),
        Rule("typography-i-or-y", re.compile(r"(?<!\w)(?:[Kk][ìíỉĩị]|[Ll]í|[Mm]ĩ)(?!\w)"),
             "'{found}': write '{fix}' (y, as in kỹ, lý, kỳ)", with_y),
    ],
}


@functools.lru_cache(maxsize=None)
def rules_for(lang: str) -> list[Rule]:
    return shared_rules(lang) + RULES.get(lang, [])


def prose_of(text: str) -> str:
    """A plain text with what is not prose masked (front matter, labels: no Markdown links to leave out)."""
    return NOT_PROSE.sub(lambda m: (C if m[0].startswith("`") else "") + "\n" * m[0].count("\n"), text)


def nfc_problems(text: str, lang: str, path: str, first_line: int) -> list[Problem]:
    """Checked on the whole source, code and link targets included: a decomposed letter is wrong anywhere."""
    if unicodedata.is_normalized("NFC", text):
        return []
    offset = next(i for i, char in enumerate(text) if unicodedata.combining(char))
    return [Problem("typography-nfc", path, first_line + text.count("\n", 0, offset),
                    "text is not in Unicode NFC (a letter and a separate combining accent): save it with precomposed "
                    "letters (NFC)", lang=lang)]


def rule_problems(prose: str, lang: str, path: str, first_line: int) -> list[Problem]:
    """The rules of the language on prose whose line breaks are the source's, in reading order."""
    found = []
    for rule in rules_for(lang):
        if rule.clue and not rule.clue.search(prose):
            continue
        for match in rule.pattern.finditer(prose):
            after = prose[match.end(): match.end() + 1]
            message = rule.message.format(found=match[0], next=after, fix=rule.fix(match[0]) if rule.fix else "",
                                          **match.groupdict())
            found.append((match.start(), Problem(rule.code, path, first_line + prose.count("\n", 0, match.start()),
                                                 message, lang=lang)))
    return [problem for _, problem in sorted(found, key=lambda item: item[0])]


def text_problems(text: str, lang: str, path: str, first_line: int) -> list[Problem]:
    """A plain text in a language: a front-matter value, a diagram label, an interface string."""
    return nfc_problems(text, lang, path, first_line) + rule_problems(prose_of(text), lang, path, first_line)


def segment_problems(segment: Segment, lang: str, path: str) -> list[Problem]:
    """A segment's prose and its link titles (tooltips are read too)."""
    problems = nfc_problems(segment.text, lang, path, segment.line)
    problems += rule_problems(segment.prose(), lang, path, segment.line)
    for link in segment.links():
        problems += rule_problems(link.title, lang, path, segment.line + link.line_offset)
    return problems


def page_problems(page: Page, original: Page | None = None) -> list[Problem]:
    """`original`: the English page of a translated one, whose text copied unchanged is not the language's."""
    problems = []
    for key, value in page.meta.items():
        if isinstance(value, str):
            problems.extend(text_problems(value, page.lang, page.path, page.meta_lines.get(key, 1)))
    for segment in page.segments:
        if segment.kind != "code" and not _english_copy(segment, original):
            problems.extend(segment_problems(segment, page.lang, page.path))
    return problems


def _english_copy(segment: Segment, original: Page | None) -> bool:
    """A segment still in English (untranslated, as `kb add-missing` copies it): English text, not held to the
    language's typography; its original is checked in the English page."""
    source = original.segment(segment.id) if original else None
    return source is not None and segment.text.split() == source.text.split()


def ui_string_problems(root: Path, languages: list[str]) -> list[Problem]:
    """Every interface string of data/ui-strings.yml in a language (each plural form of a counted one), with its key.
    The file's shape is processes_kb.ui_strings' to check: a string that is not text is left to it."""
    if not (root / UI_STRINGS).is_file():
        return []
    data = load_yaml(root, UI_STRINGS)
    problems = []
    for key, per_lang in data.items() if isinstance(data, LinedMap) else []:
        for lang, value in per_lang.items() if isinstance(per_lang, LinedMap) else []:
            forms = value.items() if isinstance(value, LinedMap) else [(None, value)]
            for form, text in forms if lang in languages else []:
                if not isinstance(text, str):
                    continue
                where = f"'{key}' ({lang}, form '{form}')" if form else f"'{key}' ({lang})"
                line = value.lines[form] if form else per_lang.lines[lang]
                problems += [replace(typo, message=f"{where}: {typo.message}")
                             for typo in text_problems(text, lang, UI_STRINGS, line)]
    return problems


def typography_problems(site: Site) -> list[Problem]:
    """The pages' and the interface strings' (diagram labels: processes_kb.diagrams)."""
    return [problem for lang in site.languages for page in site.pages[lang].values()
            for problem in page_problems(page, site.originals.get(page.name) if lang != site.default_lang else None)
            ] + ui_string_problems(site.root, site.languages)


def colon(lang: str) -> str:
    """A colon between a label and what follows, as the language's typography wants it (French: a no-break space
    before it). Used by the markup and exports the build writes."""
    return f"{NBSP}: " if lang == "fr" else ": "
