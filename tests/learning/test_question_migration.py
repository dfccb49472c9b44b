"""Questions written before the review existed stay live and get a first revision with their
choices (migration learning 0006), so learners keep their quiz and its history starts."""

import pytest

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("learning", "0004_merge_0003_dutch_verbose_names_0003_private_storage")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_questions_stay_live_with_a_first_revision_of_their_content(site_pages):
    from courses.learning.models import Question, QuizPage
    from tests.learning import factories

    index = factories.catalogue(site_pages)
    quiz_pk = factories.module(index, questions=False).quiz().pk
    try:
        old = _migrate(BEFORE)
        quiz = old.get_model("learning", "QuizPage").objects.get(pk=quiz_pk)
        ContentType = old.get_model("contenttypes", "ContentType")
        Single = old.get_model("learning", "SingleChoiceQuestion")
        question = Single.objects.create(
            quiz_id=quiz.pk,
            text="Wie int boetes?",
            sort_order=1,
            polymorphic_ctype=ContentType.objects.get_for_model(Single),
        )
        Choice = old.get_model("learning", "Choice")
        Choice.objects.create(question_id=question.pk, text="Het CJIB", is_correct=True)
        Choice.objects.create(question_id=question.pk, text="De RDW", sort_order=2)
    finally:
        _migrate(_latest())

    migrated = Question.objects.get(pk=question.pk)
    assert migrated.live and not migrated.has_unpublished_changes
    assert migrated.live_revision_id == migrated.latest_revision_id is not None
    restored = migrated.live_revision.as_object()
    assert restored.text == "Wie int boetes?"
    assert [choice.text for choice in restored.choices.all()] == ["Het CJIB", "De RDW"]
    assert [q.pk for q in QuizPage.objects.get(pk=quiz_pk).ordered_questions()] == [question.pk]


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
