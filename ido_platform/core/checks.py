"""System checks for settings that are only used long after start-up, and for access rules
that would fail closed (``manage.py check``, and so ``check --deploy``, runs them)."""

from pathlib import Path
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string

from ido_platform.core import permissions


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
def public_base_url_is_https(app_configs, **kwargs):
    """Links in messages are built on PUBLIC_BASE_URL; in production a missing or plain-http
    address would send citizens dead or unencrypted cancel links."""
    if not getattr(settings, "PUBLIC_BASE_URL_REQUIRES_HTTPS", False):
        return []
    url = settings.PUBLIC_BASE_URL
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return [
            Error(
                f"PUBLIC_BASE_URL must be the site's public https:// address, got {url!r}.",
                hint="Set the environment variable PUBLIC_BASE_URL, e.g. https://www.example.nl",
                id="ido.E003",
            )
        ]
    return []


@register()
def object_rules_have_scopes(app_configs, **kwargs):
    """A per-object rule without a list scope would list nothing (scope() fails closed);
    name it, so the missing SCOPES entry is written rather than discovered."""
    return [
        Error(
            f"The rule {action}_{label.split('.')[1]} of {label} looks at the object but "
            "permissions.SCOPES has no scope for its lists.",
            hint=f"Add SCOPES[({label!r}, {action!r})] in the app's rules.py.",
            id="ido.E004",
        )
        for label, action in permissions.unscoped_object_rules(apps.get_models())
    ]


@register()
def private_files_are_not_public(app_configs, **kwargs):
    """Private files must not sit inside a folder a web server serves (MEDIA_ROOT, STATIC_ROOT):
    there a URL would map to them after all."""
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    errors = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = getattr(settings, name, None)
        if public and private.is_relative_to(Path(public).resolve()):
            errors.append(
                Error(
                    f"PRIVATE_MEDIA_ROOT ({private}) lies inside {name} ({public}), "
                    "so its files would be reachable by URL.",
                    id="ido.E005",
                )
            )
    return errors
