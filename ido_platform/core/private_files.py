"""Private files: evidence photos, certificates and anything else with a person's name.

They live in the ``private`` storage (``settings.STORAGES["private"]``, a folder under
``PRIVATE_MEDIA_ROOT`` that no URL maps to) and reach a browser only through a view that has
asked the access rule first, via :func:`serve`. Only public page images and documents stay in
the default storage under ``MEDIA_URL``.
"""

import mimetypes

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.http import FileResponse, HttpResponse
from django.utils.encoding import iri_to_uri
from django.utils.functional import LazyObject, empty


class _PrivateStorage(LazyObject):
    """``storages["private"]``, looked up on first use (like Django's ``default_storage``), so
    the profile's choice and a test's override apply."""

    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


def private_storage():
    """The storage of private files. A callable, so migrations refer to it by name and do
    not change when a profile picks another backend."""
    return _private


def _forget_storage(*, setting, **kwargs):
    if setting in {"STORAGES", "PRIVATE_MEDIA_ROOT"}:
        _private._wrapped = empty


setting_changed.connect(_forget_storage)


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder outside every URL: asking for a file's URL is a programming error."""

    def __init__(self, location=None, **kwargs):
        super().__init__(location=location or settings.PRIVATE_MEDIA_ROOT, **kwargs)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view.")


def serve(field_file, *, filename=None, content_type=None, as_attachment=False):
    """The response for a private file, after the caller has checked permission.

    ``PRIVATE_MEDIA_SERVER`` chooses how: ``django`` streams the file from this process;
    ``x-accel-redirect`` (nginx) or ``x-sendfile`` (Apache, lighttpd) hand the work to the web
    server, which maps ``PRIVATE_MEDIA_INTERNAL_URL`` (an internal-only location) or the
    file's path to the folder.
    """
    name = field_file.name
    content_type = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    mode = getattr(settings, "PRIVATE_MEDIA_SERVER", "django")
    if mode == "django":
        response = FileResponse(
            field_file.open("rb"),
            content_type=content_type,
            as_attachment=as_attachment,
            filename=filename or "",
        )
    else:
        response = HttpResponse(content_type=content_type)
        if mode == "x-accel-redirect":
            prefix = settings.PRIVATE_MEDIA_INTERNAL_URL.rstrip("/")
            response["X-Accel-Redirect"] = iri_to_uri(f"{prefix}/{name}")
        else:
            response["X-Sendfile"] = field_file.path
        if as_attachment or filename:
            disposition = "attachment" if as_attachment else "inline"
            response["Content-Disposition"] = f'{disposition}; filename="{filename or name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def move_to_private(queryset, field_name, new_name=None):
    """Move the files of ``field_name`` from the public default storage into the private one
    (a data migration's step). ``new_name(instance, old_name)`` may rename them; a file already
    in private storage or missing from both is left alone. Returns how many moved."""
    public, private = storages["default"], private_storage()
    moved = 0
    for instance in queryset.exclude(**{field_name: ""}).iterator():
        old_name = getattr(instance, field_name).name
        target = new_name(instance, old_name) if new_name else old_name
        if private.exists(target) or not public.exists(old_name):
            continue
        with public.open(old_name, "rb") as source:
            saved = private.save(target, source)
        public.delete(old_name)
        type(instance).objects.filter(pk=instance.pk).update(**{field_name: saved})
        moved += 1
    return moved
