"""The one shape of a refusal by a service rule: a Dutch message for the person, and where
useful the form field at fault. Every service's refusal subclasses ``ServiceRefusal`` (a
``ValidationError``, so forms and model ``clean()`` take it as they are), and a view that
does not catch one gets the same Dutch page everywhere from ``ServiceRefusalMiddleware``:
a 403 when the refusal is about who may do it (``forbidden``), else a 400."""

from django.core.exceptions import ValidationError


class ServiceRefusal(ValidationError):
    """A service refused; nothing changed. ``message`` is Dutch; ``field`` names the form
    field at fault, if one is; ``forbidden`` marks a refusal about who may do it."""

    def __init__(self, message, code=None, params=None, *, field=None, forbidden=False):
        super().__init__(message, code=code, params=params)
        self.field = field
        self.forbidden = forbidden

    @property
    def text(self):
        """The Dutch message(s) as one line, for a page or a flash message."""
        return " ".join(str(message) for message in self.messages)
