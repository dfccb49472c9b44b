"""Template tags for the site chrome."""

from django import template

from ido_platform.core.models import LocationIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def location_index_url(context):
    """The URL of the location overview, looked up once per request."""
    request = context.get("request")
    cache = getattr(request, "_ido_location_index_url", None) if request else None
    if cache is None:
        page = LocationIndexPage.objects.live().only("url_path", "path", "depth").first()
        cache = page.get_url(request) if page else ""
        if request is not None:
            request._ido_location_index_url = cache
    return cache
