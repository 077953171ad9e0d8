"""gunicorn settings for the portal; each can be overridden with a GUNICORN_* environment variable.

Sync workers, 2 x cores + 1 of them: a page is CPU work plus short waits on PostgreSQL and
Redis, so a few more workers than cores keep the cores busy; nginx in front buffers slow
clients, so a sync worker is never held by a reader on a bad mobile connection.
"""

import gc
import json
import multiprocessing
import os
from pathlib import Path

from gunicorn.glogging import Logger


def env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = env_int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = env_int("GUNICORN_THREADS", 1)
# A request that takes 30 s is stuck (every page takes milliseconds): the worker is replaced.
timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# Django and the portal are imported once in the master and shared by the forked workers
# (less memory, fast worker restarts). Safe: nothing opens a database or Redis connection at
# import time. A deploy then needs a restart (systemctl restart), not a HUP.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in {"1", "true", "yes", "on"}


def pre_fork(server, worker):
    """What the master imported is moved out of the garbage collector's reach before each
    fork (gc.freeze, as Python's documentation advises for fork without exec): a worker's
    collections no longer walk, and so write to, the thousands of objects of Django and the
    portal, whose memory pages then stay shared with the master instead of being copied."""
    gc.freeze()


# Recycle a worker now and then to bound any slow leak; the jitter keeps them from all
# restarting at once during a spike.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 10000)
max_requests_jitter = max_requests // 10
# The heartbeat file on tmpfs: a slow disk must not make the master think a worker hung.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None
# Only nginx on this machine may say the request came over HTTPS or from which address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Requests larger than this are refused before Django sees them (nginx limits bodies too).
limit_request_line = 8190
limit_request_fields = 100

# gunicorn's control socket (gunicornc): off unless given a path of its own, e.g.
# /run/portal/gunicorn.ctl (the default, ~/.gunicorn/gunicorn.ctl, is shared by every
# gunicorn the user runs).
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True

accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Plain access log: address, request, status, bytes, milliseconds, page cache, request id.
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s" cache=%({x-page-cache}o)s id=%({x-request-id}o)s'


class JsonLogger(Logger):
    """Access log lines as JSON objects (LOG_FORMAT=json), like the portal's own logs."""

    def access(self, resp, req, environ, request_time):
        if not (self.cfg.accesslog or self.cfg.logconfig or self.cfg.syslog):
            return
        atoms = self.atoms(resp, req, environ, request_time)
        entry = {
            "time": atoms["t"].strip("[]"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "remote": atoms["h"],
            "method": atoms["m"],
            "path": atoms["U"],
            "query": atoms["q"],
            "status": atoms["s"],
            "bytes": atoms["B"],
            "ms": atoms["M"],
            "agent": atoms["a"],
            "referer": atoms["f"],
            "cache": atoms.get("{x-page-cache}o", "-"),
            "request_id": atoms.get("{x-request-id}o", "-"),
        }
        try:
            self.access_log.info(json.dumps(entry, ensure_ascii=False))
        except Exception:
            self.exception("Failed to write the access log line")


if os.environ.get("LOG_FORMAT") == "json":
    logger_class = JsonLogger
