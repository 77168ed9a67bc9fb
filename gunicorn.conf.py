"""
Gunicorn settings, read automatically when gunicorn starts in this folder:
`gunicorn clinic.wsgi`. Environment variables override the defaults below.

The access log names the path but never the query string or the Referer: staff searches
in the admin (`?q=<a patient's name>`) travel in query strings, and a Referer repeats the
previous page's query string. Gunicorn's default format (%(r)s, %(f)s) logs both.

Reloads: `kill -HUP <master>` (systemd: `systemctl reload clinic-web`) starts new workers
with the new code while the listening socket stays open, then stops the old workers
gracefully, so no request is dropped. This works because the app is not preloaded: with
`preload_app` the master would hold the old code and HUP would change nothing, and the
workers would share database connections opened before the fork. A change to this file's
`logger_class` or to gunicorn itself needs a restart instead.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers, one per core: the requests are short and CPU-bound (database round trips
# are sub-millisecond on a pooled connection). Measured with `make bench` on 2 cores: 4
# workers were slower than 2 on every row (docs/benchmarks.md). Measure again on a bigger host.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On HUP or stop, old workers get this long to finish the requests they hold; the form's
# slowest path (the database pool's wait plus a query) fits well inside it.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
preload_app = False

accesslog = "-"
errorlog = "-"
# Address, time, method, path without query string, protocol, status, bytes, seconds, and
# the request id (clinic/logging.py) that Django's own log lines for the request carry.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s %({x-request-id}o)s'
# JSON lines, like Django's logs (LOG_FORMAT in clinic/settings.py).
# Both cut query strings out of the error log ("Error handling request /path?q=…").
logger_class = "clinic.logging.GunicornLogger"
if os.environ.get("LOG_FORMAT", "json") == "json":
    logger_class = "clinic.logging.GunicornJsonLogger"
