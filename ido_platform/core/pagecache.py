"""Anonymous public pages served from the cache, invalidated by one site generation.

Which responses: only those of a view or page that says it is public (``cacheable`` on a
view, ``page_cache = True`` on a Wagtail page type, through the ``before_serve_page`` hook),
for a GET without a session or messages cookie (so never a logged-in user's page, never a
page that shows a message), and only when the response is a plain 200 that sets no cookie,
used no CSRF token (the token would leak to the next visitor), showed no Django message, is
not marked private / no-cache / no-store and varies on nothing but ``Cookie`` and
``Accept-Language``. Personal pages (the enrolment confirmation, the cancel link) are not
marked, so they are never stored.

Invalidation: every key holds the *site generation*, a random token in the cache. Any change
that a public page shows (an enrolment, a run, its meetings, a location, its opening hours,
a page published, moved or deleted, the footer settings...) sets a new token after the
transaction commits (``invalidate()``), so the very next request misses and renders anew; the
old entries expire by themselves. Entries also expire after ``PAGE_CACHE_SECONDS``, for what
changes with time alone (a run whose first meeting has begun leaves the finder).

Outages: any error of the cache backend is a miss (logged); a process that could not store a
bump, or found the cache gone, starts a new generation before it serves from the cache again.
"""

import hashlib
import logging
import secrets
import threading
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
# A bare Django view's speed matters more than keeping a generation for ever: the key is
# re-created (everything misses once) if it is ever evicted.
GENERATION_SECONDS = 7 * 24 * 60 * 60
REQUEST_FLAG = "_page_cache_allowed"
# Vary values a stored page may carry: the content is the same for every anonymous visitor
# without a session (the only ones served from the cache) and the site has one language.
HARMLESS_VARY = {"cookie", "accept-language"}
# A query string longer than this is never cached (no real filter link is that long).
MAX_QUERY_LENGTH = 512

_pending = threading.Event()  # a bump this process could not store yet


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


# --- Marking what may be cached ------------------------------------------------------------


def allow(request):
    """Say that this request's response may be stored for anonymous visitors (the checks on the
    response still apply)."""
    setattr(request, REQUEST_FLAG, True)


def refuse(request):
    """Say that this request's response must not be stored, whatever else holds."""
    setattr(request, REQUEST_FLAG, False)


def cacheable(view):
    """Decorator for a public view whose anonymous GET responses may be served from the cache."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if getattr(request, REQUEST_FLAG, None) is None:
            allow(request)
        return view(request, *args, **kwargs)

    return wrapper


def mark_page(page, request, serve_args, serve_kwargs):
    """Wagtail's ``before_serve_page`` hook: pages whose type sets ``page_cache = True``."""
    if getattr(page, "page_cache", False) and getattr(request, REQUEST_FLAG, None) is None:
        allow(request)


# --- The generation --------------------------------------------------------------------------


def _new_token():
    return secrets.token_hex(8)


def bump():
    """Start a new site generation now: every stored page is out of date. Never raises."""
    try:
        cache = _cache()
        before = cache.get(GENERATION_KEY)
        token = _new_token()
        cache.set(GENERATION_KEY, token, GENERATION_SECONDS)
        after = cache.get(GENERATION_KEY)
    except Exception:  # noqa: BLE001 — an outage must never break the change that bumps
        logger.warning("Page cache: could not start a new generation", exc_info=True)
        _pending.set()
        return False
    if after is None or after == before:  # a degrading backend swallowed the write
        _pending.set()
        return False
    _pending.clear()
    return True


def _bump_on_commit():
    bump()


def invalidate(using=None):
    """Every cached page is out of date once the current transaction commits (at once outside
    one). Bumping after the commit, not before, keeps a request that reads the new generation
    from rendering the old rows; a rolled-back change bumps nothing. With the page cache off
    (the test profile) nothing is stored, so nothing needs to go out of date."""
    if settings.PAGE_CACHE_ENABLED:
        transaction.on_commit(_bump_on_commit, using=using)


def current_generation(cache):
    """The generation token, created when missing; None when the cache cannot tell. A process
    that finds the cache gone starts a new generation when it is back, since a change it
    made or saw meanwhile could not bump (pages stored before it would come back)."""
    if _pending.is_set() and not bump():
        return None
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, _new_token(), GENERATION_SECONDS)
        token = cache.get(GENERATION_KEY)
    if token is None:
        _pending.set()
    return token


# --- Hooks for models ---------------------------------------------------------------------

_watched = ()


def invalidate_on_change(*models):
    """Bump the generation when a row of one of ``models`` (or of a subclass: polymorphic and
    multi-table models send their signals with the concrete class) is saved or deleted."""
    global _watched
    _watched = tuple(dict.fromkeys((*_watched, *models)))


def _on_row_change(sender, instance, using=None, **kwargs):
    if _watched and isinstance(instance, _watched):
        invalidate(using)


post_save.connect(_on_row_change, dispatch_uid="pagecache-save")
post_delete.connect(_on_row_change, dispatch_uid="pagecache-delete")


def on_signal(sender=None, **kwargs):
    """A receiver for signals that always change public pages (a page published, moved...)."""
    invalidate()


# --- The middleware ------------------------------------------------------------------------


def _request_may_use_cache(request):
    if request.method != "GET":
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_LENGTH


def _page_key(request, generation):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    return f"pagecache:page:{generation}:{digest}"


def _response_may_be_stored(request, response):
    if getattr(request, REQUEST_FLAG, None) is not True:
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a CSRF token
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and (messages.used or getattr(messages, "_queued_messages", None)):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-cache", "no-store")):
        return False
    vary = {value.strip().lower() for value in cc_delim_re.split(response.get("Vary", ""))}
    return vary - {""} <= HARMLESS_VARY


def _freeze(response):
    return (response.status_code, list(response.items()), response.content)


def _thaw(stored):
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


class PageCacheMiddleware:
    """Serve stored anonymous public pages before sessions, authentication and the view run
    (see the module docstring). Sits inside SecurityMiddleware, so its headers are added to a
    stored page as to a fresh one; the headers of the middleware inside it (CSP,
    Permissions-Policy, X-Frame-Options) are stored with the page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED or not _request_may_use_cache(request):
            return self.get_response(request)
        cache = _cache()
        key = None
        try:
            generation = current_generation(cache)
            if generation is not None:
                key = _page_key(request, generation)
                stored = cache.get(key)
                if stored is not None:
                    return _thaw(stored)
        except Exception:  # noqa: BLE001 — a broken cache serves the page uncached
            logger.warning("Page cache unavailable; serving uncached", exc_info=True)
            _pending.set()
            key = None
        response = self.get_response(request)
        if key is not None and _response_may_be_stored(request, response):
            self._store(cache, request, key, response)
        return response

    def _store(self, cache, request, key, response):
        try:
            # An address with a query string is stored the second time it is asked for, so
            # random query strings cannot fill the cache with pages (only small markers).
            if request.META.get("QUERY_STRING") and cache.add(
                key + ":seen", 1, settings.PAGE_CACHE_SECONDS
            ):
                return
            cache.set(key, _freeze(response), settings.PAGE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("Page cache: could not store a page", exc_info=True)
