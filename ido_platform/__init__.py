"""The IDO platform: settings, the shared IDO network model, people and roles, site chrome."""

from .celery_app import app as celery_app

__all__ = ["celery_app"]
