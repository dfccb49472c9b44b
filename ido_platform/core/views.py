"""Views every app shares: the health check, and the one page (or JSON answer) for a
refused step."""

import logging

from celery import current_app

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def wants_json(request):
    """True when the request asks for JSON (the questions' offline queue does)."""
    return "application/json" in request.headers.get("Accept", "")


def refused(request, refusal, status=None, *, back=None):
    """The one answer to a refused step: ``refusal`` is a ``ServiceRefusal`` (or another
    ``ValidationError``) or a Dutch message; ``status`` defaults to the refusal's own (else
    400). A request that asks for JSON gets ``{"ok": false, "errors": [...]}``; any other
    the Dutch page ``refused.html``, with a link back (``back``: a URL and its Dutch label)
    for a signed-in person."""
    messages = refusal.messages if isinstance(refusal, ValidationError) else [str(refusal)]
    if status is None:
        status = getattr(refusal, "status", 400)
    if wants_json(request):
        return JsonResponse({"ok": False, "errors": messages}, status=status)
    context = {"reasons": messages, "back": back}
    return render(request, "refused.html", context, status=status)


OK, DOWN = "ok", "down"
HEALTH_TIMEOUT = 2  # seconds per dependency: a monitor polls often


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache():
    ping = getattr(cache, "ping", None)
    if ping is not None:  # DegradingRedisCache: its own calls never raise
        ping()
        return
    cache.set("ido-health", "1", 10)
    if cache.get("ido-health") != "1":
        raise RuntimeError("cache did not return what was stored")


def _broker():
    with current_app.connection_for_write() as conn:
        conn.ensure_connection(
            max_retries=1, interval_start=0, interval_step=0, timeout=HEALTH_TIMEOUT
        )


CHECKS = {"database": _database, "cache": _cache, "broker": _broker}


@never_cache
def health(request):
    """Each dependency separately, for a load balancer and a monitoring system.

    The HTTP status is for the load balancer: 200 while the process can serve pages (the
    site degrades without cache or broker: pages come from the database, messages wait in
    the outbox), 503 when the database is down. The JSON body is for monitoring:
    ``status`` is ``ok``, ``degraded`` (cache or broker down) or ``down``, and ``checks``
    names each dependency's state. ``?strict=1`` answers 503 on anything but ``ok``, for a
    monitor that reads only status codes.
    """
    checks = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # noqa: BLE001 — any failure means the dependency is down
            logger.warning("Health check: %s is down: %s", name, error)
            checks[name] = DOWN
        else:
            checks[name] = OK
    if checks["database"] == DOWN:
        status = "down"
    elif DOWN in checks.values():
        status = "degraded"
    else:
        status = "ok"
    strict = request.GET.get("strict") == "1"
    http_status = 503 if status == "down" or (strict and status != "ok") else 200
    return JsonResponse({"status": status, "checks": checks}, status=http_status)
