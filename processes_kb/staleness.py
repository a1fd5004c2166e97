"""Translation status per segment: which version of its English source each translated segment translates.

- `data/translations/<lang>.lock`: one line per translated segment, `page.md#segment-id <digest>`, the digest of
  the English text it was last reviewed against (content model: whitespace-insensitive SHA-256). Written only by
  the `kb` commands (`mark-reviewed`, `mark-minor`); never touches prose.
- `data/translations/english.yml`: every English version a lock has referred to, keyed by digest, so that a
  translator sees exactly what changed (a word diff), without git.

A segment of the English is, in a translation, *up to date* (its lock names the current English), *outdated* (the
English changed since, or it was never marked reviewed), *untranslated* (its text is the English text: four words or
more, or any text never marked reviewed, such as what `kb add-missing` copies) or *missing* (the translation does
not have it: a new English segment). Code blocks are the same in every language and have no status.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from processes_kb.content import ContentError, Page, Problem, Segment, Site, plain_text
from processes_kb.datafile import data_lines, yaml_load
from processes_kb.placement import placement, translation_path

LOCKS = "data/translations/{lang}.lock"
ENGLISH_VERSIONS = "data/translations/english.yml"
LOCK_LINE = re.compile(r"^(?P<key>[\w./-]+\.md#[a-z0-9-]+)\s+(?P<digest>[0-9a-f]{12})$")
LOCK_HEADER = ("# Which version of the English each segment of this language translates: `page.md#segment-id digest`.\n"
               "# Written by `kb mark-reviewed` and `kb mark-minor` (see CONTRIBUTING.md); do not edit by hand.\n")

UP_TO_DATE, OUTDATED, UNTRANSLATED, MISSING = "up to date", "outdated", "untranslated", "missing"
STATES = (UP_TO_DATE, OUTDATED, UNTRANSLATED, MISSING)


@dataclass
class SegmentStatus:
    page: Page  # the translated page (an empty one when the language lacks the page)
    segment: Segment | None  # None when missing
    source: Segment  # the English segment
    state: str
    old_english: str | None = None  # the English version the translation was reviewed against, if known
    line: int = 1  # the segment's line in the translation; where it belongs when missing
    source_path: str = ""  # the English page, as messages show it

    @property
    def key(self) -> str:
        return f"{self.page.name}#{self.source.id}"


@dataclass
class LanguageStatus:
    lang: str
    segments: list[SegmentStatus] = field(default_factory=list)

    def of(self, state: str) -> list[SegmentStatus]:
        return [s for s in self.segments if s.state == state]

    def pages(self) -> dict[str, list[SegmentStatus]]:
        """Page name -> the status of each of its English segments (code aside), missing ones included."""
        found: dict[str, list[SegmentStatus]] = {}
        for status in self.segments:
            found.setdefault(status.page.name, []).append(status)
        return found

    def counts(self, items: list[SegmentStatus] | None = None) -> dict[str, int]:
        """State -> how many segments (of `items`, or of the whole language) are in it."""
        items = self.segments if items is None else items
        return {state: sum(item.state == state for item in items) for state in STATES}


# ---------------------------------------------------------------- files


def tracked(root: Path) -> bool:
    """Whether the project records translation status at all (small fixture projects do not)."""
    return (root / LOCKS.format(lang="x")).parent.is_dir()


def read_lock(root: Path, lang: str) -> tuple[dict[str, str], list[Problem]]:
    """`page.md#segment-id` -> digest, and format problems (file:line)."""
    path = LOCKS.format(lang=lang)
    if not (root / path).is_file():
        return {}, []
    locks, problems = {}, []
    for number, line in data_lines(root, path):
        match = LOCK_LINE.match(line)
        if not match:
            problems.append(Problem("lock-format", path, number, f"cannot read '{line}': expected "
                                                                 "`page.md#segment-id digest`; this file is written "
                                                                 "by `kb mark-reviewed`"))
        else:
            locks[match["key"]] = match["digest"]
    return locks, problems


def write_lock(root: Path, lang: str, locks: dict[str, str]) -> None:
    file = root / LOCKS.format(lang=lang)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(LOCK_HEADER + "".join(f"{key} {digest}\n" for key, digest in sorted(locks.items())),
                    encoding="utf-8")


def read_english_versions(root: Path) -> dict[str, str]:
    file = root / ENGLISH_VERSIONS
    if not file.is_file():
        return {}
    try:
        data = yaml_load(file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ContentError(ENGLISH_VERSIONS, mark.line + 1 if mark else 1, "not valid YAML; this file is written "
                                                                           "by `kb mark-reviewed`") from None
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def remember_english(root: Path, site: Site) -> None:
    """Add the current text of every English segment to the versions store (existing versions are kept)."""
    versions = read_english_versions(root)
    for page in site.originals.values():
        for segment in page.segments:
            if segment.kind != "code":
                versions.setdefault(segment.digest, segment.text)
    file = root / ENGLISH_VERSIONS
    file.parent.mkdir(parents=True, exist_ok=True)
    header = "# Every version of an English segment that a translation was reviewed against, by digest.\n" \
             "# Written by `kb mark-reviewed` and `kb mark-minor`; do not edit by hand.\n"
    file.write_text(header + yaml.safe_dump(dict(sorted(versions.items())), allow_unicode=True, width=100,
                                            default_style="|"), encoding="utf-8")


# ---------------------------------------------------------------- status


# Applied to plain text (no link targets left): what remains of code, bare addresses, numbers and punctuation.
NOT_WORDS = re.compile(r"`[^`]*`|https?://\S+|[\d\W_]+")


MIN_WORDS = 4  # shorter texts may rightly read the same in two languages: “Redis”, “Anti-patterns”, “Checklist”


def is_untranslated(translated: Segment, english: Segment, reviewed: bool = False) -> bool:
    """The same words as the English (code, link targets, numbers and punctuation aside), in a text long enough for
    that not to be a coincidence, or in any text that was never marked reviewed (a copied heading: “Redis”)."""
    words = NOT_WORDS.sub(" ", plain_text(translated.text)).split()
    if not words or (len(words) < MIN_WORDS and reviewed):
        return False
    return words == NOT_WORDS.sub(" ", plain_text(english.text)).split()


def language_status(site: Site, root: Path, lang: str) -> tuple[LanguageStatus, list[Problem]]:
    """Every segment of the English and its state in `lang`. Worked out once per loaded site and state of the
    translation files (the checks, the policy and the summary all ask for it)."""
    files = [root / LOCKS.format(lang=lang), root / ENGLISH_VERSIONS]
    key = (lang, str(root), tuple(f.stat().st_mtime_ns if f.is_file() else None for f in files))
    if key not in site.status_cache:
        site.status_cache[key] = _language_status(site, root, lang)
    status, problems = site.status_cache[key]
    return status, list(problems)


def _language_status(site: Site, root: Path, lang: str) -> tuple[LanguageStatus, list[Problem]]:
    locks, problems = read_lock(root, lang)
    versions = read_english_versions(root)
    status = LanguageStatus(lang)
    for name, original in sorted(site.originals.items()):
        page = site.pages[lang].get(name) or Page(lang, name, translation_path(site, lang, name))
        for source in original.segments:
            if source.kind == "code":
                continue
            segment = page.segment(source.id)
            if segment is None:
                line = placement(original, page, source.id).line
                status.segments.append(SegmentStatus(page, None, source, MISSING, line=line,
                                                     source_path=original.path))
                continue
            locked = locks.get(f"{name}#{segment.id}")
            if is_untranslated(segment, source, reviewed=locked is not None):
                state = UNTRANSLATED
            elif locked == source.digest:
                state = UP_TO_DATE
            else:
                state = OUTDATED
            status.segments.append(SegmentStatus(page, segment, source, state, versions.get(locked or ""),
                                                 segment.line, original.path))
    return status, problems


def word_diff(old: str, new: str) -> str:
    """The change between two texts, word by word: [-removed-]{+added+}."""
    old_words, new_words = plain_text(old).split(), plain_text(new).split()
    out = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(" ".join(old_words[a1:a2]))
            continue
        if a2 > a1:
            out.append("[-" + " ".join(old_words[a1:a2]) + "-]")
        if b2 > b1:
            out.append("{+" + " ".join(new_words[b1:b2]) + "+}")
    return " ".join(out)


# ---------------------------------------------------------------- the commands' work


def mark_reviewed(site: Site, root: Path, lang: str, keys: list[str] | None) -> list[str]:
    """Record that the translation of these segments (all outdated ones when `keys` is None) matches the current
    English; returns the keys marked. Rewrites only the lock and the versions store, never prose."""
    status, _ = language_status(site, root, lang)
    locks, _ = read_lock(root, lang)
    wanted = [s for s in status.segments if s.state != MISSING
              and ((keys is None and s.state == OUTDATED) or (keys and s.key in keys))]
    for segment_status in wanted:
        locks[segment_status.key] = segment_status.source.digest
    known = {f"{name}#{s.id}" for name, page in site.originals.items() for s in page.segments}
    write_lock(root, lang, {key: digest for key, digest in locks.items() if key in known})
    remember_english(root, site)
    return [s.key for s in wanted]


def mark_minor(site: Site, root: Path, keys: list[str]) -> dict[str, list[str]]:
    """An English change too small to translate again (a typo): languages that were up to date with the previous
    English stay up to date. The previous version is the one most languages are locked to. Returns lang -> keys."""
    marked: dict[str, list[str]] = {}
    locks = {lang: read_lock(root, lang)[0] for lang in site.languages[1:]}
    for key in keys:
        name, _, segment_id = key.partition("#")
        source = site.originals[name].segment(segment_id)
        previous = [locks[lang].get(key) for lang in locks if locks[lang].get(key) not in (None, source.digest)]
        if not previous:
            continue
        most_common = max(set(previous), key=previous.count)
        for lang, lang_locks in locks.items():
            if lang_locks.get(key) == most_common:
                lang_locks[key] = source.digest
                marked.setdefault(lang, []).append(key)
    for lang, lang_locks in locks.items():
        if lang in marked:
            write_lock(root, lang, lang_locks)
    remember_english(root, site)
    return marked


def unknown_keys(site: Site, keys: list[str]) -> list[str]:
    """The keys (`page.md#segment-id`) that name no English segment."""
    return [key for key in keys if (page := site.originals.get(key.partition("#")[0])) is None
            or page.segment(key.partition("#")[2]) is None]


def english_change_dates(root: Path, page_path: str, segments: list[Segment]) -> dict[str, str]:
    """Segment ID -> the date (YYYY-MM-DD) its English lines last changed, from `git blame`; {} without git
    history (a tarball, a shallow copy): the notes then carry no date."""
    import subprocess

    try:
        blame = subprocess.run(["git", "blame", "--porcelain", "--", page_path], cwd=root, capture_output=True,
                               text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return {}
    if blame.returncode != 0:
        return {}
    times, line_time, commit_time = {}, {}, {}
    current = None
    for raw in blame.stdout.splitlines():
        parts = raw.split(" ")
        if len(parts) >= 3 and len(parts[0]) == 40 and parts[1].isdigit() and parts[2].isdigit():
            current = parts[0]
            line_time[int(parts[2])] = current
        elif raw.startswith("committer-time ") and current:
            commit_time[current] = int(raw.split(" ")[1])
    import datetime

    for segment in segments:
        lines = range(segment.line, segment.line + segment.text.count("\n") + 1)
        stamps = [commit_time.get(line_time.get(n, ""), 0) for n in lines]
        if any(stamps):
            times[segment.id] = datetime.datetime.fromtimestamp(max(stamps), datetime.timezone.utc).date().isoformat()
    return times
