"""The desk's WSGI application (after `screening.desk.boot.prepare` set the environment)."""

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
