"""gunicorn settings for the site: ``gunicorn -c deploy/gunicorn.conf.py hcpcs_site.wsgi``.

Every value can be overridden from the environment (GUNICORN_BIND, GUNICORN_WORKERS, ...).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Requests are CPU-bound (templates, search): about one worker per core, plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Database and cache calls have their own short timeouts; this is the last resort.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so no leak grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "500"))

# Whose X-Forwarded-For / X-Forwarded-Proto to believe: the proxy's address. On the same
# host that is 127.0.0.1; behind a proxy on another host, set its address (or a list).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

# Access log on stdout, one line per request with the request id the app gave it.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms rid=%({x-request-id}o)s ua="%(a)s"'
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Load the app before forking: workers share its memory and start at once.
preload_app = True


def when_ready(server):
    """In the master, after the app is loaded and before the workers fork: build what each
    worker would otherwise build on its first search."""
    from codes.search.warmup import warm

    warm()
