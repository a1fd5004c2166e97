"""Content-hashed names for the site's own stylesheets and scripts (extra_css, extra_javascript in mkdocs.yml).

MkDocs serves them under their source names (segments.css), so a host can only let browsers keep them for a short
while, and a reader may get new HTML with an old stylesheet. Material's own files carry a hash in their names
(main.57a0d79d.min.css) and can be cached for a year. `plan` gives ours the same: each script its hashed name,
and the stylesheets of one folder one file (they are small; one request instead of one each, all render-blocking),
named by the hash of what it holds. The MkDocs adapter (processes_kb/mkdocs_plugin.py) applies the plan to the build
(rewriting mkdocs.yml's lists before it); `fingerprint_site` applies the same plan to a site any builder has built
(`kb finish-site`), rewriting the built pages' references.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from processes_kb.built_html import apply_edits, read_page, site_path, tags, whole_lines, with_attribute, write_page

STYLESHEET_BUNDLE = "extra"   # assets/stylesheets/extra.<hash>.css


def hashed_name(path: str, content: bytes) -> str:
    """`assets/javascripts/checklist.js` -> `assets/javascripts/checklist.1a2b3c4d.js` (8 hex digits of SHA-256)."""
    stem, dot, suffix = path.rpartition(".")
    digest = hashlib.sha256(content).hexdigest()[:8]
    return f"{stem}.{digest}.{suffix}" if dot else f"{path}.{digest}"


@dataclass
class Plan:
    extra_css: list[str] = field(default_factory=list)     # the new extra_css entries
    scripts: dict[str, str] = field(default_factory=dict)  # source path -> hashed path, for extra_javascript
    stylesheets: dict[str, str] = field(default_factory=dict)  # source path -> the file that holds it (hashed)
    generated: dict[str, bytes] = field(default_factory=dict)  # hashed path -> content to write
    replaced: list[str] = field(default_factory=list)      # source paths no longer published


def _local(docs_dir: Path, entry: str) -> bool:
    return "//" not in entry and not entry.startswith("/") and (docs_dir / entry).is_file()


def plan(docs_dir: Path, extra_css: list[str], extra_javascript: list[str]) -> Plan:
    """What to publish instead of the listed files. Entries that are URLs or not files of docs_dir stay as they are;
    consecutive stylesheets of one folder become one file, so relative url()s keep working and the order holds."""
    result = Plan()
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        if len(run) == 1:
            content = (docs_dir / run[0]).read_bytes()
            name = hashed_name(run[0], content)
        else:
            content = b"\n".join(b"/* " + path.encode() + b" */\n" + (docs_dir / path).read_bytes().rstrip() + b"\n"
                                 for path in run)
            name = hashed_name(posixpath.join(posixpath.dirname(run[0]), f"{STYLESHEET_BUNDLE}.css"), content)
        result.extra_css.append(name)
        result.generated[name] = content
        result.replaced.extend(run)
        result.stylesheets.update(dict.fromkeys(run, name))
        run.clear()

    for entry in extra_css:
        if not _local(docs_dir, entry):
            flush()
            result.extra_css.append(entry)
            continue
        if run and posixpath.dirname(run[0]) != posixpath.dirname(entry):
            flush()
        run.append(entry)
    flush()
    for entry in extra_javascript:
        if _local(docs_dir, entry):
            content = (docs_dir / entry).read_bytes()
            name = hashed_name(entry, content)
            result.scripts[entry] = name
            result.generated[name] = content
            result.replaced.append(entry)
    return result


# ---------------------------------------------------------------- a built site


@dataclass
class SiteFingerprints:
    pages: int = 0                                   # pages whose references were rewritten
    written: list[str] = field(default_factory=list)  # hashed files written (or rewritten: they differed)


_LOADING = frozenset({"link", "script"})


def _reference(tag) -> str | None:
    """The file a tag loads as a stylesheet or script, as written; None for other tags."""
    if tag.closing:
        return None
    if tag.name == "link" and "stylesheet" in tag.attrs.get("rel", "").lower().split():
        return tag.attrs.get("href")
    if tag.name == "script":
        return tag.attrs.get("src")
    return None


def _site_file(url: str, page_dir: str, base: str) -> str | None:
    """The site-root path a page's reference points to (relative at any depth, or absolute under `base`); None for
    an address elsewhere, or one with a query or fragment."""
    if not url or "?" in url or "#" in url or "//" in url or ":" in url.split("/", 1)[0]:
        return None
    if url.startswith("/"):
        return url[len(base):] if url.startswith(base) else None
    path = posixpath.normpath(posixpath.join(page_dir, url))
    return None if path.startswith("../") or path == ".." else path


def _renamed(url: str, published: str) -> str:
    """`url` pointing to `published` instead: the same folder (a hashed name and a bundle stay in their sources'
    folder), so a relative reference stays relative and an absolute one absolute."""
    return url[:url.rfind("/") + 1] + posixpath.basename(published)


def fingerprint_page(text: str, page: str, found: Plan, base: str) -> str:
    """A built page with its references to the plan's sources pointing to the hashed files: a run of bundled
    stylesheets becomes one link, where its first member's was. Every other byte is kept."""
    page_dir = posixpath.dirname(page)
    edits, linked = [], set()
    for tag in tags(text, _LOADING):
        url = _reference(tag)
        path = _site_file(url, page_dir, base) if url is not None else None
        if path is None:
            continue
        if tag.name == "script" and path in found.scripts:
            published = found.scripts[path]
        elif tag.name == "link" and path in found.stylesheets:
            published = found.stylesheets[path]
            if published in linked:  # the bundle is linked already: this member goes
                edits.append((*whole_lines(text, tag.start, tag.end), ""))
                continue
            linked.add(published)
        else:
            continue
        attribute = "src" if tag.name == "script" else "href"
        edits.append((tag.start, tag.end, with_attribute(text[tag.start:tag.end], attribute, _renamed(url, published))))
    return apply_edits(text, edits) if edits else text


def fingerprint_site(site_dir: Path, extra_css: list[str], extra_javascript: list[str],
                     site_url: str) -> SiteFingerprints:
    """Apply `plan` to a built site: write the hashed files, point every page's references to them.

    The plan is made from the files in the site folder (what the pages load; a builder copies them from docs_dir
    unchanged, so the names are the ones the MkDocs adapter gives). Every page is read before any is written: an
    unreadable page stops the step with nothing changed (BuiltSiteError). A second run changes nothing.
    The un-hashed sources stay: no page names them any more, but a page a browser or a cache still holds from before
    the deploy does, and keeping them lets this step run again after the pages are rebuilt."""
    found = plan(site_dir, extra_css, extra_javascript)
    report = SiteFingerprints()
    if not found.replaced:
        return report
    base = site_path(site_url)
    names = {posixpath.basename(source) for source in found.replaced}
    changed = {}
    for path in sorted(site_dir.rglob("*.html")):
        text = read_page(path)
        if not any(name in text for name in names):  # most pages name none of them: no parse
            continue
        new = fingerprint_page(text, path.relative_to(site_dir).as_posix(), found, base)
        if new != text:
            changed[path] = new
    for published, content in found.generated.items():
        target = site_dir / published
        if not target.is_file() or target.read_bytes() != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            report.written.append(published)
    for path, text in changed.items():
        write_page(path, text)
    report.pages = len(changed)
    return report
