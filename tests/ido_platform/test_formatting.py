"""One way to write numbers (scores with one decimal and a Dutch comma) and people's names
(the full name, else the user name), everywhere."""

import ast
import re
from decimal import Decimal

import pytest

from django.contrib.auth import get_user_model
from django.template import Context, Template

from ido_platform.core import formatting
from tests.ido_platform.test_imports import ROOT, app_modules


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("84.9"), "84,9"),
        (84.9000000000001, "84,9"),
        (Decimal("80"), "80,0"),
        (80, "80,0"),
        (Decimal("79.45"), "79,5"),
        (0, "0,0"),
        (None, "–"),
        ("", "–"),
    ],
)
def test_a_score_has_one_decimal_and_a_dutch_comma(value, text):
    assert formatting.score(value) == text


def test_a_change_carries_its_sign():
    assert formatting.signed_score(Decimal("2.5")) == "+2,5"
    assert formatting.signed_score(Decimal("-50")) == "-50,0"
    assert formatting.signed_score(None) == "–"


def test_other_decimals_keep_their_digits_with_a_comma():
    assert formatting.decimal(Decimal("3.50")) == "3,5"
    assert formatting.decimal(Decimal("4.0")) == "4"
    assert formatting.decimal(None) == ""


def test_the_template_filters_use_the_same_rule():
    template = Template("{% load ido_tags %}{{ a|score }} {{ b|score }} {{ c|signed_score }}")
    text = template.render(Context({"a": 84.90000000000001, "b": None, "c": Decimal("1")}))
    assert text == "84,9 – +1,0"


def test_a_person_is_named_by_the_full_name_else_the_user_name():
    User = get_user_model()
    assert formatting.person_name(User(username="jvdberg", first_name="Joke")) == "Joke"
    named = User(username="jvdberg", first_name="Joke", last_name="van den Berg")
    assert formatting.person_name(named) == "Joke van den Berg"
    assert formatting.person_name(User(username="jvdberg")) == "jvdberg"
    assert formatting.person_name(None) == "–"
    assert formatting.person_name(None, empty="") == ""
    template = Template("{% load ido_tags %}{{ a|person }} / {{ b|person }} / {{ c|person }}")
    context = Context({"a": named, "b": User(username="jvdberg"), "c": None})
    assert template.render(context) == "Joke van den Berg / jvdberg / –"


def full_name_calls_outside_formatting():
    """Where code or a template names a user by hand (``get_full_name``) instead of through
    ``formatting.person_name`` or the ``person`` filter."""
    found = []
    for path in app_modules():
        if path.name == "formatting.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "get_full_name":
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if re.search(r"\.get_full_name\b", line):
                found.append(f"{path.relative_to(ROOT)}:{number}")
    return found


def test_no_page_message_or_export_names_a_user_by_hand():
    # A template with "{{ user.get_full_name }}" printed nothing for an account without a name.
    assert full_name_calls_outside_formatting() == []
