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
    before = counts()
    demo.load()
    assert counts() == before


def test_the_home_page_card_leads_to_the_catalogue(site_pages):
    cards = [block.value for block in (*site_pages.journeys, *site_pages.staff_links)]
    training = next(card for card in cards if card["title"] == "Training voor medewerkers")
    assert training["url"] == "/leren/"
