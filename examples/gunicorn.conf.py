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
