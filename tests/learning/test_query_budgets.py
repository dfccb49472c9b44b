"""Query budgets: the lesson page, the catalogue and the team dashboard cost the same number
of queries, at most 12, with 20 staff × 10 modules as with 200 staff × 40 modules."""

import pytest

from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.learning.models import (
    Completion,
    LearningPathPage,
    LessonCompletion,
    LessonPage,
    ModuleProgress,
    TrainingModulePage,
)
from ido_platform.core import demo
from ido_platform.core.models import Membership, Role
from tests.courses.factories import course_index, course_page
from tests.ido_platform.factories import (
    LibraryOrganisationFactory,
    LocationFactory,
    ServiceProviderFactory,
    UserFactory,
)
from tests.learning import factories

pytestmark = pytest.mark.django_db


def grow(index, library, location, *, staff, modules):
    """Bring the catalogue to ``modules`` modules and the library to ``staff`` employees,
    with progress spread over them (bulk inserts: fast)."""
    while TrainingModulePage.objects.count() < modules:
        factories.module(index, lessons=1, validity_months=12, questions=False)
    existing = Membership.objects.filter(organisation=library, role=Role.MEDEWERKER).count()
    for number in range(existing, staff):
        user = UserFactory(username=f"team{number}")
        Membership.objects.create(
            user=user, organisation=library, location=location, role=Role.MEDEWERKER
        )
    module_list = list(TrainingModulePage.objects.all())
    lessons = {lesson.path[:-4]: lesson for lesson in LessonPage.objects.all()}
    members = list(
        Membership.objects.filter(organisation=library, role=Role.MEDEWERKER).values_list(
            "user_id", flat=True
        )
    )
    today = timezone.localdate()
    progress_rows, lesson_rows, completions = [], [], []
    done = set(ModuleProgress.objects.values_list("user_id", "module_id"))
    for i, user_id in enumerate(members):
        for j, module in enumerate(module_list):
            if (user_id, module.pk) in done or (i + j) % 3 == 0:
                continue
            progress_rows.append(ModuleProgress(user_id=user_id, module=module))
            lesson_rows.append(
                LessonCompletion(user_id=user_id, module=module, lesson=lessons[module.path])
            )
            if (i + j) % 3 == 1:
                completions.append(
                    Completion(
                        user_id=user_id,
                        module=module,
                        valid_until=today + timezone.timedelta(days=(i * j) % 500 - 100),
                    )
                )
    ModuleProgress.objects.bulk_create(progress_rows)
    LessonCompletion.objects.bulk_create(lesson_rows)
    Completion.objects.bulk_create(completions)


def count_queries(client, url):
    client.get(url)  # warm per-process caches (site, content types) so both counts compare
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


def add_learning_paths(index, count):
    """Learning paths up to ``count``, each of three modules (one of them a partner's) and
    a classroom course, as the demo catalogue has them."""
    modules = list(TrainingModulePage.objects.order_by("path"))
    provider = ServiceProviderFactory()
    for module in modules[:3]:
        module.service_providers.add(provider)
    courses = course_index(index.get_parent().specific)
    for number in range(LearningPathPage.objects.count(), count):
        course = course_page(courses, title=f"Klassikaal {number}", slug=f"klassikaal-{number}")
        factories.learning_path(
            index,
            [*modules[number : number + 3], course],
            title=f"Leerpad {number}",
            slug=f"leerpad-{number}",
            basic=number == 0,
        )


def _member(role, organisation, location, username):
    user = UserFactory(username=username)
    Membership.objects.create(user=user, organisation=organisation, location=location, role=role)
    return user


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """{(page, size): (queries, html)} for the team dashboard (coordinator), a lesson and
    the catalogue (employee), at the small size (20 staff × 10 modules, one learning path, a
    certificate) and the large one (200 × 40, three paths). Growing the catalogue is nearly
    all of the cost, so the three tests share one growth, rolled back afterwards."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            cache.clear()
            index = factories.catalogue(demo.load_pages())
            library = LibraryOrganisationFactory(name="Bibliotheek Eigen", slug="eigen")
            location = LocationFactory(organisation=library, slug="eigen-ido")
            coordinator = _member(Role.COORDINATOR, library, location, "coordinator")
            employee = _member(Role.MEDEWERKER, library, location, "medewerker")
            clients = {"coordinator": Client(), "employee": Client()}
            clients["coordinator"].force_login(coordinator)
            clients["employee"].force_login(employee)
            result = {}

            def measure(size):
                lesson = LessonPage.objects.order_by("path").first()
                for page, client, url in (
                    ("team", clients["coordinator"], reverse("learning:team_dashboard")),
                    ("lesson", clients["employee"], lesson.url),
                    ("catalogue", clients["employee"], index.url),
                ):
                    queries, response = count_queries(client, url)
                    result[page, size] = (queries, response.content.decode())

            grow(index, library, location, staff=20, modules=10)
            add_learning_paths(index, 1)
            factories.complete_module(
                employee, factories.module(index, lessons=1, validity_months=12)
            )
            measure("small")
            grow(index, library, location, staff=200, modules=40)
            add_learning_paths(index, 3)
            measure("large")
            yield result
            transaction.set_rollback(True)
        cache.clear()


def test_the_team_dashboard_query_count_does_not_grow(measured):
    (small, small_html), (large, large_html) = measured["team", "small"], measured["team", "large"]
    assert small_html.count('class="status status--') >= 20 * 10
    assert large_html.count('class="status status--') >= 200 * 40
    assert large == small
    assert small <= 12


def test_the_lesson_page_query_count_does_not_grow(measured):
    (small, _html), (large, _html) = measured["lesson", "small"], measured["lesson", "large"]
    assert large == small
    assert small <= 12


def test_the_catalogue_query_count_does_not_grow(measured):
    """With learning paths (modules and a classroom course), partners and a certificate, as
    on the demo catalogue."""
    (small, small_html), (large, large_html) = (
        measured["catalogue", "small"],
        measured["catalogue", "large"],
    )
    assert "Leerpad 0" in small_html
    assert large_html.count("module-card") == 40
    assert all(f"Leerpad {number}" in large_html for number in range(3))
    assert large == small
    assert small <= 12
