"""gunicorn settings for production: ``gunicorn -c lms/gunicorn.conf.py lms.wsgi``.

Every value reads the environment, so one file serves every node. Sync workers: each request holds one worker
for its whole duration, so nothing slow may run in a request (PDFs, large exports and e-mails are background
tasks); the timeout then only catches stuck requests. Large CSV exports stream, which a sync worker serves
fine behind a buffering proxy (nginx), but a slow client without one would hold a worker: keep the proxy.
"""

import multiprocessing
import os

bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
# 2 x cores + 1 is gunicorn's own advice; capped so a large host does not open more database connections
# (one per worker with persistent connections) than PostgreSQL's max_connections allows across all nodes.
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 12))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound; jitter keeps them from all
# restarting at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# Load the application once in the master, then fork: faster restarts, shared memory pages.
preload_app = True
# gunicorn's runtime control socket has one path per user: a second server on the machine (another port, a
# test stack) would take it over. Nothing here uses it.
control_socket_disable = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips

# Logs: JSON lines on stdout, the same shape as Django's (lms/jsonlog.py).
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "lms.jsonlog.JsonFormatter"}},
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}
    },
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}
