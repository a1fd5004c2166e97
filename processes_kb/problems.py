"""Problems as data: what is wrong (a stable code), where (file and line), whose it is (the language whose translator
fixes it), and the message a person reads.

`str(problem)` is `file:line: message`, the form every command prints. Tools (`kb check --lang`, GitHub annotations,
the build hook) read the fields, never the message. Every code is listed in PROBLEM_CODES with what it means (and in
scripts/README.md); a Problem with an unlisted code is a programming error, raised at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PROBLEM_CODES: dict[str, str] = {
    # layout of docs/
    "page-outside-language": "a page directly in docs/, not in a language folder",
    "language-unknown": "a folder, string or label for a language that mkdocs.yml does not configure",
    "page-missing": "a page of the original has no version in a language",
    "page-without-original": "a translated page has no original",
    # one page read alone
    "page-empty": "the page file is empty",
    "front-matter-unclosed": "front matter opened with `---` is never closed",
    "front-matter-invalid": "front matter is not valid YAML, or not `key: value` lines",
    "segment-id-missing": "a heading, paragraph, list item or code block without a segment ID",
    "segment-id-invalid": "a segment ID that is not lowercase letters, digits and dashes",
    "segment-id-duplicate": "a segment ID used twice on a page",
    "segment-id-unclosed": "an ID marker `{ #id` or `{: #id` without its closing brace",
    "segment-id-alone": "an ID line standing alone, not on the last line of its block",
    "segment-id-taken": "a segment ID that is the anchor of a figure on the page",
    "fence-unclosed": "a code fence that is never closed",
    "table": "a table (tables cannot carry segment IDs)",
    "html-block": "a raw HTML block (it cannot carry a segment ID)",
    "diagram-marker-invalid": "a diagram marker that cannot be read, has an invalid ID or stands inside a block",
    "diagram-repeated": "a page shows the same diagram twice",
    # the page as the renderer (Python-Markdown) reads it (processes_kb/rendering.py)
    "segment-not-rendered": "a segment of the model that the rendered page lacks, or renders as another kind of block",
    "attributes-shown-as-text": "an attribute list `{: …}` that the renderer shows to readers as text",
    # a translation against its original
    "front-matter-key-missing": "a front-matter key of the original is missing in a translation",
    "segment-missing": "a segment of the original is missing in a translation",
    "segment-extra": "a translation has a segment the original does not have",
    "segment-out-of-order": "a segment stands in another place than in the original",
    "segment-kind-differs": "a segment is another kind of block than in the original",
    "heading-level-differs": "a heading has another level than in the original",
    "code-differs": "a code block differs from the original's",
    "links-differ": "a segment links to other places than the original's",
    "diagram-missing": "a diagram of the original is missing in a translation",
    "diagram-misplaced": "a diagram stands after another segment than in the original",
    "diagram-extra": "a translation shows a diagram the original does not",
    # links and anchors
    "link-page-unknown": "a link to a page of the site that does not exist in the page's language",
    "link-anchor-unknown": "a link to a segment or figure that does not exist in the linked page",
    "twelve-factor-language": "a link to 12factor.net that leaves the reader's language",
    "anchors-format": "a line of data/published-anchors.txt that cannot be read, or a move to another page",
    "anchor-gone": "a published anchor that no longer leads anywhere",
    "anchor-move-invalid": "a recorded move whose target is missing or whose old ID still exists",
    "anchor-unpublished": "a segment or figure of the original not yet in data/published-anchors.txt",
    # typography
    "typography-nfc": "text not in Unicode NFC",
    "typography-quote": "a straight quote in prose",
    "typography-apostrophe": "a wrong apostrophe in a Ukrainian word",
    "typography-spacing": "a missing or ordinary space where French wants a no-break one",
    "typography-one-letter-word": "a Ukrainian one-letter word (у, і, з…) before an ordinary space or a line break",
    "typography-dash": "a dash without the spaces its language wants (Ukrainian « — », Portuguese ' — ')",
    "typography-hyphen-dash": "a hyphen with spaces (in Ukrainian and Portuguese also an en dash) used as a dash",
    "typography-numeral": "an ordinary space or line break between a Ukrainian word and a Roman numeral",
    "typography-ellipsis": "three dots instead of the ellipsis character …",
    "typography-double-space": "several spaces in a row in prose",
    "typography-space-before-punctuation": "a space before , . ) (outside French also before ; : ! ?) or after (",
    "typography-quote-style": "quotation marks of another language (« » in English, “ ” in Ukrainian)",
    "typography-ligature": "a French word written with oe instead of the ligature œ (noeud, coeur)",
    "typography-capital-accent": "a French sentence starting with A instead of À",
    "typography-ordinal": "a degree sign or a superscript letter after a number where Portuguese writes º or ª",
    "typography-tone-mark": "a Vietnamese tone mark in the new position (hoà, thuỷ instead of hòa, thủy)",
    "typography-i-or-y": "Vietnamese kĩ, kì, lí, mĩ where the style sheet writes kỹ, kỳ, lý, mỹ",
    # examples
    "code-pasted": "code pasted into a page instead of included from a checked file",
    "snippet-file-missing": "an include names a file that does not exist",
    "snippet-section-missing": "an include names a section its file does not mark",
    "snippet-unchecked": "a snippet the pages show that no check runs",
    "code-title-missing": "a code block that shows several files has no title naming them",
    "code-title-differs": "a code block's title does not name the file it shows",
    # diagrams
    "diagram-unknown": "a marker names no diagram that processes_kb/diagrams.py draws",
    "diagram-labels-format": "data/diagrams.yml is not shaped as diagram, language, label lines",
    "diagram-labels-missing": "a diagram has no labels at all, or no labels file",
    "diagram-label-missing": "a diagram has no labels, or lacks a label, in a language",
    "diagram-label-unknown": "a label that the diagram does not draw, or labels of an unknown diagram",
    "diagram-label-empty": "an empty label",
    "diagram-label-placeholders": "a label whose `{…}` placeholders differ from the original's",
    "diagram-label-overflow": "a label that does not fit its box",
    "diagram-alt-short": "a diagram's text alternative that only repeats its title",
    # interface strings
    "ui-strings-format": "data/ui-strings.yml is not shaped as key, then one `lang: text` line per language",
    "ui-string-missing": "an interface string missing in a language",
    "ui-string-empty": "an empty interface string",
    "ui-string-plural": "a string that shows a count lacks a plural form its language has, or has one it does not",
    "ui-string-placeholders": "an interface string whose `{…}` placeholders differ from the original's",
    # glossary
    "glossary-format": "data/glossary.yml is not shaped as term ID: {related: [...]}",
    "term-id-invalid": "a term ID that is not lowercase letters, digits and dashes",
    "term-related-unknown": "a term related to an unknown term or to itself",
    "terms-file-missing": "a language has no data/glossary-terms/<lang>.yml",
    "terms-format": "an entry of data/glossary-terms/<lang>.yml that is not {term, synonyms, forms, never}",
    "term-unknown": "a term ID in data/glossary-terms/<lang>.yml that data/glossary.yml does not have",
    "term-form-claimed": "a form claimed by two terms",
    "term-words-missing": "a term without words in a language",
    "glossary-page-missing": "the original glossary page is missing",
    "glossary-entry-unknown": "a glossary entry heading that is not a term",
    "glossary-entry-missing": "a term without an entry, or an entry without its definition",
    "glossary-entry-heading": "an entry headed by other words than its term",
    "term-inconsistent": "a translated segment that does not use the term its English uses",
    "term-never-invalid": "a `never` phrase that contains no form of its term, or that is a form itself",
    "term-mark-invalid": "a `<span class=\"no-term\">` that marks no glossary term, or is not closed in its segment",
    "term-links-differ": "a translated segment that links other glossary terms than its English",
    "term-differences-format": "data/term-differences/<lang>.yml is not shaped as page.md#segment-id, term ID: reason",
    "term-difference-unknown": "a recorded term difference that names no segment of the language, or no term",
    "term-difference-stale": "a recorded term difference that no longer differs",
    # recommendations
    "recommendations-format": "data/recommendations.yml is not shaped as ID: {sources, terms, examples, related}",
    "recommendation-source-missing": "a recommendation without a source segment",
    "recommendation-id-unknown": "an ID in a recommendation (source, term, example, related) that leads nowhere",
    "recommendation-source-renamed": "a recommendation's source segment that was renamed since",
    "recommendation-page-missing": "a recommendation without its page",
    "recommendation-page-structure": "a recommendation page without its title, rule or required headings",
    "recommendation-page-unknown": "a recommendation page that data/recommendations.yml does not list",
    "practice-without-recommendation": "a practice of the factor that no recommendation comes from",
    # translation status (kb status, kb import)
    "lock-format": "a line of data/translations/<lang>.lock that cannot be read",
    "segment-outdated": "a translated segment whose English changed since it was reviewed",
    "segment-untranslated": "a segment whose text is still the English",
    "import-unit-unknown": "a unit of an imported file that names no segment",
    "import-english-changed": "a unit of an imported file whose English changed since the export",
    "import-unit-repeated": "a unit that an imported file has more than once",
    "import-not-one-block": "an imported translation that would not stay its one block (an empty line, a new list)",
    "import-code-mismatch": "an imported translation whose inline codes are not the unit's (one missing, unknown or "
                            "repeated)",
    "import-code-order": "an imported translation whose inline codes are out of order (closed before opened, "
                         "crossed, a line break inside a line)",
    # a language's settings and reviewers (kb check's notes, kb codeowners)
    "site-text-untranslated": "a language's site_name or site_description in mkdocs.yml that is still the original's",
    "reviewers-format": "data/reviewers.yml is not shaped as one `lang: [user, …]` line per language",
    "reviewer-handle-invalid": "a reviewer in data/reviewers.yml that is not a GitHub user name or organisation/team",
}

# Files that belong to one language: their problems are that language's translator's.
_LANGUAGE_FILES = re.compile(r"^(?:docs/(?P<page_lang>[^/]+)/|data/glossary-terms/(?P<terms_lang>[^/]+)\.yml$|"
                             r"data/translations/(?P<lock_lang>[^/]+)\.lock$|"
                             r"data/term-differences/(?P<differences_lang>[^/]+)\.yml$)")


def language_of(path: str) -> str | None:
    """The language a file belongs to (`docs/uk/…`, `data/glossary-terms/uk.yml`, `data/translations/uk.lock`,
    `data/term-differences/uk.yml`);
    None for shared files (`data/ui-strings.yml`, `data/diagrams.yml`, the examples…)."""
    match = _LANGUAGE_FILES.match(path)
    return next((lang for lang in match.groups() if lang), None) if match else None


class _FromPath:
    def __repr__(self) -> str:
        return "<language of the path>"


FROM_PATH = _FromPath()  # Problem.lang's default: the language of the problem's file


@dataclass(frozen=True)
class Problem:
    """Something wrong in the docs or the data, reported as `file:line: message`.

    `lang`: the language whose translator must fix it; by default the language of the file (`language_of`); None for
    a shared problem, one no single translator fixes (code, a shared data file), which blocks every language."""

    code: str  # a key of PROBLEM_CODES
    path: str
    line: int
    message: str
    lang: str | None = FROM_PATH  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.code not in PROBLEM_CODES:
            raise ValueError(f"unknown problem code {self.code!r}: add it to PROBLEM_CODES in processes_kb/problems.py")
        if self.lang is FROM_PATH:
            object.__setattr__(self, "lang", language_of(self.path))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"
