"""The one way to make an absolute link for a message or a document (e-mail, SMS, PDF):
the site's public address (``settings.PUBLIC_BASE_URL``, from the environment) plus a path.

A request's own host is never used: a message is written in a worker or a beat task, where
there is no request, and behind a proxy the request's host is the proxy's. The system check
``public_base_url_is_https`` (``checks.py``) makes production refuse to start without an
https address."""

from django.conf import settings
from django.urls import reverse


def base_url():
    """The public address without a trailing slash, e.g. ``https://www.example.nl``."""
    return settings.PUBLIC_BASE_URL.rstrip("/")


def absolute_url(path):
    """``path`` (``/cursussen/afmelden/...``) as a link that works outside the site. A URL
    that is already absolute (Wagtail's page URL on a multi-site install) stays as it is."""
    if path.startswith(("https://", "http://")):
        return path
    if not path.startswith("/"):
        path = "/" + path
    return base_url() + path


def absolute_reverse(viewname, *, args=None, kwargs=None):
    """``reverse()`` as an absolute link."""
    return absolute_url(reverse(viewname, args=args, kwargs=kwargs))
