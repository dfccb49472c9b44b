"""The web entry point (``gunicorn ido_platform.wsgi``): production settings unless
``DJANGO_SETTINGS_MODULE`` says otherwise."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ido_platform.settings.production")

from django.core.wsgi import get_wsgi_application  # noqa: E402

import ido_platform.celery_app  # noqa: E402, F401 — binds the apps' tasks to our Celery app

application = get_wsgi_application()
