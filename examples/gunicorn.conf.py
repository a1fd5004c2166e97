"""Gunicorn settings for the web process, read from the environment."""

import os

# --8<-- [start:settings]
# The platform says where to listen (PORT) and how many worker
# processes to run (WEB_CONCURRENCY).
bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "1"))
# Threads, so that a request waiting on Redis holds one thread, not the
# whole process; webapp.py keeps one of them free for /healthz.
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
# --8<-- [end:settings]

# --8<-- [start:drain]
# A deploy sends SIGTERM: gunicorn stops accepting connections, lets the
# requests it has finish, then exits. They must finish within
# graceful_timeout, after which the workers are killed; a platform waits
# its own grace period (Kubernetes: 30 s) before SIGKILL: keep this below.
graceful_timeout = int(os.environ.get("GRACEFUL_TIMEOUT", "20"))
# --8<-- [end:drain]
