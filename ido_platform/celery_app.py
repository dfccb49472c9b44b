"""The Celery application and the entry point of the worker and beat processes
(``celery -A ido_platform.celery_app worker``). Like ``wsgi.py`` it defaults to the
production settings: a process started from an entry point never falls back to dev.

Tasks inherit DjangoTask, so ``task.delay_on_commit()`` publishes only after the surrounding
transaction commits (a worker never sees uncommitted rows). The other entry points
(``wsgi.py``, ``manage.py``, the test suite) import this module after choosing their
settings, so the apps' shared tasks are bound to this app in every process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ido_platform.settings.production")

app = Celery("ido_platform", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
