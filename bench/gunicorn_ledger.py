"""gunicorn settings of the benchmarks: production's own (``lms/gunicorn.conf.py``) plus a CPU ledger.

``gunicorn -c bench/gunicorn_ledger.py lms.wsgi`` with ``BENCH_CPU_LEDGER`` naming a directory: every request
appends one line to ``<directory>/<worker pid>.tsv``: the endpoint the load client named in its
``X-Bench-Endpoint`` header, the CPU the serving thread used between gunicorn's ``pre_request`` and
``post_request`` hooks (``time.thread_time_ns``: Django, the templates, the response written and the access log
line), and the CPU of the PostgreSQL backend behind that thread's connection over the same span
(``/proc/<backend pid>/schedstat``, nanoseconds on a CPU), or ``-`` when the connection was opened or replaced
during the request. CPU time, unlike wall-clock time, hardly depends on what else the machine runs: it is the
basis of the capacity figures in docs/deploy.md.
"""

import os
import runpy
import threading
import time
from pathlib import Path

_production = runpy.run_path(str(Path(__file__).resolve().parent.parent / "lms" / "gunicorn.conf.py"))
globals().update({key: value for key, value in _production.items() if not key.startswith("_")})

_LEDGER = os.environ.get("BENCH_CPU_LEDGER", "")
_files: dict[int, object] = {}
_lock = threading.Lock()


def _backend() -> tuple[int, int] | None:
    """(pid, nanoseconds on CPU) of the PostgreSQL backend of this thread's connection, if one is open."""
    from django.db import connection

    raw = connection.connection
    if raw is None or connection.vendor != "postgresql":
        return None
    pid = raw.info.backend_pid
    try:
        with open(f"/proc/{pid}/schedstat") as stat:
            return pid, int(stat.read().split()[0])
    except OSError:
        return None


def pre_request(worker, req):
    if _LEDGER:
        req.bench_cpu = (time.thread_time_ns(), _backend())


def post_request(worker, req, environ, resp):
    started = getattr(req, "bench_cpu", None)
    if not started:
        return
    app_ns = time.thread_time_ns() - started[0]
    before, after = started[1], _backend()
    pg = f"{(after[1] - before[1]) / 1e6:.3f}" if before and after and before[0] == after[0] else "-"
    endpoint = next((value for name, value in req.headers if name == "X-BENCH-ENDPOINT"), "-")
    status = getattr(resp, "status_code", 0) if resp else 0
    pid = os.getpid()
    with _lock:
        if pid not in _files:
            _files[pid] = open(Path(_LEDGER) / f"{pid}.tsv", "a", buffering=1)  # noqa: SIM115 (worker's life)
        _files[pid].write(f"{endpoint}\t{status}\t{app_ns / 1e6:.3f}\t{pg}\n")


# BENCH_PROFILE naming a directory: each worker also profiles its requests (cProfile, from pre_request to
# post_request, CPU time) and writes <directory>/<worker pid>.prof when it exits; read them with pstats. The
# profiler roughly doubles the CPU a request takes, so the ledger of such a run is not a figure.
_PROFILE = os.environ.get("BENCH_PROFILE", "")
_profiler = None


def _profiling_pre_request(worker, req):
    global _profiler
    if _profiler is None:
        import cProfile

        # The thread's CPU clock, not the wall clock: on a busy machine waiting would dominate.
        _profiler = cProfile.Profile(time.thread_time)
    _profiler.enable()


def _profiling_post_request(worker, req, environ, resp):
    if _profiler is not None:
        _profiler.disable()


def worker_exit(server, worker):
    if _PROFILE and _profiler is not None:
        _profiler.dump_stats(str(Path(_PROFILE) / f"{os.getpid()}.prof"))


if _PROFILE:
    _ledger_pre, _ledger_post = pre_request, post_request

    def pre_request(worker, req):  # the ledger's, then the profiler's
        _ledger_pre(worker, req)
        _profiling_pre_request(worker, req)

    def post_request(worker, req, environ, resp):
        _profiling_post_request(worker, req, environ, resp)
        _ledger_post(worker, req, environ, resp)
