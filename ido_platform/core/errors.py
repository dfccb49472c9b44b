"""The one shape of a refusal by a service rule: a Dutch message for the person, where
useful the form field at fault, and the HTTP status a page answers with. Every service's
refusal subclasses ``ServiceRefusal`` (a ``ValidationError``, so forms and model
``clean()`` take it as they are). A view shows one with ``ido_platform.core.views.refused``;
one that a view does not catch gets the same Dutch page everywhere from
``ServiceRefusalMiddleware``: a 403 when the refusal is about who may do it
(``forbidden``), else its ``status`` (400 unless the refusal says otherwise)."""

from django.core.exceptions import ValidationError


class ServiceRefusal(ValidationError):
    """A service refused; nothing changed. ``message`` is Dutch (a subclass may give a
    ``default_message``); ``field`` names the form field at fault, if one is; ``status``
    is the HTTP status a page answers with (the class's, 400, unless given: 403 when
    ``forbidden``); ``forbidden`` marks a refusal about who may do it (status 403)."""

    status = 400
    default_message = None

    def __init__(
        self, message=None, code=None, params=None, *, field=None, forbidden=False, status=None
    ):
        if message is None:
            message = self.default_message
        super().__init__(message, code=code, params=params)
        self.field = field
        if status is None:
            status = 403 if forbidden else type(self).status
        self.status = status
        self.forbidden = forbidden or status == 403

    @property
    def text(self):
        """The Dutch message(s) as one line, for a page or a flash message."""
        return " ".join(str(message) for message in self.messages)
