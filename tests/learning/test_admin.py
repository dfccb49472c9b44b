"""E-learning in the Wagtail admin: editors write questions; records are read-only lists,
scoped by the rules and exportable; modules and lessons go through a review workflow."""

import uuid

import pytest

from courses.learning.models import Choice, Completion, SingleChoiceQuestion
from courses.learning.services import progress, quizzes
from ido_platform.core.models import Role
from tests.learning import factories

pytestmark = pytest.mark.django_db

QUESTION_URLS = [
    "/admin/training/vragen/meerkeuze/",
    "/admin/training/vragen/meer-antwoorden/",
    "/admin/training/vragen/waar-niet-waar/",
    "/admin/training/vragen/volgorde/",
    "/admin/training/vragen/scenario/",
]
RECORD_URLS = [
    "/admin/training/afrondingen/",
    "/admin/training/certificaten/",
    "/admin/training/toetspogingen/",
    "/admin/training/voortgang/",
]


@pytest.fixture
def completed(users, module):
    for role in (Role.MEDEWERKER,):
        user = users[role]
        for lesson in module.lessons():
            progress.record_lesson_done(user, lesson)
        quizzes.grade_attempt(
            user, module.quiz(), factories.answers(module.quiz()), token=uuid.uuid4()
        )
    return Completion.objects.get()


@pytest.mark.parametrize("url", QUESTION_URLS)
def test_editors_list_and_add_questions_of_each_type(client, users, module, url):
    client.force_login(users[Role.EDITOR])
    assert client.get(url).status_code == 200
    assert client.get(url + "add/").status_code == 200


def test_an_editor_adds_a_single_choice_question_with_answers(client, users, module):
    client.force_login(users[Role.EDITOR])
    quiz = module.quiz()
    data = factories.single_choice_form(
        quiz,
        **{"choices-0-feedback": "", "choices-1-feedback": "Het UWV gaat over WW en WIA."},
    )
    response = client.post("/admin/training/vragen/meerkeuze/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    question = SingleChoiceQuestion.objects.get(text="Wie betaalt de AOW?")
    assert [c.text for c in question.choice_list()] == ["De SVB", "Het UWV"]
    assert Choice.objects.get(text="De SVB").is_correct


@pytest.mark.parametrize("url", QUESTION_URLS[:1])
def test_coordinators_do_not_edit_questions(client, users, url):
    client.force_login(users[Role.COORDINATOR])
    assert client.get(url).status_code in (302, 403)


@pytest.mark.parametrize("url", RECORD_URLS)
def test_records_are_listed_for_the_coordinator_and_exported(client, users, completed, url):
    client.force_login(users[Role.COORDINATOR])
    response = client.get(url)
    assert response.status_code == 200
    export = client.get(url, {"export": "csv"})
    assert export.status_code == 200
    body = b"".join(export.streaming_content) if export.streaming else export.content
    employee = users[Role.MEDEWERKER]
    names = (employee.username.encode(), employee.get_full_name().encode())
    assert any(name in body for name in names) and b"user.email" not in body


def test_records_cannot_be_added_in_the_admin(client, users, completed):
    client.force_login(users[Role.NATIONAL])
    assert client.get("/admin/training/afrondingen/new/").status_code in (302, 403)


def test_the_demo_workflow_sends_a_module_to_review(users):
    from wagtail.models import Workflow

    from courses.learning import demo
    from ido_platform.core import demo as platform_demo

    platform_demo.load()
    demo.load()
    workflow = Workflow.objects.get(name="E-learning: review door redactie")
    from courses.learning.models import LessonPage

    lesson = LessonPage.objects.first()
    assert lesson.get_workflow() == workflow
    revision = lesson.save_revision(user=users[Role.EDITOR])
    state = workflow.start(lesson, users[Role.EDITOR])
    assert state.status == "in_progress" and revision.pk
    assert state.current_task_state.task.name == "Inhoudelijke review e-learning"


def test_a_completed_module_cannot_be_deleted_only_taken_offline(client, users, completed):
    from courses.learning.models import TrainingModulePage

    client.force_login(users[Role.NATIONAL])
    module = completed.module
    response = client.post(f"/admin/pages/{module.pk}/delete/")
    assert response.status_code == 302
    assert TrainingModulePage.objects.filter(pk=module.pk).exists()
    followed = client.get(response["Location"])
    assert "controleerbaar blijven" in followed.content.decode()


def test_editors_open_every_training_page_type_in_the_editor(client, users, index, module):
    client.force_login(users[Role.EDITOR])
    path = factories.learning_path(index, [module])
    for page in (index, module, module.lessons().first(), module.quiz(), path):
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page
    assert (
        "menu E-learning" in client.get(f"/admin/pages/{module.quiz().pk}/edit/").content.decode()
    )
