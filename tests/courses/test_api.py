"""The open data API: published citizen courses and upcoming runs with seats left, an
OpenAPI schema, and no personal data."""

import pytest

from courses.runs.services.enrolment import enrol
from tests.courses.factories import CourseRunFactory

pytestmark = pytest.mark.django_db

API = "/cursussen/api"


def test_courses_lists_only_published_citizen_courses(
    client, digisterker, klik_en_tik, staff_course
):
    klik_en_tik.unpublish()
    data = client.get(f"{API}/cursussen").json()
    assert [course["slug"] for course in data] == ["digisterker"]
    assert data[0]["url"].endswith("/cursussen/digisterker/")


def test_runs_show_seats_left_and_all_meetings_without_personal_data(client, digisterker, location):
    run = CourseRunFactory(course=digisterker, location=location, seats=2)
    enrol(run, name="Anna Geheim", phone="0612345678", email="anna@example.org")
    response = client.get(f"{API}/groepen")
    assert response.status_code == 200
    body = response.content.decode()
    data = response.json()
    assert data["count"] == 1
    result = data["results"][0]
    assert (result["seats"], result["seats_left"], result["waitlist"]) == (2, 1, False)
    assert len(result["meetings"]) == 4
    assert result["location"]["municipality"] == location.municipality
    for secret in ("Geheim", "0612345678", "anna@example.org"):
        assert secret not in body


def test_runs_filter_by_course_and_municipality(client, digisterker, klik_en_tik, location):
    CourseRunFactory(course=digisterker, location=location)
    CourseRunFactory(course=klik_en_tik, location=location)
    assert client.get(f"{API}/groepen", {"cursus": "klik-en-tik"}).json()["count"] == 1
    assert client.get(f"{API}/groepen", {"gemeente": "Nergenshuizen"}).json()["count"] == 0


def test_one_run_and_unknown_ids(client, run):
    assert client.get(f"{API}/groepen/{run.pk}").json()["id"] == run.pk
    assert client.get(f"{API}/groepen/999999").status_code == 404
    assert client.get(f"{API}/groepen/abc").status_code == 422
    assert client.get(f"{API}/cursussen/bestaat-niet").status_code == 404


def test_the_openapi_schema_is_served(client, site_pages):
    schema = client.get(f"{API}/openapi.json").json()
    assert {"/cursussen/api/cursussen", "/cursussen/api/groepen"} <= set(schema["paths"])
    assert client.get(f"{API}/docs").status_code == 200
