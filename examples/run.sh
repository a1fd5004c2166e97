# The demo from a fresh clone of the repository, or from the unpacked processes-examples.zip, step by step.
# Not a script to run whole: each section goes in a terminal of its own, and the examples page shows them
# (docs/<lang>/examples.md, "Run it yourself"). `kb snippets` runs these very sections (check `run-it-yourself`,
# processes_kb/run_steps.py) on free ports instead of 6379, 5000 and 5001, and compares what the requests print
# with examples/output/run_requests.txt. Only `setup` is not run there: it needs the network.

# --8<-- [start:setup]
python3 -m venv .venv
. .venv/bin/activate
pip install -r examples/requirements.txt
# --8<-- [end:setup]

# --8<-- [start:secrets]
password=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')
printf 'REDIS_PASSWORD=%s\nREDIS_URL=redis://app:%s@127.0.0.1:6379/0\n' "$password" "$password" > .env
# --8<-- [end:secrets]

# --8<-- [start:redis]
. .venv/bin/activate
mkdir -p redis-data
honcho run python examples/redis_server.py --port 6379 --dir redis-data
# --8<-- [end:redis]

# --8<-- [start:processes]
. .venv/bin/activate
HOST=127.0.0.1 honcho -f examples/Procfile start -p 5000 -c web=2,worker=1   # this machine only
# --8<-- [end:processes]

# --8<-- [start:requests]
curl -s -w '\n' http://127.0.0.1:5000/
curl -s -w '\n' -c cookies.txt -X POST -H 'Idempotency-Key: visit-1' http://127.0.0.1:5000/visits
curl -s -w '\n' -b cookies.txt -X POST -H 'Idempotency-Key: visit-2' http://127.0.0.1:5001/visits
curl -s -w '\n' -b cookies.txt -X POST -H 'Idempotency-Key: visit-2' http://127.0.0.1:5000/visits
curl -s -w '\n' -b cookies.txt http://127.0.0.1:5001/
curl -s -w '\n' http://127.0.0.1:5000/healthz
curl -s -w '\n' http://127.0.0.1:5000/readyz
# --8<-- [end:requests]
