"""The examples folder as a downloadable archive (downloads/processes-examples.zip on the site).

Byte-identical for the same files: entries sorted, fixed timestamps and permissions, nothing from the machine that
builds it. It holds what a reader needs to run the examples (examples/run.sh, the "Run it yourself" steps), under
one folder, `processes-examples/examples/…`, so that the steps run from `processes-examples/` as from a clone; not
the recorded outputs the pages show (output/) nor caches. The site publishes it as a generated file (the build
adapter and `kb finish-site`), and `kb snippets` runs the steps from this very archive, unpacked.
"""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

ARCHIVE = "downloads/processes-examples.zip"  # where the site publishes it (and pages link it, from docs/<lang>/)
ARCHIVE_FOLDER = "processes-examples"
EXAMPLES = "examples"
LEFT_OUT = {"output", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", "redis-data", "static",
            ".venv", "node_modules"}
LEFT_OUT_SUFFIXES = (".pyc", ".pyo", ".log", ".aof", ".rdb")
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say


def archived_files(root: Path) -> list[Path]:
    """The example files that go into the archive, sorted by their path."""
    folder = root / EXAMPLES
    files = []
    for path in folder.rglob("*"):
        parts = path.relative_to(folder).parts
        if any(part in LEFT_OUT or part.startswith(".") for part in parts):
            continue
        if path.is_file() and not path.name.endswith(LEFT_OUT_SUFFIXES):
            files.append(path)
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def examples_archive(root: Path) -> bytes:
    """The archive's bytes (the same bytes for the same files)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in archived_files(root):
            entry = zipfile.ZipInfo(f"{ARCHIVE_FOLDER}/{path.relative_to(root).as_posix()}", FIXED_TIME)
            entry.create_system = 3  # Unix, so that the permissions below are read
            executable = path.stat().st_mode & stat.S_IXUSR
            entry.external_attr = ((0o100755 if executable else 0o100644) & 0xFFFF) << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, path.read_bytes(), compresslevel=9)
    return buffer.getvalue()
