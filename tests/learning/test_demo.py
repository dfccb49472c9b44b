"""The training demo loader: six Dutch modules with 2–4 lessons and a quiz, the basic path,
a moderation workflow, demo progress — and a second run changes nothing."""

import pytest

from wagtail.models import Revision, WorkflowPage

from courses.learning import demo
from courses.learning.models import (
    Certificate,
    Completion,
    LearningPathPage,
    LessonPage,
    ModuleIndexPage,
    Question,
    QuizPage,
    TrainingModulePage,
)
from ido_platform.core import demo as platform_demo

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (TrainingModulePage, LessonPage, QuizPage, Question, Completion, Certificate)
    } | {"revisions": Revision.objects.count()}


def test_the_demo_has_six_modules_with_lessons_quiz_progress_and_a_workflow():
    from courses.runs import demo as courses_demo
    from courses.runs.models import CourseRun, Enrolment

    platform_demo.load()
    courses_demo.load()
    demo.load()
    modules = list(TrainingModulePage.objects.live())
    assert len(modules) >= 6
    assert {"Doorvragen", "Zakelijke empathie", "Privacy in het IDO"} <= {m.title for m in modules}
    for module in modules:
        assert 2 <= module.lessons().count() <= 4
        assert module.quiz() is not None and module.quiz().ordered_questions().count() >= 4
    path = LearningPathPage.objects.get(is_basic_training=True)
    assert path.title == "Basisopleiding IDO-medewerker"
    assert Completion.objects.count() > 10 and Certificate.objects.count() > 10
    assert path.parts.filter(course_page__slug="vaardigheidstraining").exists()
    assert set(
        CourseRun.objects.filter(course__slug="vaardigheidstraining").values_list(
            "seats", flat=True
        )
    ) == {16}
    assert Enrolment.objects.filter(user__isnull=False, status="completed").exists()
    assert WorkflowPage.objects.filter(page=ModuleIndexPage.objects.get()).exists()
    # Every demo question is live with a first revision and follows the same review.
    questions = Question.objects.all()
    assert questions.exists() and not questions.filter(live=False).exists()
    assert not questions.filter(live_revision__isnull=True).exists()
    assert {question.get_workflow().name for question in questions} == {
        "E-learning: review door redactie"
    }
    before = counts()
    demo.load()
    assert counts() == before


def test_the_home_page_card_leads_to_the_catalogue(site_pages):
    cards = [block.value for block in (*site_pages.journeys, *site_pages.staff_links)]
    training = next(card for card in cards if card["title"] == "Training voor medewerkers")
    assert training["url"] == "/leren/"


@pytest.mark.usefixtures("demo_data")
def test_every_demo_certificate_is_valid_for_exactly_its_modules_months():
    """Issue 14, item 26: a certificate of a 24-month module read "valid for 25 months"
    because the demo moved the completion back in time but not its validity."""
    from django.utils import timezone

    completions = list(Completion.objects.select_related("module", "certificate", "attempt"))
    assert len(completions) > 10
    assert any(c.module.validity_months == 24 for c in completions)
    for completion in completions:
        completed_on = timezone.localdate(completion.completed_at)
        until = completion.valid_until
        months = (until.year - completed_on.year) * 12 + until.month - completed_on.month
        assert months == completion.module.validity_months, completion
        assert until.day == completed_on.day or until.day < completed_on.day >= 29, completion
        assert completion.certificate.issued_at == completion.completed_at
        assert completion.attempt.submitted_at <= completion.completed_at
