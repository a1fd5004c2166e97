"""The glossary: concepts keyed by term ID, their words in every language, where the text uses them.

- `data/glossary.yml`: the term IDs and their related terms (language-neutral).
- `data/glossary-terms/<lang>.yml`: per language, each concept's term, synonyms and the other forms that the text may
  use (inflections; `*` ends a word with any letters), and the phrases that contain a form but never name the
  concept (`never`: the factor's name «Процеси» is not the term *process*).
- `docs/<lang>/glossary.md`: the prose, as ordinary aligned segments: an entry is a `###` heading with the term ID,
  then `<id>-definition` (one sentence, also the tooltip) and `<id>-explanation`.

Sense control in a page: words inside `<span class="no-term">…</span>`, or inside a span with a `lang` (a quotation in
another language: `<span lang="uk">внутрішній стан</span>`), are never a term: not linked, not a usage, not counted by
the term checks (`TermSilence`, read alike by the build's linker and by the checks).

Used by `kb check` (schema, entries, term consistency of translations), by the build (tooltips on the text,
back-references, term base downloads) and later by the recommendations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from processes_kb.content import ATTRIBUTE_LIST, VALID_ID, Page, Problem, Segment, Site, plain_text
from processes_kb.datafile import LinedMap, load_yaml
from processes_kb.translation_policy import EVERY_SEGMENT, ComparedSegments

GLOSSARY = "data/glossary.yml"
TERMS = "data/glossary-terms/{lang}.yml"
GLOSSARY_PAGE = "glossary.md"
ENTRY_LEVEL = 3  # entries are `###` headings; `##` headings group them


@dataclass
class TermNames:
    """One concept's words in one language."""

    term: str
    synonyms: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    line: int = 1
    never: list[str] = field(default_factory=list)  # phrases with a form in them that never name this concept

    @property
    def all_forms(self) -> list[str]:
        return [self.term, *self.synonyms, *self.forms]

    @property
    def term_and_synonyms(self) -> list[str]:
        return [self.term, *self.synonyms]


@dataclass
class Entry:
    id: str
    related: list[str]
    line: int  # in data/glossary.yml
    names: dict[str, TermNames] = field(default_factory=dict)  # lang -> words


@dataclass
class Usage:
    """A segment of a page that uses a term."""

    page: Page
    segment: Segment
    section: str  # plain text of the heading the segment is under
    excerpt: str


class TermMatcher:
    """Finds the glossary's terms in one language's text: longest form first, whole words, any letter case. A
    `never` phrase is matched like a form and found as no term, so that the form inside it is not found either."""

    def __init__(self, forms: dict[str, str], never: list[str] | tuple[str, ...] = ()):  # form -> term ID
        named: dict[str, str | None] = {**dict.fromkeys(never), **forms}
        self.ids = {_normal(form): term_id for form, term_id in named.items()}
        alternatives = sorted(named, key=len, reverse=True)
        pattern = "|".join(_form_pattern(form) for form in alternatives) or r"(?!)"
        self.pattern = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)
        self._wildcards = [(re.compile(rf"^{_form_pattern(f)}$", re.IGNORECASE), i) for f, i in named.items()
                           if "*" in f]

    def term_id(self, matched: str) -> str | None:
        """The term ID of matched words; None for a `never` phrase."""
        normal = _normal(matched)
        if normal in self.ids:
            return self.ids[normal]
        return next(term_id for pattern, term_id in self._wildcards if pattern.match(" ".join(matched.split())))

    def find(self, text: str) -> list[tuple[re.Match, str]]:
        """Every term in `text`, as (match, term ID), in order."""
        found = ((match, self.term_id(match[0])) for match in self.pattern.finditer(text))
        return [(match, term_id) for match, term_id in found if term_id is not None]


# Sense control in the text: `<span class="no-term">…</span>` (these words are not the term here) and a span with a
# `lang` (a quotation in another language). Read alike by the build's linker (in the element tree) and by the checks
# (in markdown-it's tokens), so that both find the same terms.
NO_TERM_CLASS = "no-term"
_SPAN_TAG = re.compile(r"^<(?P<close>/)?span(?P<attributes>(?:\s[^>]*?)?)\s*(?P<empty>/)?>$", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""(?P<name>[\w:.-]+)(?:\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'"""
                        r"""|(?P<bare>[^\s"'>]+)))?""")


def _attributes(attributes: str) -> dict[str, str]:
    return {m["name"].lower(): m["double"] or m["single"] or m["bare"] or "" for m in _ATTRIBUTE.finditer(attributes)}


def _classes(attributes: str) -> list[str]:
    return _attributes(attributes).get("class", "").split()


def _span_tag(html: str) -> tuple[bool, str] | None:
    """(closing, attributes) of a `<span …>` or `</span>` tag; None for any other HTML (and an empty `<span/>`)."""
    match = _SPAN_TAG.match(html.strip())
    return (bool(match["close"]), match["attributes"]) if match and not match["empty"] else None


def silences_terms(attributes: str) -> bool:
    """Whether a span with these attributes (`class="no-term"`, `lang="uk"`) says that its words are no term."""
    return "lang" in _attributes(attributes) or NO_TERM_CLASS in _classes(attributes)


class TermSilence:
    """Follows the inline HTML tags of a text in reading order: `active` while inside a span that says "no term"."""

    def __init__(self):
        self.open: list[bool] = []  # one entry per open span: whether it silences terms

    def tag(self, html: str) -> None:
        tag = _span_tag(html)
        if tag is None:
            return
        closing, attributes = tag
        if not closing:
            self.open.append(silences_terms(attributes))
        elif self.open:
            self.open.pop()

    @property
    def active(self) -> bool:
        return any(self.open)


def _normal(form: str) -> str:
    return " ".join(form.casefold().split())


def _form_pattern(form: str) -> str:
    words = [re.escape(word.rstrip("*")) + (r"\w*" if word.endswith("*") else "") for word in form.split()]
    return r"\s+".join(words)


@dataclass
class Glossary:
    entries: dict[str, Entry]
    languages: list[str]
    _matchers: dict[str, TermMatcher] = field(default_factory=dict)

    def matcher(self, lang: str) -> TermMatcher:
        if lang not in self._matchers:
            named = [entry.names[lang] for entry in self.entries.values() if lang in entry.names]
            forms = {form: entry.id for entry in self.entries.values() if lang in entry.names
                     for form in entry.names[lang].all_forms}
            self._matchers[lang] = TermMatcher(forms, [phrase for names in named for phrase in names.never])
        return self._matchers[lang]

    def names(self, term_id: str, lang: str) -> TermNames | None:
        entry = self.entries.get(term_id)
        return entry.names.get(lang) if entry else None


def concept_names(glossary: Glossary, term_id: str, lang: str) -> list[str]:
    """Every name a reader of `lang` may search a concept by: its words in `lang` (term, synonyms, the forms without
    `*`), then the term and synonyms of every other language (an English term typed on a translated site, the term
    a reader knows from another edition); each once, in that order."""
    entry = glossary.entries[term_id]
    own = entry.names.get(lang)
    names = [*own.term_and_synonyms, *(f for f in own.forms if "*" not in f)] if own else []
    for other in glossary.languages:
        if other != lang and other in entry.names:
            names += entry.names[other].term_and_synonyms
    seen: set[str] = set()
    return [name for name in names if not (_normal(name) in seen or seen.add(_normal(name)))]


# ---------------------------------------------------------------- loading, with schema problems


def load_glossary(root: Path, languages: list[str]) -> tuple[Glossary | None, list[Problem]]:
    """The glossary and its data problems; None when the project has no glossary. ContentError: unreadable file."""
    if not (root / GLOSSARY).is_file():
        return None, []
    problems: list[Problem] = []
    data = load_yaml(root, GLOSSARY)
    if not isinstance(data, LinedMap):
        return None, [Problem("glossary-format", GLOSSARY, 1,
                              "expected a mapping of term IDs: `some-term: {related: [...]}`")]
    entries: dict[str, Entry] = {}
    for term_id, value in data.items():
        line = data.lines[term_id]
        if not isinstance(term_id, str) or not VALID_ID.match(term_id):
            problems.append(Problem("term-id-invalid", GLOSSARY, line,
                                    f"term ID '{term_id}' is not valid: use lowercase letters, digits and dashes"))
            continue
        value = value if value is not None else LinedMap()
        related = value.get("related", []) if isinstance(value, dict) else None
        unknown_keys = sorted(set(value) - {"related"}) if isinstance(value, dict) else []
        if not isinstance(related, list) or unknown_keys:
            problems.append(Problem("glossary-format", GLOSSARY, line,
                                    f"'{term_id}' must be `{{related: [term IDs]}}`"))
            related = related if isinstance(related, list) else []
        entries[term_id] = Entry(term_id, [str(r) for r in related], line)
    for entry in entries.values():
        for related_id in entry.related:
            if related_id not in entries or related_id == entry.id:
                what = "itself" if related_id == entry.id else f"unknown term '{related_id}'"
                problems.append(Problem("term-related-unknown", GLOSSARY, entry.line,
                                        f"'{entry.id}' is related to {what}"))
    for lang in languages:
        problems += _load_language(root, lang, entries)
    return Glossary(entries, languages), problems


def _load_language(root: Path, lang: str, entries: dict[str, Entry]) -> list[Problem]:
    path = TERMS.format(lang=lang)
    if not (root / path).is_file():
        return [Problem("terms-file-missing", path, 1, f"the glossary has no '{lang}' terms: create {path} with an "
                                                       f"entry per term ID (as in {TERMS.format(lang='en')})")]
    data = load_yaml(root, path)
    if not isinstance(data, LinedMap):
        return [Problem("terms-format", path, 1,
                        "expected a mapping of term IDs: `some-term: {term: …, synonyms: […], forms: […]}`")]
    problems = []
    claimed: dict[str, tuple[str, int]] = {}  # normalised form -> (term ID, line)
    for term_id, value in data.items():
        line = data.lines[term_id]
        if term_id not in entries:
            problems.append(Problem("term-unknown", path, line,
                                    f"unknown term ID '{term_id}': the IDs are in {GLOSSARY}"))
            continue
        names, message = _term_names(value, line)
        if message:
            problems.append(Problem("terms-format", path, line, f"'{term_id}': {message}"))
            continue
        entries[term_id].names[lang] = names
        for form in names.all_forms:
            owner = claimed.setdefault(_normal(form), (term_id, line))
            if owner[0] != term_id:
                problems.append(Problem("term-form-claimed", path, line,
                                        f"'{term_id}' claims the form “{form}”, already used by '{owner[0]}' "
                                        f"(line {owner[1]}): a form names one concept"))
    problems += _never_problems(path, {term_id: entry.names[lang] for term_id, entry in entries.items()
                                       if lang in entry.names}, claimed)
    for term_id, entry in entries.items():
        if lang not in entry.names and term_id not in data:
            problems.append(Problem("term-words-missing", path, 1,
                                    f"no '{lang}' words for the term '{term_id}': add `{term_id}: {{term: …}}`"))
    return problems


def _never_problems(path: str, names: dict[str, TermNames], claimed: dict[str, tuple[str, int]]) -> list[Problem]:
    """A `never` phrase must contain a form of its own term (or it would change nothing) and be no form itself."""
    problems = []
    for term_id, term_names in names.items():
        if not term_names.never:
            continue
        own = TermMatcher(dict.fromkeys(term_names.all_forms, term_id))
        for phrase in term_names.never:
            owner = claimed.get(_normal(phrase))
            if owner:
                problems.append(Problem("term-never-invalid", path, term_names.line,
                                        f"'{term_id}': “{phrase}” is listed under `never` but is a form of "
                                        f"'{owner[0]}' (line {owner[1]}): remove one of them"))
            elif not own.find(phrase):
                problems.append(Problem("term-never-invalid", path, term_names.line,
                                        f"'{term_id}': the `never` phrase “{phrase}” contains no form of the term, "
                                        "so it changes nothing: write it as the text has it, the form and the words "
                                        "around it"))
    return problems


def _term_names(value, line: int) -> tuple[TermNames | None, str]:
    if not isinstance(value, dict) or not isinstance(value.get("term"), str) or not value["term"].strip():
        return None, "needs `{term: …}` with the term as a non-empty text"
    unknown = sorted(set(value) - {"term", "synonyms", "forms", "never"})
    if unknown:
        return None, f"unknown key(s) {', '.join(unknown)}: use term, synonyms, forms, never"
    lists = {}
    for key in ("synonyms", "forms", "never"):
        items = value.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            return None, f"`{key}` must be a list of non-empty texts"
        lists[key] = [i.strip() for i in items]
    return TermNames(value["term"].strip(), lists["synonyms"], lists["forms"], line, lists["never"]), ""


# ---------------------------------------------------------------- the glossary pages


def definition(site: Site, term_id: str, lang: str) -> str:
    """The one-sentence definition of a term in a language, as plain text ('' if the page lacks it)."""
    page = site.pages.get(lang, {}).get(GLOSSARY_PAGE)
    segment = page.segment(f"{term_id}-definition") if page else None
    return plain_text(segment.text) if segment else ""


def entry_problems(site: Site, glossary: Glossary) -> list[Problem]:
    """Every term ID has an entry on every glossary page, headed by that language's term, with a definition."""
    problems = []
    for lang in site.languages:
        page = site.pages[lang].get(GLOSSARY_PAGE)
        if page is None:
            if lang == site.default_lang:
                problems.append(Problem("glossary-page-missing", f"docs/{lang}/{GLOSSARY_PAGE}", 1,
                                        f"the glossary page is missing: the terms of {GLOSSARY} need it"))
            continue  # a missing translation is the alignment check's to report
        headings = {s.id: s for s in page.segments if s.kind == "heading" and s.level == ENTRY_LEVEL}
        for segment in headings.values():
            if segment.id not in glossary.entries:
                problems.append(Problem("glossary-entry-unknown", page.path, segment.line,
                                        f"glossary entry '{segment.id}' is not a term of {GLOSSARY}: add it there, "
                                        "or make it a `##` group"))
        for entry in glossary.entries.values():
            heading, names = headings.get(entry.id), entry.names.get(lang)
            if heading is None:
                if lang == site.default_lang:
                    problems.append(Problem("glossary-entry-missing", page.path, 1,
                                            f"term '{entry.id}' has no entry: add "
                                            f"`### {names.term if names else 'Term'} {{ #{entry.id} }}`, "
                                            f"then its `{entry.id}-definition` paragraph"))
                continue
            if names and _normal(plain_text(heading.text)) != _normal(names.term):
                problems.append(Problem("glossary-entry-heading", page.path, heading.line,
                                        f"entry '{entry.id}' is headed “{heading.text}” but its term in "
                                        f"{TERMS.format(lang=lang)} is “{names.term}”: use the same words"))
            if page.segment(f"{entry.id}-definition") is None and lang == site.default_lang:
                problems.append(Problem("glossary-entry-missing", page.path, heading.line,
                                        f"entry '{entry.id}' has no definition: add a one-sentence paragraph "
                                        f"`{{: #{entry.id}-definition }}`"))
    return problems


# ---------------------------------------------------------------- where the text uses the terms


_TAG_BOUNDARY = "\x00"  # neither a letter nor a space: no form matches across it


def term_text(segment: Segment) -> str:
    """The segment's text as the term checks read it: what the reader sees (link texts included, inline code not), with
    the words inside a span that says "no term" left out. Inline HTML ends a word as the linker's placeholders do: a
    term never runs across a tag."""
    silence, words = TermSilence(), []
    for token in segment.inline():
        if token.type == "html_inline":
            silence.tag(token.content)
            words.append(_TAG_BOUNDARY)
        elif token.type == "text" and not silence.active:
            words.append(token.content)
        elif token.type in ("text", "code_inline", "softbreak", "hardbreak"):
            words.append(" ")
    return " ".join(ATTRIBUTE_LIST.sub("", "".join(words)).split())


def segment_terms(glossary: Glossary, segment: Segment, lang: str) -> dict[str, str]:
    """Term ID -> the words that use it, in one segment's text."""
    found: dict[str, str] = {}
    for match, term_id in glossary.matcher(lang).find(term_text(segment)):
        found.setdefault(term_id, match[0])
    return found


def usages(site: Site, glossary: Glossary, lang: str) -> dict[str, list[Usage]]:
    """Term ID -> every segment (paragraph or list item) of the language's pages that uses it, glossary aside."""
    found: dict[str, list[Usage]] = {term_id: [] for term_id in glossary.entries}
    for name, page in sorted(site.pages[lang].items(), key=lambda item: site.reading_order(item[0])):
        if name == GLOSSARY_PAGE:
            continue
        section = plain_text(page.segments[0].text) if page.segments else ""
        for segment in page.segments:
            if segment.kind == "heading":
                section = plain_text(segment.text)
                continue
            if segment.kind == "code":
                continue
            prose, text = term_text(segment), plain_text(segment.text)
            for match, term_id in glossary.matcher(lang).find(prose):  # terms in inline code do not count
                if found[term_id] and found[term_id][-1].segment is segment:
                    continue
                start = text.find(match[0])  # the excerpt keeps the code the reader sees
                excerpt = _excerpt(text, start, start + len(match[0])) if start >= 0 else \
                    _excerpt(prose.replace(_TAG_BOUNDARY, " "), match.start(), match.end())
                found[term_id].append(Usage(page, segment, section, excerpt))
    return found


def _excerpt(text: str, start: int, end: int, width: int = 90) -> str:
    """About `width` characters of `text` around [start, end), cut at word boundaries, with ellipses."""
    left = max(0, start - (width - (end - start)) // 2)
    right = min(len(text), left + width)
    left = max(0, right - width)
    if left > 0:
        left = text.find(" ", left) + 1 or left
    if right < len(text):
        right = text.rfind(" ", end, right) if text.rfind(" ", end, right) > end else right
    return ("…" if left > 0 else "") + text[left:right].strip() + ("…" if right < len(text) else "")


def nothing_recorded(lang: str, key: str, term_id: str) -> bool:
    """No difference is recorded as deliberate (a project without data/term-differences/)."""
    return False


def consistency_problems(site: Site, glossary: Glossary, compared: ComparedSegments = EVERY_SEGMENT,
                         explained: Callable[[str, str, str], bool] = nothing_recorded) -> list[Problem]:
    """A translated segment whose English uses a term must use that term (or a listed form or synonym) too; only
    where the translation is up to date (`compared`: processes_kb.translation_policy) and the difference is not
    recorded as deliberate (`explained(lang, page.md#segment-id, term ID)`: processes_kb.term_links)."""
    problems = []
    for name, original in site.originals.items():
        for source in original.segments:
            if source.kind == "code":
                continue
            wanted = segment_terms(glossary, source, site.default_lang)
            if not wanted:
                continue
            for lang in site.languages[1:]:
                page = site.pages[lang].get(name)
                segment = page.segment(source.id) if page else None
                if segment is None or not compared(page, segment):
                    continue  # missing: the alignment check says so; outdated or untranslated: kb status does
                used = segment_terms(glossary, segment, lang)
                for term_id, english in wanted.items():
                    names = glossary.names(term_id, lang)
                    if term_id in used or names is None or explained(lang, f"{name}#{segment.id}", term_id):
                        continue
                    others = [f for f in names.all_forms[1:] if "*" not in f][:3]
                    alternatives = f" (or: {', '.join(others)} …)" if others else ""
                    problems.append(Problem("term-inconsistent", page.path, segment.line,
                                            f"segment '{segment.id}': English uses “{english}”; use "
                                            f"«{names.term}»{alternatives}"))
    return problems


def mark_problems(site: Site, glossary: Glossary) -> list[Problem]:
    """Every `<span class="no-term">` marks a term (a mark around no term is a mistake: a misspelt form, a moved
    word) and is closed in its segment (else it would silence the rest of the paragraph)."""
    problems = []
    for lang in site.languages:
        matcher = glossary.matcher(lang)
        for page in site.pages[lang].values():
            for segment in page.segments:
                marks: list[list[str] | None] = []  # per open span: its words if it is a no-term mark
                for token in segment.inline():
                    if token.type == "html_inline" and (tag := _span_tag(token.content)):
                        closing, attributes = tag
                        if not closing:
                            marks.append([] if NO_TERM_CLASS in _classes(attributes) else None)
                        elif marks and (words := marks.pop()) is not None and not matcher.find(" ".join(words)):
                            text = " ".join(" ".join(words).split())
                            problems.append(Problem("term-mark-invalid", page.path, segment.line,
                                                    f"segment '{segment.id}': <span class=\"no-term\"> marks "
                                                    f"“{text}”, which is no glossary term: remove the mark"))
                    elif token.type == "text":
                        for words in marks:
                            if words is not None:
                                words.append(token.content)
                if any(words is not None for words in marks):
                    problems.append(Problem("term-mark-invalid", page.path, segment.line,
                                            f"segment '{segment.id}': <span class=\"no-term\"> is not closed: end "
                                            "it with </span> after the words it marks"))
    return problems


def glossary_problems(site: Site, glossary: Glossary | None, compared: ComparedSegments = EVERY_SEGMENT,
                      explained: Callable[[str, str, str], bool] = nothing_recorded) -> list[Problem]:
    """What `kb check` reports about the glossary beyond its data files: entries, no-term marks and term
    consistency."""
    if glossary is None:
        return []
    return entry_problems(site, glossary) + mark_problems(site, glossary) + \
        consistency_problems(site, glossary, compared, explained)



# ---------------------------------------------------------------- term base downloads

TERM_BASE = "assets/glossary/processes-glossary"  # .csv and .tbx, next to the site's other assets


def term_base_csv(site: Site, glossary: Glossary) -> str:
    """One row per concept; per language its term, synonyms (separated by “; ”) and definition."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", *(f"{lang}{suffix}" for lang in site.languages
                             for suffix in ("", "_synonyms", "_definition"))])
    for entry in glossary.entries.values():
        row = [entry.id]
        for lang in site.languages:
            names = entry.names.get(lang)
            row += [names.term if names else "", "; ".join(names.synonyms) if names else "",
                    definition(site, entry.id, lang)]
        writer.writerow(row)
    return out.getvalue()


def term_base_tbx(site: Site, glossary: Glossary) -> str:
    """TBX-Basic (ISO 30042), the term-base format CAT tools import: one termEntry per concept, a langSet per
    language with its definition, the preferred term and the admitted synonyms."""
    import xml.etree.ElementTree as etree

    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    martif = etree.Element("martif", {"type": "TBX-Basic", xml_lang: site.default_lang})
    source = etree.SubElement(etree.SubElement(etree.SubElement(martif, "martifHeader"), "fileDesc"), "sourceDesc")
    etree.SubElement(source, "p").text = "Processes (factor VI of the Twelve-Factor App): glossary term base"
    body = etree.SubElement(etree.SubElement(martif, "text"), "body")
    for entry in glossary.entries.values():
        term_entry = etree.SubElement(body, "termEntry", {"id": entry.id})
        for lang in site.languages:
            names = entry.names.get(lang)
            if names is None:
                continue
            lang_set = etree.SubElement(term_entry, "langSet", {xml_lang: lang})
            if text := definition(site, entry.id, lang):
                etree.SubElement(lang_set, "descrip", {"type": "definition"}).text = text
            for term, status in [(names.term, "preferredTerm-admn-sts"),
                                 *((s, "admittedTerm-admn-sts") for s in names.synonyms)]:
                tig = etree.SubElement(lang_set, "tig")
                etree.SubElement(tig, "term").text = term
                etree.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status
    etree.indent(martif)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n'
            + etree.tostring(martif, encoding="unicode") + "\n")


def defined_term_set(site: Site, glossary: Glossary, lang: str, site_url: str) -> dict | None:
    """The glossary page of a language as schema.org data (JSON-LD): a `DefinedTermSet` of its `DefinedTerm`s, each
    with its words and one-sentence definition in that language, and the same concept's entries in the other languages
    (`sameAs`). None when the language has no glossary page."""
    page = site.pages.get(lang, {}).get(GLOSSARY_PAGE)
    if page is None:
        return None
    base = site_url.rstrip("/") + "/"

    def entry_url(other: str, term_id: str) -> str:
        return base + site.page_path(other, f"{GLOSSARY_PAGE}#{term_id}")

    page_url = base + site.page_path(lang, GLOSSARY_PAGE)
    terms = []
    for term_id in glossary.entries:
        names = glossary.names(term_id, lang)
        if names is None:
            continue
        term = {"@type": "DefinedTerm", "@id": entry_url(lang, term_id), "termCode": term_id, "name": names.term,
                "description": definition(site, term_id, lang), "inLanguage": site.tag(lang),
                "url": entry_url(lang, term_id), "inDefinedTermSet": page_url}
        if names.synonyms:
            term["alternateName"] = list(names.synonyms)
        term["sameAs"] = [entry_url(other, term_id) for other in site.languages
                          if other != lang and GLOSSARY_PAGE in site.pages.get(other, {})]
        terms.append(term)
    return {"@context": "https://schema.org", "@type": "DefinedTermSet", "@id": page_url,
            "name": page.meta.get("title", GLOSSARY_PAGE), "url": page_url, "inLanguage": site.tag(lang),
            "hasDefinedTerm": terms}
