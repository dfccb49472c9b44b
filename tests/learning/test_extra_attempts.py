"""Extra quiz attempts: a coordinator gives an employee of their own organisation more
attempts once they used them all, with a reason; the old attempts stay. The service's rules,
who may grant to whom, the form on the team dashboard, and the admin list."""

import uuid

import pytest

from django.urls import reverse

from courses.learning.models import AttemptGrant, QuizAttempt
from courses.learning.services import progress, quizzes
from ido_platform.core.models import Message, Role
from tests.ido_platform.factories import MembershipFactory, UserFactory
from tests.learning import factories

pytestmark = pytest.mark.django_db

GRANT_URL = reverse("learning:grant_extra_attempt")


def submit(user, quiz, *, right=False):
    return quizzes.grade_attempt(
        user, quiz, factories.answers(quiz, right=right), token=uuid.uuid4()
    )


def use_up(user, quiz):
    for _number in range(quiz.max_attempts):
        submit(user, quiz)


def attempts_left(user, quiz):
    return quizzes.quiz_context(user, quiz)["attempts_left"]


def grant(employee, quiz, by, *, extra=1, reason="Lesstof samen doorgenomen.", token=None):
    return quizzes.grant_extra_attempts(
        employee, quiz, by=by, extra=extra, reason=reason, token=token or uuid.uuid4()
    )


@pytest.fixture
def quiz(index):
    return factories.module(index, title="CJIB en boetes", max_attempts=2).quiz()


@pytest.fixture
def coordinator(users):
    return users[Role.COORDINATOR]


@pytest.fixture
def national(users):
    return users[Role.NATIONAL]


@pytest.fixture
def stranger(other_library, other_location):
    """An employee of another library."""
    user = UserFactory(username="elders", first_name="Els", last_name="Elders")
    MembershipFactory(
        user=user, organisation=other_library, location=other_location, role=Role.MEDEWERKER
    )
    return user


@pytest.fixture
def other_coordinator(other_library):
    user = UserFactory(username="coordinator-elders")
    MembershipFactory(user=user, organisation=other_library, role=Role.COORDINATOR)
    return user


class TestService:
    def test_a_grant_raises_the_limit_and_keeps_every_earlier_attempt(
        self, employee, coordinator, quiz
    ):
        use_up(employee, quiz)
        earlier = set(QuizAttempt.objects.values_list("pk", flat=True))
        assert attempts_left(employee, quiz) == 0

        recorded = grant(employee, quiz, coordinator, extra=2, reason="  Ziek geweest.  ")

        assert (recorded.user, recorded.quiz, recorded.module) == (employee, quiz, quiz.module)
        assert (recorded.extra_attempts, recorded.reason) == (2, "Ziek geweest.")
        assert recorded.granted_by == coordinator and recorded.granted_at
        assert attempts_left(employee, quiz) == 2
        submit(employee, quiz)
        submit(employee, quiz)
        with pytest.raises(quizzes.QuizInputError) as error:
            submit(employee, quiz)
        assert "Vraag je coördinator om een extra poging" in error.value.errors[None]
        attempts = set(QuizAttempt.objects.values_list("pk", flat=True))
        assert earlier < attempts and len(attempts) == 4

    def test_nobody_grants_an_attempt_to_themselves(self, coordinator, national, quiz):
        for user in (coordinator, national):
            use_up(user, quiz)
            with pytest.raises(quizzes.GrantRefused) as error:
                grant(user, quiz, user)
            assert error.value.forbidden
            assert error.value.message == "Je kunt jezelf geen extra poging geven."
        assert not AttemptGrant.objects.exists()

    def test_a_coordinator_of_another_organisation_is_refused(
        self, employee, stranger, coordinator, other_coordinator, quiz
    ):
        for employee_, by in ((employee, other_coordinator), (stranger, coordinator)):
            use_up(employee_, quiz)
            with pytest.raises(quizzes.GrantRefused) as error:
                grant(employee_, quiz, by)
            assert error.value.forbidden and "eigen organisatie" in error.value.message
        assert not AttemptGrant.objects.exists()
        assert attempts_left(stranger, quiz) == 0

    def test_an_employee_cannot_grant_a_colleague_an_attempt(self, users, employee, quiz):
        colleague = UserFactory(username="collega")
        MembershipFactory(user=colleague, organisation=employee.memberships.get().organisation)
        use_up(colleague, quiz)
        with pytest.raises(quizzes.GrantRefused) as error:
            grant(colleague, quiz, employee)
        assert error.value.forbidden and not AttemptGrant.objects.exists()

    def test_the_national_role_grants_to_staff_of_any_library(self, stranger, national, quiz):
        use_up(stranger, quiz)
        grant(stranger, quiz, national)
        assert attempts_left(stranger, quiz) == 1

    def test_no_grant_while_attempts_are_left(self, employee, coordinator, quiz):
        submit(employee, quiz)
        with pytest.raises(quizzes.GrantRefused) as error:
            grant(employee, quiz, coordinator)
        assert not error.value.forbidden and "kan deze toets nog maken" in error.value.message
        assert not AttemptGrant.objects.exists()

    def test_no_grant_after_passing(self, employee, coordinator, quiz):
        submit(employee, quiz)
        submit(employee, quiz, right=True)  # passed; the lessons are not done yet
        with pytest.raises(quizzes.GrantRefused):
            grant(employee, quiz, coordinator)

    @pytest.mark.parametrize(
        "extra, reason, field",
        [
            (1, "", "reason"),
            (1, "   ", "reason"),
            (1, "x" * 501, "reason"),
            ("twee", "Reden.", "extra_attempts"),
            ("", "Reden.", "extra_attempts"),
            (0, "Reden.", "extra_attempts"),
            (quizzes.MAX_EXTRA_ATTEMPTS + 1, "Reden.", "extra_attempts"),
        ],
    )
    def test_a_grant_needs_a_reason_and_a_sensible_number(
        self, employee, coordinator, quiz, extra, reason, field
    ):
        use_up(employee, quiz)
        with pytest.raises(quizzes.GrantRefused) as error:
            grant(employee, quiz, coordinator, extra=extra, reason=reason)
        assert error.value.field == field and not error.value.forbidden
        assert not AttemptGrant.objects.exists() and attempts_left(employee, quiz) == 0

    def test_the_number_may_come_straight_from_the_form(self, employee, coordinator, quiz):
        use_up(employee, quiz)
        assert grant(employee, quiz, coordinator, extra=" 3 ").extra_attempts == 3

    def test_the_same_form_token_twice_grants_once(self, employee, coordinator, quiz):
        use_up(employee, quiz)
        token = uuid.uuid4()
        first = grant(employee, quiz, coordinator, token=token)
        second = grant(employee, quiz, coordinator, token=token)
        assert first.pk == second.pk and AttemptGrant.objects.count() == 1
        assert attempts_left(employee, quiz) == 1
        assert Message.objects.filter(kind="learning.extra_attempt").count() == 1

    def test_the_employee_is_told_they_may_try_again(self, employee, coordinator, quiz):
        use_up(employee, quiz)
        grant(employee, quiz, coordinator, extra=2)
        message = Message.objects.get(kind="learning.extra_attempt")
        assert message.recipient == employee.email
        assert quiz.module.title in message.subject
        assert "nog 2 keer maken" in message.body

    def test_a_used_token_for_someone_else_is_refused(self, employee, coordinator, users, quiz):
        colleague = UserFactory(username="collega")
        MembershipFactory(user=colleague, organisation=employee.memberships.get().organisation)
        use_up(employee, quiz)
        use_up(colleague, quiz)
        token = uuid.uuid4()
        grant(employee, quiz, coordinator, token=token)
        with pytest.raises(quizzes.GrantRefused) as error:
            grant(colleague, quiz, coordinator, token=token)
        assert "verlopen" in error.value.message and AttemptGrant.objects.count() == 1

    def test_a_refresher_starts_with_the_quizs_own_attempts_again(
        self, employee, coordinator, index
    ):
        module = factories.module(index, max_attempts=2, validity_months=12)
        quiz = module.quiz()
        for lesson in module.lessons():
            progress.record_lesson_done(employee, lesson)
        use_up(employee, quiz)
        grant(employee, quiz, coordinator, extra=3)
        submit(employee, quiz, right=True)  # completes the module
        assert attempts_left(employee, quiz) == 2

    def test_the_team_list_agrees_with_the_limit(self, employee, coordinator, quiz):
        module = quiz.module
        assert quizzes.used_up([employee.pk], {module.pk: quiz}) == {}
        use_up(employee, quiz)
        assert quizzes.used_up([employee.pk], {module.pk: quiz}) == {
            (employee.pk, module.pk): (2, 2)
        }
        grant(employee, quiz, coordinator)
        assert quizzes.used_up([employee.pk], {module.pk: quiz}) == {}
        submit(employee, quiz)
        assert quizzes.used_up([employee.pk], {module.pk: quiz}) == {
            (employee.pk, module.pk): (3, 3)
        }


GRANTERS = ["medewerker", "coordinator", "other_coordinator", "national"]
SUBJECTS = ["self", "colleague", "other_org"]
# who → to whom an extra attempt may be given
ALLOWED = {
    "medewerker": set(),
    "coordinator": {"colleague"},
    "other_coordinator": {"other_org"},
    "national": {"colleague", "other_org"},
}


@pytest.fixture
def people(users, employee, stranger, other_coordinator):
    return {
        "medewerker": employee,
        "coordinator": users[Role.COORDINATOR],
        "other_coordinator": other_coordinator,
        "national": users[Role.NATIONAL],
        "colleague": employee,
        "other_org": stranger,
    }


def subject(name, granter, people):
    if name == "self":
        return people[granter]
    if name == "colleague" and granter == "medewerker":
        colleague = UserFactory(username="collega")
        MembershipFactory(
            user=colleague, organisation=people["medewerker"].memberships.get().organisation
        )
        return colleague
    return people[name]


@pytest.mark.parametrize("granter", GRANTERS)
@pytest.mark.parametrize("target", SUBJECTS)
def test_the_grant_rule(people, granter, target):
    allowed = people[granter].has_perm(
        "learning.grant_extra_attempt", subject(target, granter, people)
    )
    assert allowed is (target in ALLOWED[granter])


class TestTeamDashboard:
    @pytest.fixture
    def used_up_quiz(self, employee, quiz):
        use_up(employee, quiz)
        return quiz

    def post(self, client, who, what, **data):
        form = {
            "employee": who.pk,
            "quiz": what.pk,
            "extra_attempts": "1",
            "reason": "We hebben de lesstof samen doorgenomen.",
            "token": str(uuid.uuid4()),
        }
        form.update(data)
        return client.post(GRANT_URL, form)

    def test_the_coordinator_sees_the_form_and_the_employee_tries_again(
        self, client, coordinator, employee, used_up_quiz
    ):
        client.force_login(coordinator)
        page = client.get(reverse("learning:team_dashboard")).content.decode()
        assert "Alle pogingen gebruikt" in page and "2 van 2 pogingen gebruikt" in page
        assert f'name="employee" value="{employee.pk}"' in page

        response = self.post(client, employee, used_up_quiz)

        assert response.status_code == 302
        assert response["Location"] == reverse("learning:team_dashboard")
        followed = client.get(response["Location"]).content.decode()
        assert "heeft 1 extra poging gekregen voor de toets van CJIB en boetes" in followed
        assert f'name="employee" value="{employee.pk}"' not in followed
        grant_row = AttemptGrant.objects.get()
        assert grant_row.granted_by == coordinator
        assert grant_row.reason == "We hebben de lesstof samen doorgenomen."

        client.force_login(employee)
        quiz_page = client.get(used_up_quiz.url).content.decode()
        assert "Je hebt nog 1 poging." in quiz_page and "Lever de toets in" in quiz_page

    def test_a_double_post_grants_once(self, client, coordinator, employee, used_up_quiz):
        client.force_login(coordinator)
        token = str(uuid.uuid4())
        first = self.post(client, employee, used_up_quiz, token=token)
        second = self.post(client, employee, used_up_quiz, token=token)
        assert (first.status_code, second.status_code) == (302, 302)
        assert AttemptGrant.objects.count() == 1
        assert attempts_left(employee, used_up_quiz) == 1
        # A second form (a new token) finds attempts left: refused, still one grant.
        third = self.post(client, employee, used_up_quiz)
        assert third.status_code == 400 and AttemptGrant.objects.count() == 1

    @pytest.mark.parametrize(
        "data, message",
        [
            ({"reason": ""}, "Schrijf op waarom je een extra poging geeft."),
            ({"extra_attempts": "veel"}, "Kies een aantal extra pogingen van 1 tot en met 5."),
            ({"extra_attempts": "-1"}, "Kies een aantal extra pogingen van 1 tot en met 5."),
            ({"token": "oud"}, "Het formulier is verlopen."),
        ],
    )
    def test_bad_input_gets_a_dutch_message_and_a_400(
        self, client, coordinator, employee, used_up_quiz, data, message
    ):
        client.force_login(coordinator)
        response = self.post(client, employee, used_up_quiz, **data)
        html = response.content.decode()
        assert response.status_code == 400
        assert "Er is geen extra poging gegeven" in html and message in html
        assert not AttemptGrant.objects.exists()

    def test_a_refused_form_keeps_what_was_typed_and_points_at_the_field(
        self, client, coordinator, employee, used_up_quiz
    ):
        client.force_login(coordinator)
        response = self.post(client, employee, used_up_quiz, extra_attempts="veel", reason="Ziek")
        html = response.content.decode()
        key = f"{employee.pk}-{used_up_quiz.pk}"
        assert f'<a href="#aantal-{key}">' in html
        assert 'value="veel" aria-invalid="true"' in html and ">Ziek</textarea>" in html

    def test_an_employee_whose_attempts_are_left_is_refused(
        self, client, coordinator, employee, quiz
    ):
        submit(employee, quiz)
        client.force_login(coordinator)
        response = self.post(client, employee, quiz)
        assert response.status_code == 400
        assert "kan deze toets nog maken" in response.content.decode()

    def test_an_employee_of_another_library_is_refused_with_a_403(
        self, client, coordinator, stranger, quiz
    ):
        use_up(stranger, quiz)
        client.force_login(coordinator)
        response = self.post(client, stranger, quiz)
        assert response.status_code == 403
        assert "alleen medewerkers van je eigen organisatie" in response.content.decode()
        assert not AttemptGrant.objects.exists()

    def test_an_employee_may_not_post_the_form(self, client, employee, used_up_quiz):
        client.force_login(employee)
        assert self.post(client, employee, used_up_quiz).status_code == 403
        assert not AttemptGrant.objects.exists()

    def test_the_national_role_grants_in_any_library_and_returns_to_it(
        self, client, national, stranger, other_library, quiz
    ):
        use_up(stranger, quiz)
        client.force_login(national)
        dashboard = reverse("learning:team_dashboard")
        page = client.get(dashboard, {"organisatie": other_library.slug}).content.decode()
        assert f'name="employee" value="{stranger.pk}"' in page
        assert f'action="{GRANT_URL}?organisatie={other_library.slug}"' in page
        response = client.post(
            f"{GRANT_URL}?organisatie={other_library.slug}",
            {
                "employee": stranger.pk,
                "quiz": quiz.pk,
                "extra_attempts": "2",
                "reason": "Nieuwe medewerker.",
                "token": str(uuid.uuid4()),
            },
        )
        assert response["Location"] == f"{dashboard}?organisatie={other_library.slug}"
        assert attempts_left(stranger, quiz) == 2

    def test_the_coordinator_is_not_offered_a_grant_for_themselves(self, client, coordinator, quiz):
        use_up(coordinator, quiz)
        client.force_login(coordinator)
        page = client.get(reverse("learning:team_dashboard")).content.decode()
        assert f'name="employee" value="{coordinator.pk}"' not in page
        assert "Niemand in dit overzicht heeft alle pogingen voor een toets gebruikt." in page

    def test_unknown_employees_and_quizzes_are_not_found(
        self, client, coordinator, employee, used_up_quiz
    ):
        client.force_login(coordinator)
        assert self.post(client, employee, used_up_quiz, employee="999999").status_code == 404
        assert self.post(client, employee, used_up_quiz, quiz="toets").status_code == 404
        assert self.post(client, employee, used_up_quiz, employee="²").status_code == 404
        assert self.post(client, employee, used_up_quiz, quiz="9" * 20).status_code == 404


def test_grants_are_listed_read_only_in_the_admin_for_the_own_organisation(
    client, coordinator, other_coordinator, employee, stranger, national, quiz
):
    from ido_platform.core.permissions import scope

    use_up(employee, quiz)
    use_up(stranger, quiz)
    own = grant(employee, quiz, coordinator, reason="Eigen team.")
    grant(stranger, quiz, national, reason="Ander team.")
    assert list(scope(coordinator, AttemptGrant.objects.all(), "view")) == [own]
    assert scope(national, AttemptGrant.objects.all(), "view").count() == 2
    assert not coordinator.has_perm("learning.delete_attemptgrant", own)
    assert not national.has_perm("learning.change_attemptgrant", own)
    client.force_login(coordinator)
    listing = client.get("/admin/training/extra-pogingen/")
    html = listing.content.decode()
    assert listing.status_code == 200
    assert "Eigen team." in html and "Ander team." not in html
    assert client.get("/admin/training/extra-pogingen/new/").status_code in (302, 403)
