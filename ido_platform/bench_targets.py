"""Pages of the foundation that `make bench` measures. Other apps provide the same
``targets()`` in their own bench module (see scripts/bench.py)."""

from ido_platform.models import Location


def targets():
    location = Location.objects.order_by("slug").first()
    return [
        {"name": "Startpagina", "path": "/"},
        {"name": "IDO-locaties", "path": "/locaties/"},
        {"name": "Locatiepagina", "path": f"/locaties/{location.slug}/"},
    ]
