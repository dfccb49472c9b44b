"""Plain Dutch (B1) on every citizen page of the demo site: the paragraph text of each page
scores at least 60 on the Flesch–Douma formula (tests/readability.py)."""

import pytest

from django.test import Client

from courses.runs.models import CoursePage, Enrolment
from courses.runs.services import tokens
from courses.runs.services.finder import upcoming_runs
from ido_platform.core.models import Location
from tests.readability import flesch_douma, paragraphs_of

MINIMUM = 60

pytestmark = pytest.mark.django_db


def test_the_score_tells_plain_from_dense_dutch():
    plain = ["Wij helpen u met DigiD. Kom langs in de bibliotheek. Het is gratis."]
    dense = [
        "Het Informatiepunt Digitale Overheid ondersteunt burgers bij de digitale "
        "dienstverlening van uitvoeringsorganisaties en gemeentelijke voorzieningen"
    ]
    assert flesch_douma(plain) > 80
    assert flesch_douma(dense) < 20


def citizen_pages():
    """Every page a citizen reaches on the demo site, by a name for the failure message."""
    pages = {"startpagina": "/", "locaties": "/locaties/", "cursussen": "/cursussen/"}
    pages["privacyverklaring"] = "/privacyverklaring/"
    pages["toegankelijkheidsverklaring"] = "/toegankelijkheidsverklaring/"
    for location in Location.objects.order_by("slug"):
        pages[f"locatie {location.slug}"] = f"/locaties/{location.slug}/"
    for course in CoursePage.objects.live().filter(audience=CoursePage.Audience.CITIZENS):
        pages[f"cursus {course.slug}"] = course.url
        run = upcoming_runs().filter(course=course).first()
        if run is not None:
            pages[f"aanmelden {course.slug}"] = f"/cursussen/aanmelden/{run.pk}/"
    for status in (Enrolment.Status.CONFIRMED, Enrolment.Status.WAITLISTED):
        enrolment = Enrolment.objects.filter(status=status, user=None).first()
        if enrolment is not None:
            pages[f"bevestiging {status}"] = tokens.confirmation_path(enrolment)
    return pages


def test_every_citizen_page_reads_as_plain_dutch(demo_data):
    client = Client()
    scores = {}
    for name, path in citizen_pages().items():
        response = client.get(path)
        assert response.status_code == 200, (name, path)
        score = flesch_douma(paragraphs_of(response.content.decode()))
        if score is not None:
            scores[name] = round(score)
    assert len(scores) >= 20, scores  # the demo's pages were all reached
    too_hard = {name: score for name, score in scores.items() if score < MINIMUM}
    assert too_hard == {}, f"below {MINIMUM}: {too_hard}"
