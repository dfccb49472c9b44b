#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    # The developer's entry point: the embedded dev profile unless told otherwise.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ido_platform.settings.dev")
    from django.core.management import execute_from_command_line

    import ido_platform.celery_app  # noqa: F401 — binds the apps' tasks to our Celery app

    execute_from_command_line(sys.argv)
