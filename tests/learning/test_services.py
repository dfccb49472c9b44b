"""The rules of staff e-learning, at the service level."""

import datetime
import uuid

import pytest
import time_machine

from django.utils import timezone

from courses.learning.models import (
    Certificate,
    Completion,
    LessonCompletion,
    ModuleProgress,
    QuizAttempt,
)
from courses.learning.services import certificates, paths, progress, quizzes, reminders
from courses.learning.services.status import Status, add_months
from ido_platform.core.models import Message
from tests.learning import factories
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


def finish_lessons(user, module):
    for lesson in module.lessons():
        progress.record_lesson_done(user, lesson)


def submit(user, quiz, *, right=True, token=None):
    return quizzes.grade_attempt(
        user, quiz, factories.answers(quiz, right=right), token=token or uuid.uuid4()
    )


class TestLessons:
    def test_marking_a_lesson_done_twice_records_it_once(self, employee, module):
        lesson = module.lessons().first()
        progress.record_lesson_done(employee, lesson)
        progress.record_lesson_done(employee, lesson)
        assert LessonCompletion.objects.filter(user=employee, lesson=lesson).count() == 1

    def test_the_next_step_is_the_first_unfinished_one_whatever_was_opened_last(
        self, employee, index
    ):
        module = factories.module(index, lessons=3)
        first, second, third = module.lessons()
        progress.record_lesson_opened(employee, third)
        state = progress.module_state(employee, module)
        assert (state.next_step.pk, state.is_starting) == (first.pk, True)
        progress.record_lesson_done(employee, first)
        state = progress.module_state(employee, module)
        assert (state.next_step.pk, state.is_starting) == (second.pk, False)
        progress.record_lesson_done(employee, second)
        progress.record_lesson_done(employee, third)
        assert progress.module_state(employee, module).next_step.pk == module.quiz().pk

    def test_progress_counts_lessons_and_the_quiz_as_steps(self, employee, module):
        progress.record_lesson_done(employee, module.lessons().first())
        state = progress.module_state(employee, module)
        assert (state.steps_done, state.steps_total, state.percent) == (1, 3, 33)
        assert state.status == Status.IN_PROGRESS


class TestGrading:
    def test_all_right_answers_pass(self, employee, module):
        attempt = submit(employee, module.quiz())
        assert (attempt.correct_count, attempt.question_count, attempt.score) == (5, 5, 100)
        assert attempt.passed

    def test_all_wrong_answers_fail_and_the_review_explains_each_one(self, employee, module):
        attempt = submit(employee, module.quiz(), right=False)
        assert not attempt.passed and attempt.score == 0
        items = quizzes.review(attempt)
        assert [item.correct for item in items] == [False] * 5
        scenario = items[4]
        assert scenario.feedback == "Je neemt de zaak niet over: je helpt de bezoeker zelf verder."
        assert scenario.right_answer == "Van wie is de brief?"
        assert items[2].feedback == "De bezoeker vraagt zelf een DigiD aan."
        assert items[3].right_answer == "Luisteren → Doorvragen → Verwijzen"

    def test_a_missing_answer_is_refused_in_dutch_and_records_nothing(self, employee, module):
        quiz = module.quiz()
        answers = factories.answers(quiz)
        missing_id = next(iter(answers))
        del answers[missing_id]
        with pytest.raises(quizzes.QuizInputError) as error:
            quizzes.grade_attempt(employee, quiz, answers, token=uuid.uuid4())
        assert error.value.errors[int(missing_id)] == "Kies een antwoord."
        assert not QuizAttempt.objects.exists() and not Completion.objects.exists()

    def test_an_answer_id_of_another_question_is_refused(self, employee, index, module):
        quiz = module.quiz()
        other = factories.module(index).quiz()
        answers = factories.answers(quiz)
        single = quiz.ordered_questions()[0]
        foreign_choice = other.ordered_questions()[0].choice_list()[0]
        answers[str(single.pk)] = [str(foreign_choice.pk)]
        with pytest.raises(quizzes.QuizInputError) as error:
            quizzes.grade_attempt(employee, quiz, answers, token=uuid.uuid4())
        assert error.value.errors[single.pk] == "Dit antwoord hoort niet bij deze vraag."
        assert not QuizAttempt.objects.exists()

    def test_answers_to_questions_of_another_quiz_are_refused(self, employee, index, module):
        quiz = module.quiz()
        other = factories.module(index).quiz()
        answers = {**factories.answers(quiz), **factories.answers(other)}
        with pytest.raises(quizzes.QuizInputError) as error:
            quizzes.grade_attempt(employee, quiz, answers, token=uuid.uuid4())
        assert "horen niet bij deze toets" in error.value.errors[None]
        assert not QuizAttempt.objects.exists()

    @pytest.mark.parametrize(
        "values, message",
        [
            (["1:1"], "Dit antwoord hoort niet bij deze vraag."),
            ("duplicate", "Gebruik elke plaats in de volgorde precies één keer."),
            ("partial", "Geef elk onderdeel een plaats in de volgorde."),
            ("superscript", "Geef elk onderdeel een plaats in de volgorde."),
        ],
    )
    def test_an_incomplete_ordering_is_refused(self, employee, module, values, message):
        quiz = module.quiz()
        answers = factories.answers(quiz)
        ordering = quiz.ordered_questions()[3]
        ids = [c.pk for c in ordering.choice_list()]
        if values == "duplicate":
            values = [f"{ids[0]}:1", f"{ids[1]}:1", f"{ids[2]}:2"]
        elif values == "partial":
            values = [f"{ids[0]}:1", f"{ids[1]}:2", f"{ids[2]}:"]
        elif values == "superscript":  # str.isdigit() says yes, int() says no
            values = [f"{ids[0]}:1", f"{ids[1]}:2", f"{ids[2]}:³"]
        else:
            values = [f"{max(ids) + 999}:1"]
        answers[str(ordering.pk)] = values
        with pytest.raises(quizzes.QuizInputError) as error:
            quizzes.grade_attempt(employee, quiz, answers, token=uuid.uuid4())
        assert error.value.errors[ordering.pk] == message

    def test_a_forged_token_is_refused(self, employee, module):
        quiz = module.quiz()
        with pytest.raises(quizzes.QuizInputError) as error:
            quizzes.grade_attempt(employee, quiz, factories.answers(quiz), token="niet-een-code")
        assert "verlopen" in error.value.errors[None]

    def test_a_double_submit_records_one_attempt(self, employee, module):
        token = uuid.uuid4()
        first = submit(employee, module.quiz(), right=False, token=token)
        second = submit(employee, module.quiz(), right=True, token=token)
        assert first.pk == second.pk and not second.passed
        assert QuizAttempt.objects.count() == 1

    def test_the_attempts_run_out(self, employee, index):
        module = factories.module(index, max_attempts=2)
        submit(employee, module.quiz(), right=False)
        submit(employee, module.quiz(), right=False)
        with pytest.raises(quizzes.QuizInputError) as error:
            submit(employee, module.quiz(), right=True)
        assert "alle pogingen" in error.value.errors[None]
        assert QuizAttempt.objects.count() == 2


class TestCompletion:
    def test_passing_the_quiz_before_the_lessons_does_not_complete(self, employee, module):
        submit(employee, module.quiz())
        assert not Completion.objects.exists()
        finish_lessons(employee, module)
        assert Completion.objects.filter(user=employee, module=module).count() == 1

    def test_lessons_without_a_passed_quiz_do_not_complete(self, employee, module):
        finish_lessons(employee, module)
        submit(employee, module.quiz(), right=False)
        assert not Completion.objects.exists()

    @time_machine.travel(datetime.datetime(2026, 1, 31, 12, tzinfo=datetime.UTC), tick=False)
    def test_completion_is_valid_for_the_modules_months(self, employee, index):
        module = factories.module(index, validity_months=1)
        finish_lessons(employee, module)
        submit(employee, module.quiz())
        completion = Completion.objects.get()
        assert completion.valid_until == datetime.date(2026, 2, 28)
        assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)

    @pytest.mark.parametrize(
        ("moment", "completed_on", "valid_until", "valid_until_text"),
        [
            # 00:30 Dutch time (UTC+1) on 1 February, while UTC still says 31 January
            ((2026, 1, 31, 23, 30), "1 februari 2026", datetime.date(2026, 3, 1), "1 maart 2026"),
            # 00:30 on the night summer time starts (the clocks go forward at 02:00)
            ((2026, 3, 28, 23, 30), "29 maart 2026", datetime.date(2026, 4, 29), "29 april 2026"),
            # 00:30 summer time (UTC+2) on the night it ends
            (
                (2026, 10, 24, 22, 30),
                "25 oktober 2026",
                datetime.date(2026, 11, 25),
                "25 november 2026",
            ),
        ],
    )
    def test_a_completion_just_after_midnight_counts_from_the_dutch_date(
        self, employee, index, moment, completed_on, valid_until, valid_until_text
    ):
        module = factories.module(index, validity_months=1)
        with time_machine.travel(datetime.datetime(*moment, tzinfo=datetime.UTC), tick=False):
            finish_lessons(employee, module)
            submit(employee, module.quiz())
        completion = Completion.objects.get()
        assert completion.valid_until == valid_until
        text = pdf_text(certificates.pdf_bytes(Certificate.objects.get()))
        assert f"Afgerond op {completed_on}" in text
        assert f"Geldig tot {valid_until_text}" in text

    def test_completion_issues_a_certificate_and_its_pdf_after_commit(
        self, employee, module, django_capture_on_commit_callbacks
    ):
        finish_lessons(employee, module)
        with django_capture_on_commit_callbacks(execute=True):
            submit(employee, module.quiz())
        certificate = Certificate.objects.get()
        assert len(certificate.code) == 12 and certificate.holder_name
        certificate.refresh_from_db()
        assert certificate.file.name.endswith(".pdf")
        assert certificates.pdf_bytes(certificate).startswith(b"%PDF")
        assert Message.objects.filter(kind="learning.certificate", recipient=employee.email)

    def test_a_refresher_after_completion_adds_a_new_completion(self, employee, index):
        module = factories.module(index, validity_months=12)
        finish_lessons(employee, module)
        submit(employee, module.quiz())
        submit(employee, module.quiz())
        assert Completion.objects.filter(user=employee, module=module).count() == 2
        assert Certificate.objects.count() == 2


class TestVerification:
    @pytest.fixture
    def certificate(self, employee, index):
        module = factories.module(index, validity_months=12)
        finish_lessons(employee, module)
        submit(employee, module.quiz())
        return Certificate.objects.get()

    def test_a_valid_code_is_valid_however_it_is_typed(self, certificate):
        typed = certificate.display_code.lower().replace("-", " ")
        result = certificates.verify(typed)
        assert result.status == certificates.VALID and result.certificate == certificate

    def test_an_expired_code_says_expired(self, certificate):
        later = certificate.completion.valid_until + datetime.timedelta(days=1)
        assert certificates.verify(certificate.code, on=later).status == certificates.EXPIRED

    @pytest.mark.parametrize("code", ["", "ABCD-EFGH-JKLM", "' OR 1=1 --", "x" * 500])
    def test_a_forged_code_is_unknown(self, certificate, code):
        assert certificates.verify(code).status == certificates.UNKNOWN


class TestPaths:
    def test_a_path_is_complete_when_every_module_part_is_validly_completed(self, employee, index):
        first = factories.module(index, validity_months=12)
        second = factories.module(index, kind="privacy")
        path = factories.learning_path(index, [first, second])
        for module in (first, second):
            finish_lessons(employee, module)
            submit(employee, module.quiz())
            assert paths.path_status(employee, path)[1] is (module == second)
        far = timezone.localdate() + datetime.timedelta(days=800)
        assert paths.path_status(employee, path, on=far)[1] is False


class TestReminders:
    @pytest.fixture
    def expiring(self, employee, index):
        module = factories.module(index, validity_months=12)
        finish_lessons(employee, module)
        submit(employee, module.quiz())
        return Completion.objects.get()

    def test_the_expiry_reminder_is_sent_once(self, expiring):
        day = expiring.valid_until - datetime.timedelta(days=10)
        assert reminders.send_expiry_reminders(on=day) == 1
        assert reminders.send_expiry_reminders(on=day) == 0
        assert reminders.send_expiry_reminders(on=day + datetime.timedelta(days=1)) == 0
        assert Message.objects.filter(kind="learning.reminder.expiring").count() == 1

    def test_no_reminder_long_before_expiry_and_one_expired_notice_after_it(self, expiring):
        long_before = expiring.valid_until - datetime.timedelta(days=90)
        assert reminders.send_expiry_reminders(on=long_before) == 0
        after = expiring.valid_until + datetime.timedelta(days=2)
        assert reminders.send_expiry_reminders(on=after) == 1
        assert reminders.send_expiry_reminders(on=after) == 0
        assert list(
            Message.objects.values_list("kind", flat=True).filter(kind__contains="rem")
        ) == ["learning.reminder.expired"]

    def test_a_renewed_completion_is_not_reminded(self, employee, expiring):
        day = expiring.valid_until - datetime.timedelta(days=10)
        with time_machine.travel(day - datetime.timedelta(days=30)):
            submit(employee, expiring.module.quiz())  # the refresher, a month ahead
        assert reminders.send_expiry_reminders(on=day) == 0

    def test_the_coordinator_digest_goes_once_a_week(self, users, expiring):
        from ido_platform.core.models import Role

        coordinator = users[Role.COORDINATOR]
        day = expiring.valid_until - datetime.timedelta(days=20)
        assert reminders.send_coordinator_digests(on=day) == 1
        assert reminders.send_coordinator_digests(on=day) == 0
        message = Message.objects.get(kind="learning.digest")
        assert message.recipient == coordinator.email
        assert expiring.module.title in message.body
        assert reminders.send_coordinator_digests(on=day + datetime.timedelta(days=7)) == 1


def test_progress_rows_are_unique_per_employee_and_module(employee, module):
    lesson = module.lessons().first()
    progress.record_lesson_opened(employee, lesson)
    progress.record_lesson_opened(employee, lesson)
    assert ModuleProgress.objects.filter(user=employee, module=module).count() == 1
