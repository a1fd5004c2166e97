"""Content-hashed names for the site's own stylesheets and scripts (extra_css, extra_javascript in mkdocs.yml).

MkDocs serves them under their source names (segments.css), so a host can only let browsers keep them for a short
while, and a reader may get new HTML with an old stylesheet. Material's own files carry a hash in their names
(main.57a0d79d.min.css) and can be cached for a year. `plan` gives ours the same: each script its hashed name,
and the stylesheets of one folder one file (they are small; one request instead of one each, all render-blocking),
named by the hash of what it holds. The MkDocs adapter (processes_kb/mkdocs_plugin.py) applies the plan to the build.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

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
