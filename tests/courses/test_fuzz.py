"""Generated bad input for the enrolment form and the open data API: always a 2xx/3xx/4xx
with Dutch text, never a 500."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.urls import reverse

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FIELDS = [
    "name",
    "phone",
    "email",
    "computer_comfort",
    "device",
    "heard_via",
    "referred_by",
    "bring_companion",
    "companion_name",
    "consent",
]
values = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        ["", "on", "0612345678", "+31 6 1234 5678", "a@b.nl", "bit", "loan", "x" * 5000]
    ),
)


@pytest.fixture
def no_rate_limit(settings):
    settings.COURSES_ENROL_RATE = None  # as in the bench profile
    settings.COURSES_ENROL_FAILURE_RATE = None


@FUZZ
@given(data=st.dictionaries(st.sampled_from(FIELDS), values))
def test_the_enrolment_form_never_answers_500(client, run, no_rate_limit, data):
    response = client.post(reverse("courses:enrol", args=[run.pk]), data)
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        assert "Controleer uw antwoorden" in response.content.decode()


@FUZZ
@given(
    path=st.text(min_size=1, max_size=40),
    params=st.dictionaries(
        st.sampled_from(["cursus", "gemeente", "pagina", "x"]), st.text(max_size=60)
    ),
)
def test_the_api_never_answers_500(client, run, path, params):
    for url in ("/cursussen/api/groepen", "/cursussen/api/cursussen"):
        assert client.get(url, params).status_code in (200, 400, 422)
    for url in (
        f"/cursussen/api/groepen/{quote(path, safe='')}",
        f"/cursussen/api/cursussen/{quote(path, safe='')}",
    ):
        # A "/" in the id (sent as %2F, decoded by the server) makes another path, which
        # Django's APPEND_SLASH answers with a 301 to the same path with a slash.
        expected = (200, 400, 404, 422, 301) if "/" in path else (200, 400, 404, 422)
        assert client.get(url).status_code in expected


@FUZZ
@given(
    params=st.dictionaries(st.sampled_from(["plaats", "cursus", "pagina"]), st.text(max_size=60))
)
def test_the_finder_never_answers_500(client, run, params):
    # 400: a NUL character anywhere in the query string (ido_platform.core.middleware).
    assert client.get("/cursussen/", params).status_code in (200, 400)
