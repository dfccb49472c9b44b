"""One error summary and one form-field include for every form of the site."""

import uuid
from pathlib import Path

import pytest

from django.conf import settings
from django.urls import reverse

from ido_platform.core.models import Role
from tests.learning import factories

TEMPLATES = Path(settings.BASE_DIR) / "templates"
SUMMARY = TEMPLATES / "includes" / "error_summary.html"


def templates():
    return [path for path in TEMPLATES.rglob("*.html") if path != SUMMARY]


def test_only_the_error_summary_include_draws_an_error_summary():
    own = [p.relative_to(TEMPLATES) for p in templates() if "error-summary" in p.read_text()]
    assert not own, f"templates with their own error summary: {own}"


def test_there_is_one_form_field_include():
    includes = [
        p.relative_to(TEMPLATES)
        for p in templates()
        if "field.errors" in p.read_text() and "includes" in p.relative_to(TEMPLATES).parts
    ]
    assert [str(p) for p in includes] == ["includes/form_field.html"]


@pytest.mark.django_db
def test_the_quiz_and_the_audit_planning_show_the_same_summary(client, users, site_pages):
    quiz = factories.module(factories.catalogue(site_pages)).quiz()
    client.force_login(users[Role.MEDEWERKER])
    quiz_page = client.post(
        reverse("learning:submit_quiz", args=[quiz.pk]), {"token": str(uuid.uuid4())}
    )
    client.force_login(users[Role.NATIONAL])
    plan_page = client.post(reverse("assessments:plan"), {"planned_for": "morgen"})

    for response in (quiz_page, plan_page):
        html = response.content.decode()
        assert response.status_code == 400
        assert html.count("data-error-summary") == 1
        assert 'id="foutmeldingen"' in html and 'aria-labelledby="foutmeldingen-titel"' in html
