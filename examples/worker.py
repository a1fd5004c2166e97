"""The `worker` process type: takes jobs from a Redis list and stores
each result back in Redis. It shares nothing with the web processes or
the other workers but the backing service.
"""

from __future__ import annotations

# --8<-- [start:loop]
import json
import os
import signal
import sys

import redis

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")


def run(queue: redis.Redis) -> None:
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)  # finish the job, then exit
    while not stopping:
        item = queue.blpop(["jobs"], timeout=1)
        if item is None:
            continue
        job = json.loads(item[1])
        result = {"id": job["id"], "words": len(job["text"].split()),
                  "worker_pid": os.getpid()}
        queue.set(f"result:{job['id']}", json.dumps(result), ex=300)


if __name__ == "__main__":
    print(f"worker {os.getpid()} waiting for jobs", flush=True)
    run(redis.Redis.from_url(REDIS_URL, decode_responses=True))
    sys.exit(0)
# --8<-- [end:loop]
