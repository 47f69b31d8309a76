"""WSGI entry point (gunicorn hcpcs_site.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hcpcs_site.settings")
os.environ.setdefault("DJANGO_ENV", "production")
application = get_wsgi_application()
