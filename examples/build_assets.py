"""Asset compilation in the build stage: fingerprint every asset once
and write a manifest.

Build stage:  python build_assets.py SOURCE_DIR OUTPUT_DIR
Runtime:      asset_url("app.css") reads the manifest; it never compiles
              or writes anything.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path


# --8<-- [start:build]
def build(source: Path, output: Path) -> dict[str, str]:
    """Copy each asset to a content-addressed name (app.3f2a9c1b.css)
    and record it in manifest.json."""
    manifest = {}
    for asset in sorted(p for p in source.rglob("*") if p.is_file()):
        name = asset.relative_to(source).as_posix()
        fingerprint = hashlib.sha256(asset.read_bytes()).hexdigest()[:8]
        built = Path(name).with_suffix(f".{fingerprint}{asset.suffix}")
        (output / built).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(asset, output / built)
        manifest[name] = built.as_posix()
    (output / "manifest.json").write_text(
        json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest
# --8<-- [end:build]


# --8<-- [start:runtime]
@functools.cache
def manifest() -> dict[str, str]:
    assets = Path(os.environ["ASSETS_DIR"])
    return json.loads((assets / "manifest.json").read_text())


def asset_url(name: str) -> str:
    """The URL of a built asset. A missing entry is a build bug:
    fail loudly, never compile here."""
    return f"/static/{manifest()[name]}"
# --8<-- [end:runtime]


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python build_assets.py SOURCE_DIR OUTPUT_DIR")
    built = build(Path(sys.argv[1]), Path(sys.argv[2]))
    for name, fingerprinted in built.items():
        print(f"{name} -> {fingerprinted}")
