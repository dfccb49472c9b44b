"""Wagtail's view restrictions on routed pages: ``ido_platform.core.routing`` reads, in its one
routing query, whether the page, one of its ancestors or the site's root page carries a
restriction, so an unrestricted page costs no restriction query and a restricted one is still
refused, wherever in the tree the restriction sits."""

import pytest

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from courses.learning.models import LessonPage
from ido_platform.core.models import Role

pytestmark = pytest.mark.django_db


def restriction_queries(queries):
    return [q for q in queries if q["sql"].startswith('SELECT "wagtailcore_pageviewrestriction"')]


@pytest.fixture
def lesson(module):
    return LessonPage.objects.child_of(module).order_by("path").first()


def test_an_unrestricted_lesson_costs_no_restriction_query(client, users, lesson):
    client.force_login(users[Role.MEDEWERKER])
    client.get(lesson.url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(lesson.url)
    assert response.status_code == 200
    assert restriction_queries(queries.captured_queries) == []


@pytest.mark.parametrize("where", ["home", "index", "module", "lesson"])
def test_a_restriction_anywhere_above_or_on_the_page_refuses_it(
    client, users, site_pages, index, module, lesson, where
):
    page = {"home": site_pages, "index": index, "module": module, "lesson": lesson}[where]
    client.force_login(users[Role.MEDEWERKER])
    assert client.get(lesson.url).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Alleen redactie"))
    response = client.get(lesson.url)
    assert response.status_code == 302
    assert "/inloggen/" in response["Location"] or "login" in response["Location"]
    restriction.delete()
    assert client.get(lesson.url).status_code == 200
