"""System checks for settings that are only used long after start-up (``manage.py check``,
and so ``check --deploy``, runs them)."""

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string


@register()
def sms_backend_imports(app_configs, **kwargs):
    """A misspelt SMS_BACKEND would otherwise only show when the first text is sent, and
    every text would then wait in the outbox until it fails."""
    path = getattr(settings, "SMS_BACKEND", None)
    if not path:
        return []
    try:
        backend = import_string(path)
    except ImportError as error:
        return [Error(f"SMS_BACKEND={path!r} cannot be imported: {error}", id="ido.E001")]
    if not callable(getattr(backend, "send", None)):
        return [Error(f"SMS_BACKEND={path!r} has no send() method.", id="ido.E002")]
    return []


@register()
def private_files_are_not_public(app_configs, **kwargs):
    """Private files must not sit inside a folder a web server serves (MEDIA_ROOT, STATIC_ROOT):
    there a URL would map to them after all."""
    from pathlib import Path

    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    errors = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = getattr(settings, name, None)
        if public and private.is_relative_to(Path(public).resolve()):
            errors.append(
                Error(
                    f"PRIVATE_MEDIA_ROOT ({private}) lies inside {name} ({public}), "
                    "so its files would be reachable by URL.",
                    id="ido.E003",
                )
            )
    return errors
