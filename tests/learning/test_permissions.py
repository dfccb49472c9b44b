"""Who sees whose training: an employee only their own progress, a coordinator only their
own organisation, the national role everything — as a matrix of roles × records."""

import uuid

import pytest

from django.urls import reverse
from django.utils.html import escape

from courses.learning.models import Certificate, Completion, LessonCompletion, QuizAttempt
from ido_platform.core.models import Role
from ido_platform.core.permissions import scope
from tests.ido_platform.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = [Role.MEDEWERKER, Role.COORDINATOR, Role.AUDITOR, Role.EDITOR, Role.NATIONAL]
SUBJECTS = ["self", "colleague", "other_org"]

# role → which subjects' records it may see
EXPECTED = {
    Role.MEDEWERKER: {"self"},
    Role.COORDINATOR: {"self", "colleague"},
    Role.AUDITOR: {"self"},
    Role.EDITOR: {"self"},
    Role.NATIONAL: {"self", "colleague", "other_org"},
}


def complete(user, module):
    """Records of every kind for ``user``, written directly (the services are tested in
    test_services.py; here only who may see them matters)."""
    lesson = module.lessons().first()
    LessonCompletion.objects.create(user=user, lesson=lesson, module=module)
    attempt = QuizAttempt.objects.create(
        user=user,
        quiz=module.quiz(),
        module=module,
        token=uuid.uuid4(),
        correct_count=5,
        question_count=5,
        score=100,
        passed=True,
    )
    completion = Completion.objects.create(user=user, module=module, attempt=attempt)
    return Certificate.objects.create(
        completion=completion, code=uuid.uuid4().hex[:12].upper(), holder_name=str(user)
    )


@pytest.fixture
def people(users, library, location, other_library, other_location):
    colleague = UserFactory(username="collega")
    MembershipFactory(user=colleague, organisation=library, location=location)
    stranger = UserFactory(username="elders")
    MembershipFactory(user=stranger, organisation=other_library, location=other_location)
    return {"colleague": colleague, "other_org": stranger}


@pytest.fixture
def certificates(users, people, module):
    result = {name: complete(user, module) for name, user in people.items()}
    for role in ROLES:
        result[("self", role)] = complete(users[role], module)
    return result


def subject_user(subject, role, users, people):
    return users[role] if subject == "self" else people[subject]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_training_record_rule(users, people, role, subject):
    target = subject_user(subject, role, users, people)
    allowed = users[role].has_perm("learning.view_training_record", target)
    assert allowed is (subject in EXPECTED[role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("subject", SUBJECTS)
def test_certificate_download_follows_the_rule(client, users, people, certificates, role, subject):
    certificate = certificates[("self", role)] if subject == "self" else certificates[subject]
    client.force_login(users[role])
    response = client.get(reverse("learning:certificate_download", args=[certificate.pk]))
    assert response.status_code == (200 if subject in EXPECTED[role] else 403)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "model", [Completion, Certificate, LessonCompletion, QuizAttempt], ids=lambda m: m.__name__
)
def test_admin_lists_are_scoped(users, people, certificates, role, model):
    visible = scope(users[role], model.objects.all(), "view")
    field = "completion__user" if model is Certificate else "user"
    seen = set(visible.values_list(field, flat=True))
    expected = {users[role].pk} if "self" in EXPECTED[role] else set()
    if "colleague" in EXPECTED[role]:
        expected |= {people["colleague"].pk, users[Role.MEDEWERKER].pk, users[Role.COORDINATOR].pk}
    if "other_org" in EXPECTED[role]:
        expected = set(model.objects.values_list(field, flat=True))
    assert seen == expected


@pytest.mark.parametrize(
    "role, status",
    [
        (Role.MEDEWERKER, 403),
        (Role.COORDINATOR, 200),
        (Role.AUDITOR, 403),
        (Role.EDITOR, 403),
        (Role.NATIONAL, 200),
    ],
)
def test_the_team_dashboard_is_for_coordinators_and_the_national_role(
    client, users, people, role, status
):
    client.force_login(users[role])
    assert client.get(reverse("learning:team_dashboard")).status_code == status


def test_a_coordinator_sees_only_their_own_team(client, users, people, other_library, module):
    client.force_login(users[Role.COORDINATOR])
    html = client.get(reverse("learning:team_dashboard")).content.decode()
    assert escape(people["colleague"].get_full_name()) in html
    assert escape(people["other_org"].get_full_name()) not in html
    other = client.get(reverse("learning:team_dashboard"), {"organisatie": other_library.slug})
    assert other.status_code == 404


def test_the_national_role_may_open_any_team(client, users, people, other_library, module):
    client.force_login(users[Role.NATIONAL])
    response = client.get(reverse("learning:team_dashboard"), {"organisatie": other_library.slug})
    assert response.status_code == 200
    assert escape(people["other_org"].get_full_name()) in response.content.decode()


@pytest.mark.parametrize(
    "role, status",
    [(Role.MEDEWERKER, 403), (Role.COORDINATOR, 403), (Role.NATIONAL, 200)],
)
def test_the_national_view_is_for_the_national_role(client, users, role, status):
    client.force_login(users[role])
    assert client.get(reverse("learning:national_dashboard")).status_code == status
