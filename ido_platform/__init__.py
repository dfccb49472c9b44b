"""The project package: settings, the configuration layer, URLs, the WSGI and Celery entry
points. The shared domain lives in the ``core`` app beside them; importing any app never
chooses a settings module."""
