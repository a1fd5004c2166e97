"""The filesystem as a brief, single-transaction cache: fetch a large
file into a temporary directory, process it, store the result in the
backing service, and leave nothing behind.

Usage: REDIS_URL=redis://localhost:6379/0 \\
           python single_transaction_cache.py URL
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
import urllib.request
from pathlib import Path

import redis


# --8<-- [start:transaction]
def summarise(url: str, store: redis.Redis) -> dict:
    # The download lives only as long as this one transaction: the
    # next request may well be served by another process.
    with tempfile.TemporaryDirectory(prefix="download-") as scratch:
        local_copy = Path(scratch) / "data"
        with urllib.request.urlopen(url, timeout=30) as response, \
                local_copy.open("wb") as out:
            shutil.copyfileobj(response, out)
        digest, lines = hashlib.sha256(), 0
        with local_copy.open("rb") as data:
            for chunk in iter(lambda: data.read(1 << 20), b""):
                digest.update(chunk)
                lines += chunk.count(b"\n")
        summary = {"bytes": local_copy.stat().st_size, "lines": lines,
                   "sha256": digest.hexdigest()}
    # Only the result persists, in the backing service.
    store.hset(f"summary:{summary['sha256']}", mapping=summary)
    return summary
# --8<-- [end:transaction]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python single_transaction_cache.py URL")
    url = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
    result = summarise(sys.argv[1], redis.Redis.from_url(url))
    short = result["sha256"][:16]
    print(f"{result['bytes']} bytes, {result['lines']} lines, "
          f"sha256 {short}…")
    print(f"stored in the backing service as summary:{short}…")
