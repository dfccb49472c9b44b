"""The Celery application. Tasks inherit DjangoTask, so ``task.delay_on_commit()`` publishes
only after the surrounding transaction commits (a worker never sees uncommitted rows)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ido_platform.settings.dev")

app = Celery("ido_platform", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
