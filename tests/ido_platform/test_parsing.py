"""Whole numbers from addresses and forms: anything but a plain positive number is None."""

import pytest

from ido_platform.core.parsing import MAX_ID, positive_int


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1", 1),
        ("42", 42),
        (7, 7),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),  # would overflow the database's integer
        ("99999999999999999999", None),
        ("0", None),
        ("-1", None),
        ("1.5", None),
        ("", None),
        (None, None),
        ("x", None),
        (" 1", None),
        ("²", None),  # str.isdigit() says yes, int() says no
        ("١", None),  # int() accepts Arabic-Indic digits; no link of ours has them
    ],
)
def test_positive_int(value, expected):
    assert positive_int(value) == expected


def test_positive_int_keeps_to_a_maximum():
    assert positive_int("10", maximum=10) == 10
    assert positive_int("11", maximum=10) is None
