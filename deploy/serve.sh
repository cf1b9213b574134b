#!/usr/bin/env bash
# The production stack on this machine: PostgreSQL and Redis already running locally, gunicorn and the task
# worker(s) started here. `make serve` runs it; tests and benchmarks start it with their own environment:
#   PORT / BIND, WEB_CONCURRENCY, DATABASE_URL, REDIS_URL, LMS_TASKS (database|redis), TASK_WORKERS.
# Prints "ready: http://HOST:PORT" once /healthz/ready answers 200. Ctrl+C (or SIGTERM) stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
export DJANGO_SETTINGS_MODULE=lms.settings.production
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/lms}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
export LMS_TASKS=${LMS_TASKS:-database}
export LMS_TASKS_REDIS_URL=${LMS_TASKS_REDIS_URL:-redis://127.0.0.1:6379/1}
export PORT=${PORT:-8000}
export BIND=${BIND:-127.0.0.1:$PORT}
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-4}
TASK_WORKERS=${TASK_WORKERS:-1}
# No TLS locally: no redirect to https, no HSTS. Cookies stay Secure; browsers accept Secure cookies on
# http://localhost and http://127.0.0.1, which they treat as a secure context.
export DJANGO_SECURE_SSL_REDIRECT=${DJANGO_SECURE_SSL_REDIRECT:-0}
export DJANGO_HSTS_SECONDS=${DJANGO_HSTS_SECONDS:-0}
export DJANGO_ALLOWED_HOSTS=${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}
export DJANGO_BASE_URL=${DJANGO_BASE_URL:-http://${BIND}}
export DJANGO_EMAIL_BACKEND=${DJANGO_EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}
export DJANGO_MEDIA_ROOT=${DJANGO_MEDIA_ROOT:-$PWD/media}
if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
  # A key of this machine's own, kept inside the (git-ignored) virtualenv, so sessions survive restarts.
  keyfile=.venv/.serve-secret-key
  [ -s "$keyfile" ] || (umask 077; "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' > "$keyfile")
  DJANGO_SECRET_KEY=$(cat "$keyfile")
  export DJANGO_SECRET_KEY
fi

case "$DATABASE_URL" in
  postgres://*|postgresql://*)
    # Create the database when missing (the URL's own name, on the same server).
    "$PY" - <<'PYEOF'
import os
import dj_database_url
import psycopg
from psycopg import sql

db = dj_database_url.parse(os.environ["DATABASE_URL"])
conn = psycopg.connect(
    dbname="postgres", user=db["USER"], password=db["PASSWORD"] or None, host=db["HOST"] or None,
    port=db["PORT"] or None, autocommit=True,
)
if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
    conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
    print(f"created database {db['NAME']}")
PYEOF
    ;;
esac

"$PY" manage.py migrate --noinput -v0
"$PY" manage.py collectstatic --noinput -v0
"$PY" manage.py setup_platform -v0

pids=()
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

for _ in $(seq "$TASK_WORKERS"); do
  if [ "$LMS_TASKS" = redis ]; then
    "$PY" manage.py rqworker --with-scheduler default certificates exports emails imports &
  else
    "$PY" manage.py db_worker --backend background --queue-name '*' &
  fi
  pids+=($!)
done

.venv/bin/gunicorn -c lms/gunicorn.conf.py lms.wsgi &
gunicorn_pid=$!
pids+=("$gunicorn_pid")

for _ in $(seq 120); do
  if "$PY" -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://$BIND/healthz/ready', timeout=2).status != 200)" 2>/dev/null; then
    ready=1
    echo "ready: http://$BIND (gunicorn $WEB_CONCURRENCY workers, $TASK_WORKERS $LMS_TASKS task worker(s))"
    break
  fi
  kill -0 "$gunicorn_pid" 2>/dev/null || { echo "error: gunicorn exited" >&2; exit 1; }
  sleep 0.5
done
[ -n "${ready:-}" ] || echo "warning: /healthz/ready did not answer 200 within 60 s" >&2

# When gunicorn stops (or a signal arrives), the trap stops the workers.
wait "$gunicorn_pid"
