"""
Gunicorn settings, read automatically when gunicorn starts in this folder:
`gunicorn clinic.wsgi`. Environment variables override the defaults below.

The access log names the path but never the query string or the Referer: staff searches
in the admin (`?q=<a patient's name>`) travel in query strings, and a Referer repeats the
previous page's query string. Gunicorn's default format (%(r)s, %(f)s) logs both.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))

accesslog = "-"
errorlog = "-"
# Address, time, method, path without query string, protocol, status, bytes, seconds.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'
