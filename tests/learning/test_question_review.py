"""Quiz questions follow the e-learning review (issue 14, item 24): an editor's change is a
draft with history until the reviewing group approves it; learners only see approved
content; old attempts keep their questions."""

import uuid

import pytest

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from courses.learning.demo import load_workflow
from courses.learning.models import (
    Choice,
    MultipleChoiceQuestion,
    OrderingQuestion,
    Question,
    ScenarioQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from courses.learning.services import quizzes
from ido_platform.core import people
from ido_platform.core.models import Role
from tests.learning import factories

pytestmark = pytest.mark.django_db

NAMESPACES = {
    SingleChoiceQuestion: "learning_single_choice",
    MultipleChoiceQuestion: "learning_multiple_choice",
    TrueFalseQuestion: "learning_true_false",
    OrderingQuestion: "learning_ordering",
    ScenarioQuestion: "learning_scenario",
}


@pytest.fixture
def review(index, users):
    """The demo's review workflow, with the editor and the reviewing group in their groups."""
    load_workflow(index)
    for role in (Role.EDITOR, Role.NATIONAL):
        people.sync_role_groups(users[role])
    return users[Role.EDITOR], users[Role.NATIONAL]


def _url(question, name, *args):
    return reverse(f"{NAMESPACES[type(question)]}:{name}", args=[question.pk, *args])


def _form_data(question, **changes):
    """The edit form of a question as the admin posts it, with ``changes`` applied."""
    data = {
        "quiz": question.quiz_id,
        "text": question.text,
        "explanation": question.explanation,
        "sort_order": question.sort_order,
    }
    if isinstance(question, ScenarioQuestion):
        data["situation"] = question.situation
    if isinstance(question, TrueFalseQuestion):
        if question.statement_is_true:
            data["statement_is_true"] = "on"
    else:
        choices = question.choice_list()
        data.update(
            {
                "choices-TOTAL_FORMS": len(choices),
                "choices-INITIAL_FORMS": len(choices),
                "choices-MIN_NUM_FORMS": 0,
                "choices-MAX_NUM_FORMS": 1000,
            }
        )
        for number, choice in enumerate(choices):
            data[f"choices-{number}-id"] = choice.pk
            data[f"choices-{number}-text"] = choice.text
            data[f"choices-{number}-feedback"] = choice.feedback
            data[f"choices-{number}-ORDER"] = number + 1
            if choice.is_correct:
                data[f"choices-{number}-is_correct"] = "on"
    data.update(changes)
    return data


def _of_type(model, module):
    """The module's question of exactly this type (a scenario question is also a single
    choice question)."""
    content_type = ContentType.objects.get_for_model(model)
    return model.objects.get(quiz=module.quiz(), polymorphic_ctype=content_type)


def _single(module):
    return _of_type(SingleChoiceQuestion, module)


def _learner_texts(module, employee):
    return [q.text for q in quizzes.quiz_context(employee, module.quiz())["questions"]]


def test_an_editors_change_reaches_learners_only_after_the_reviewing_group_approves(
    client, module, employee, review
):
    editor, national = review
    question = _single(module)
    client.force_login(editor)
    response = client.post(
        _url(question, "edit"),
        _form_data(question, text="Wie int verkeersboetes?", **{"action-submit": "1"}),
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    question.refresh_from_db()
    assert question.has_unpublished_changes
    assert question.current_workflow_state.status == "in_progress"
    assert "Wie int boetes?" in _learner_texts(module, employee)
    assert "Wie int verkeersboetes?" not in _learner_texts(module, employee)

    # The editor cannot approve their own submission; the reviewing group can.
    task_state = question.current_workflow_task_state
    approve = _url(question, "workflow_action", "approve", task_state.pk)
    refused = client.post(approve)
    assert (refused.status_code, refused.get("Location")) in ((403, None), (302, "/admin/"))
    question.refresh_from_db()
    assert question.current_workflow_state.status == "in_progress"
    assert "Wie int verkeersboetes?" not in _learner_texts(module, employee)
    client.force_login(national)
    assert client.post(approve).status_code in (200, 302)

    question.refresh_from_db()
    assert question.live and not question.has_unpublished_changes
    assert "Wie int verkeersboetes?" in _learner_texts(module, employee)
    assert "Wie int boetes?" not in _learner_texts(module, employee)


def test_an_editor_is_not_offered_publish_and_a_publish_post_changes_nothing(
    client, module, employee, review
):
    editor, _national = review
    question = _single(module)
    client.force_login(editor)
    html = client.get(_url(question, "edit")).content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html

    client.post(
        _url(question, "edit"),
        _form_data(question, text="Gepubliceerd zonder review", **{"action-publish": "1"}),
    )
    question.refresh_from_db()
    assert question.text == "Wie int boetes?"
    assert "Gepubliceerd zonder review" not in _learner_texts(module, employee)
    # Nor can the editor take a live question offline or delete it past the review.
    refused = client.post(_url(question, "unpublish"))
    assert (refused.status_code, refused.get("Location")) in ((403, None), (302, "/admin/"))
    assert client.post(_url(question, "delete")).status_code in (302, 403)
    question.refresh_from_db()
    assert question.live


def test_a_new_question_from_an_editor_waits_for_review(client, module, employee, review):
    editor, national = review
    client.force_login(editor)
    data = factories.single_choice_form(module.quiz(), **{"action-submit": "1"})
    response = client.post(reverse("learning_single_choice:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    question = SingleChoiceQuestion.objects.get(text="Wie betaalt de AOW?")
    assert not question.live
    assert "Wie betaalt de AOW?" not in _learner_texts(module, employee)
    # Grading ignores it too: the right answers to the live questions still pass.
    attempt = quizzes.grade_attempt(
        employee, module.quiz(), factories.answers(module.quiz()), token=uuid.uuid4()
    )
    assert attempt.question_count == 5 and attempt.passed

    question.current_workflow_task_state.approve(user=national)
    question.refresh_from_db()
    assert question.live
    assert "Wie betaalt de AOW?" in _learner_texts(module, employee)


def test_every_change_to_a_question_is_kept_as_a_revision_in_its_history(client, module, review):
    editor, _national = review
    question = _single(module)
    client.force_login(editor)
    for text in ("Wie int boetes van het Rijk?", "Wie int boetes en dwangsommen?"):
        response = client.post(_url(question, "edit"), _form_data(question, text=text))
        assert response.status_code == 302, response.content.decode()[:3000]
    question.refresh_from_db()
    assert question.revisions.count() == 2
    drafts = [revision.as_object().text for revision in question.revisions.order_by("pk")]
    assert drafts == ["Wie int boetes van het Rijk?", "Wie int boetes en dwangsommen?"]
    history = client.get(_url(question, "history"))
    assert history.status_code == 200
    html = history.content.decode()
    first, latest = question.revisions.order_by("pk")
    # The earlier version can be restored, and the two compared.
    assert _url(question, "revisions_revert", first.pk) in html
    assert f"revisions/compare/{first.pk}...{latest.pk}/" in html


def test_a_changed_answer_option_waits_for_review_too(client, module, employee, review):
    editor, national = review
    question = _single(module)
    right = Choice.objects.get(question=question, is_correct=True)
    client.force_login(editor)
    data = _form_data(question, **{"action-submit": "1"})
    data["choices-0-text"] = "Het Centraal Justitieel Incassobureau"
    assert client.post(_url(question, "edit"), data).status_code == 302
    right.refresh_from_db()
    assert right.text == "Het CJIB"
    shown = quizzes.quiz_context(employee, module.quiz())["questions"][0]
    assert [c.text for c in shown.choice_list()] == ["Het CJIB", "De RDW"]

    question.refresh_from_db()
    question.current_workflow_task_state.approve(user=national)
    right.refresh_from_db()
    assert right.text == "Het Centraal Justitieel Incassobureau"  # same option, same id


def test_an_attempts_review_keeps_a_question_taken_offline_since(module, employee, review):
    _editor, national = review
    quiz = module.quiz()
    attempt = quizzes.grade_attempt(employee, quiz, factories.answers(quiz), token=uuid.uuid4())
    question = _single(module)
    question.unpublish(user=national)

    assert question.pk not in [q.pk for q in quiz.ordered_questions()]
    attempt.refresh_from_db()
    assert attempt.question_count == 5 and attempt.score == 100
    items = quizzes.review(attempt)
    assert [item.question.pk for item in items].count(question.pk) == 1
    assert all(item.correct for item in items)
    assert Question.objects.filter(pk=question.pk).exists()


@pytest.mark.parametrize("model", list(NAMESPACES))
def test_the_editor_opens_adds_and_saves_each_question_type(client, module, review, model):
    editor, _national = review
    client.force_login(editor)
    question = _of_type(model, module)
    assert client.get(reverse(f"{NAMESPACES[model]}:add")).status_code == 200
    assert client.get(_url(question, "edit")).status_code == 200
    response = client.post(_url(question, "edit"), _form_data(question, explanation="Nieuw."))
    assert response.status_code == 302, response.content.decode()[:3000]
    question.refresh_from_db()
    assert question.has_unpublished_changes
    assert question.latest_revision.as_object().explanation == "Nieuw."
    assert client.get(_url(question, "history")).status_code == 200


def test_the_reviewing_group_takes_an_answered_question_offline_but_cannot_delete_it(
    client, module, employee, review
):
    _editor, national = review
    quiz = module.quiz()
    quizzes.grade_attempt(employee, quiz, factories.answers(quiz), token=uuid.uuid4())
    answered = _single(module)
    unanswered = SingleChoiceQuestion.objects.create(
        quiz=quiz, text="Nog niet gesteld?", live=False
    )
    client.force_login(national)

    response = client.post(_url(answered, "delete"), follow=True)
    assert "offline" in response.content.decode()
    assert Question.objects.filter(pk=answered.pk).exists()
    assert client.post(_url(unanswered, "delete")).status_code == 302
    assert not Question.objects.filter(pk=unanswered.pk).exists()

    assert client.post(_url(answered, "unpublish")).status_code == 302
    answered.refresh_from_db()
    assert not answered.live
    assert answered.pk not in [q.pk for q in quiz.ordered_questions()]


def test_a_question_in_review_is_locked_for_the_editor_so_the_approved_text_goes_live(
    client, module, employee, review
):
    editor, national = review
    question = _single(module)
    client.force_login(editor)
    submitted = _form_data(question, text="Wie int verkeersboetes?", **{"action-submit": "1"})
    assert client.post(_url(question, "edit"), submitted).status_code == 302
    question.refresh_from_db()
    revisions = question.revisions.count()

    client.post(_url(question, "edit"), _form_data(question, text="Niet beoordeeld"))
    question.refresh_from_db()
    assert question.revisions.count() == revisions
    assert question.get_lock().for_user(editor) and not question.get_lock().for_user(national)

    question.current_workflow_task_state.approve(user=national)
    question.refresh_from_db()
    assert question.live and question.text == "Wie int verkeersboetes?"
    assert "Niet beoordeeld" not in _learner_texts(module, employee)
