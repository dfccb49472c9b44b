"""What every page's header and footer link to (the location overview, the footer settings),
kept in the cache so a page does not read the same three rows on every request.

One entry per host and port (as Wagtail picks the site), tagged with a generation. Any
change that can move one of these links — a page saved, published, unpublished, moved or
deleted, a site or the footer settings changed — sets a new generation after its
transaction commits, and an entry of an older generation is read again from the database.
The generation and the entry are read in one cache call; a cache that fails (see
``ido_platform.core.cache``) only means reading the database.
"""

import logging
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http.request import split_domain_port

from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from ido_platform.core.models import FooterSettings, LocationIndexPage

logger = logging.getLogger(__name__)

GENERATION_KEY = "ido:site-chrome:generation"
TIMEOUT = 24 * 60 * 60


def _entry_key(request):
    hostname = split_domain_port(request._get_raw_host())[0]
    return f"ido:site-chrome:{hostname}:{request.get_port()}"


def _read_from_database(request):
    index = LocationIndexPage.objects.live().only("url_path", "path", "depth").first()
    chrome = {
        "locations_url": index.get_url(request) if index else "",
        "contact_text": "",
        "privacy_url": "",
        "accessibility_url": "",
    }
    site = Site.find_for_request(request)
    if site is not None:
        # Not ``for_site``: that creates the row, a write on a GET (and a new generation).
        footer = (
            FooterSettings.objects.filter(site=site)
            .select_related("privacy_page", "accessibility_page")
            .first()
        )
        if footer is not None:
            chrome["contact_text"] = footer.contact_text
            for name in ("privacy", "accessibility"):
                page = getattr(footer, f"{name}_page")
                if page is not None:
                    chrome[f"{name}_url"] = page.get_url(request) or ""
    return chrome


def chrome_for(request):
    """The header and footer links for this request's site: a dict with ``locations_url``,
    ``contact_text``, ``privacy_url`` and ``accessibility_url`` (empty when not set)."""
    if request is None:
        return _read_from_database(None)
    known = getattr(request, "_ido_site_chrome", None)
    if known is not None:
        return known
    key = _entry_key(request)
    try:
        found = cache.get_many([GENERATION_KEY, key])
    except Exception:  # a broken cache must not break the page
        logger.warning("site chrome: cache read failed", exc_info=True)
        found = {}
    generation = found.get(GENERATION_KEY)
    entry = found.get(key)
    if generation is not None and entry is not None and entry[0] == generation:
        chrome = entry[1]
    else:
        chrome = _read_from_database(request)
        try:
            if generation is None:
                generation = time.time_ns()
                if not cache.add(GENERATION_KEY, generation, None):
                    generation = None  # another process just started one: don't guess
            if generation is not None:
                cache.set(key, (generation, chrome), TIMEOUT)
        except Exception:
            logger.warning("site chrome: cache write failed", exc_info=True)
    request._ido_site_chrome = chrome
    return chrome


def _new_generation():
    try:
        cache.set(GENERATION_KEY, time.time_ns(), None)
    except Exception:
        logger.warning("site chrome: cache write failed", exc_info=True)


def forget():
    """Make every cached entry outdated: now, and again after the current transaction
    commits (a request that read the old rows in between cached them under the first)."""
    _new_generation()
    transaction.on_commit(_new_generation)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def page_changed(sender, **kwargs):
    forget()


@receiver(post_save)
@receiver(post_delete)
def model_changed(sender, instance, **kwargs):
    if isinstance(instance, (Page, Site, FooterSettings)):
        forget()
