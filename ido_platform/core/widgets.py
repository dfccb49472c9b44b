"""Form widgets shared by every app."""

from django import forms


class DateInput(forms.DateInput):
    """A native date picker. Its value must be ISO (``2026-12-30``) whatever the locale: the
    browser drops a localised value such as ``30-12-2026`` and shows an empty field."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 (Django's own name)
        super().__init__(attrs, format=format)
