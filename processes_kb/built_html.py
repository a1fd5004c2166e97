"""A built site's HTML pages, read and edited as tokens: the start and end tags with their places in the text, so
that a step changes the tags it means to and leaves every other byte as the builder wrote it.

Used by the steps that finish a site built by any builder (processes_kb/not_found.py, processes_kb/fingerprint.py,
processes_kb/whole_base.py).
Nothing here knows a builder. The tags are found by a small tokenizer (one regular expression per token) rather than
the standard library's html.parser: on the built site's 195 pages (14 MB) both find the same tags, at the same
places, with the same attributes; html.parser takes 3.9 s, the tokenizer 1.6 s, and 0.3 s when only the <link> and
<script> tags are wanted (fingerprinting), because it reads no other tag's attributes.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

# Attributes whose value is one URL (srcset holds several and is not used by the site's templates); a data-*
# attribute holds one when its value is shaped like a path (`url_attributes`).
URL_ATTRIBUTES = ("href", "src", "action", "poster")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_PATH = re.compile(r"^[\w.~%-]*/[\w.~%/-]*(?:[?#]\S*)?$")  # pagefind/, ../assets/language-offer.json


def url_attributes(tag: "Tag") -> list[str]:
    """The names of a tag's attributes that hold a URL: the standard ones, and data-* ones holding a path (templates
    pass addresses to scripts that way: data-bundle="../pagefind/")."""
    return [name for name, value in tag.attrs.items()
            if name in URL_ATTRIBUTES or (name.startswith("data-") and _PATH.match(value))]


class BuiltSiteError(Exception):
    """A built site that cannot be finished: `path: message`. `unreadable` for input that cannot be read (exit 2)."""

    def __init__(self, path: Path | str, message: str, unreadable: bool = False):
        super().__init__(f"{path}: {message}")
        self.path, self.message, self.unreadable = str(path), message, unreadable


@dataclass(frozen=True)
class Tag:
    name: str
    attrs: dict[str, str]  # names lower-cased, values unescaped ("" for an attribute without a value)
    start: int             # the tag's place in the page's text: text[start:end] is the tag as written
    end: int
    closing: bool = False  # an end tag (</nav>)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


# The tokens of HTML that matter for finding tags (https://html.spec.whatwg.org/#tokenization, simplified): a
# comment, a doctype or other markup declaration, an end tag, a start tag with its attributes (quoted values may
# hold `>`). The content of script, style, textarea and title elements is text, as for a browser.
_TOKEN = re.compile(r"""<!--.*?(?:-->|\Z)|<[!?][^>]*>|</(?P<end>[A-Za-z][^\s/>]*)[^>]*>"""
                    r"""|<(?P<start>[A-Za-z][^\s/>]*)(?P<attrs>(?:[^>"']|"[^"]*"|'[^']*')*)>""", re.S)
_ATTRIBUTE = re.compile(r"""([^\s/>"'=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
_TEXT_ONLY = ("script", "style", "textarea", "title")


def _attributes(raw: str) -> dict[str, str]:
    found = {}
    for name, value in _ATTRIBUTE.findall(raw):
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        found.setdefault(name.lower(), html.unescape(value))
    return found


def tags(text: str, names: frozenset[str] | set[str] | None = None) -> list[Tag]:
    """Every start and end tag of a page, in order (or only those named `names`). A tokenizer, not a parser: it
    finds tags where a browser would, and builds no tree."""
    found, at = [], 0
    while match := _TOKEN.search(text, at):
        at = match.end()
        name = (match["start"] or match["end"] or "").lower()
        if not name:
            continue  # a comment or a declaration
        closing = match["start"] is None
        if names is None or name in names:
            found.append(Tag(name, {} if closing else _attributes(match["attrs"]), match.start(), match.end(), closing))
        if not closing and name in _TEXT_ONLY:  # its content is text: go to its end tag
            end = re.compile(r"</%s[\s/>]" % name, re.I).search(text, at)
            at = end.start() if end else len(text)
    return found


def element_end(found: list[Tag], index: int) -> int:
    """Where the element opened by found[index] ends (after its end tag; nested elements of its name counted), or
    the end of its start tag for an element without one."""
    opening, depth = found[index], 0
    for tag in found[index + 1:]:
        if tag.name != opening.name:
            continue
        if not tag.closing:
            depth += 1
        elif depth:
            depth -= 1
        else:
            return tag.end
    return opening.end


def read_page(path: Path) -> str:
    """A built page's text, exactly (no newline translation): raises BuiltSiteError when it cannot be read."""
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as error:
        raise BuiltSiteError(path, f"cannot read: {error.strerror}", unreadable=True) from None
    except UnicodeDecodeError as error:
        raise BuiltSiteError(path, f"not UTF-8 text (byte {error.start})", unreadable=True) from None


def write_page(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))


def with_attribute(raw: str, name: str, value: str) -> str:
    """The tag `raw` as written, with the value of attribute `name` replaced (its quoting kept)."""
    pattern = re.compile(r"""(\s%s\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+)""" % re.escape(name), re.IGNORECASE)

    def replace(match: re.Match) -> str:
        quoted = match.group(2)
        quote = quoted[0] if quoted[0] in "\"'" else '"'
        escaped = html.escape(value, quote=False).replace(quote, "&quot;" if quote == '"' else "&#x27;")
        return f"{match.group(1)}{quote}{escaped}{quote}"

    return pattern.sub(replace, raw, count=1)


def rewrite_attributes(text: str, rewrite) -> str:
    """`text` with each start tag's attribute values passed through `rewrite(tag, name, value) -> value`; only the
    values that change are replaced, in place (every other byte stays as written)."""
    edits = []
    for tag in tags(text):
        if tag.closing:
            continue
        raw = new = text[tag.start:tag.end]
        for name, value in tag.attrs.items():
            changed = rewrite(tag, name, value)
            if changed != value:
                new = with_attribute(new, name, changed)
        if new != raw:
            edits.append((tag.start, tag.end, new))
    return apply_edits(text, edits)


def replace_elements(text: str, wanted, replacement) -> str:
    """`text` with every element whose start tag is `wanted(tag)` replaced by `replacement(element's text)` (an
    element inside one replaced is replaced with it)."""
    found, edits, done = tags(text), [], 0
    for index, tag in enumerate(found):
        if tag.closing or tag.start < done or not wanted(tag):
            continue
        done = element_end(found, index)
        edits.append((tag.start, done, replacement(text[tag.start:done])))
    return apply_edits(text, edits)


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """`text` with each (start, end, replacement) applied; edits must not overlap."""
    parts, at = [], 0
    for start, end, replacement in sorted(edits):
        parts += [text[at:start], replacement]
        at = end
    return "".join(parts) + text[at:]


def whole_lines(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to its lines when nothing else stands on them (to remove a tag without leaving a blank
    line); else the span itself."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end + 1
    if text[line_start:start].strip() or text[end:line_end].strip():
        return start, end
    return line_start, line_end


def is_relative(url: str) -> bool:
    """A URL relative to the page's own address: no scheme, not `/…` nor `//…`, not only a #fragment."""
    return bool(url) and not url.startswith(("/", "#")) and not _SCHEME.match(url)


def site_path(site_url: str) -> str:
    """The path the site is published under: `/processes/` for https://docs.example.org/processes/."""
    path = urllib.parse.urlsplit(site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def absolute_path(url: str, page: str, base: str) -> str:
    """`url`, relative to the page at `page` (from the site's root: `uk/index.html`), as an absolute path under
    `base` (`/processes/`): it then means the same from any address."""
    return urllib.parse.urljoin(base + page, url) if is_relative(url) else url
