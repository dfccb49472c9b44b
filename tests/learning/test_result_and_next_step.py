"""The module's button leads where it says (the first unfinished step), and a quiz result
shows the right answers only when they can no longer be copied into the next attempt."""

import uuid

import pytest

from django.urls import reverse

from courses.learning.services import progress
from tests.learning import factories

pytestmark = pytest.mark.django_db


def result_of_wrong_attempt(client, quiz):
    data = {f"vraag-{key}": values for key, values in factories.answers(quiz, right=False).items()}
    for question in quiz.ordered_questions():
        name = f"vraag-{question.pk}"
        if type(question).__name__ == "OrderingQuestion":
            for value in data.pop(name):
                choice_id, position = value.split(":")
                data[f"{name}-plaats-{choice_id}"] = position
    data["token"] = str(uuid.uuid4())
    response = client.post(reverse("learning:submit_quiz", args=[quiz.pk]), data)
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


class TestTheModuleButton:
    def test_nothing_done_begins_at_the_first_lesson_even_after_opening_a_later_one(
        self, client, employee, index
    ):
        module = factories.module(index, lessons=3)
        first, _second, third = module.lessons()
        progress.record_lesson_opened(employee, third)
        client.force_login(employee)

        html = client.get(module.url).content.decode()

        assert "Voortgang: 0 van 4 stappen" in html
        assert f'<a class="button" href="{first.url}">Begin met de eerste les</a>' in html

    def test_after_the_first_lesson_it_continues_at_the_first_unfinished_one(
        self, client, employee, index
    ):
        module = factories.module(index, lessons=3)
        first, second, third = module.lessons()
        progress.record_lesson_done(employee, first)
        progress.record_lesson_opened(employee, third)
        client.force_login(employee)

        html = client.get(module.url).content.decode()

        assert f'<a class="button" href="{second.url}">Ga verder met {second.title}</a>' in html

    def test_with_every_lesson_done_it_leads_to_the_quiz(self, client, employee, index):
        module = factories.module(index, lessons=1)
        progress.record_lesson_done(employee, module.lessons().first())
        client.force_login(employee)

        html = client.get(module.url).content.decode()

        assert f'<a class="button" href="{module.quiz().url}">Naar de toets</a>' in html


class TestTheQuizResult:
    def test_with_attempts_left_it_shows_what_was_wrong_and_feedback_not_the_answers(
        self, client, employee, index
    ):
        module = factories.module(index, max_attempts=3)
        client.force_login(employee)

        html = result_of_wrong_attempt(client, module.quiz())

        assert "Nog niet geslaagd" in html and ": fout</h3>" in html
        assert "De RDW registreert voertuigen." in html  # feedback on the option chosen
        assert "Het goede antwoord:" not in html
        assert "Het CJIB" not in html  # the right option of the first question

    def test_with_no_attempts_left_it_shows_the_right_answers(self, client, employee, index):
        module = factories.module(index, max_attempts=1)
        client.force_login(employee)

        html = result_of_wrong_attempt(client, module.quiz())

        assert "Het goede antwoord:" in html and "Het CJIB" in html

    def test_once_passed_it_shows_the_right_answers(self, client, employee, index):
        module = factories.module(index, max_attempts=3)
        quiz = module.quiz()
        client.force_login(employee)
        data = {
            f"vraag-{key}": values for key, values in factories.answers(quiz, right=True).items()
        }
        for question in quiz.ordered_questions():
            name = f"vraag-{question.pk}"
            if type(question).__name__ == "OrderingQuestion":
                for value in data.pop(name):
                    choice_id, position = value.split(":")
                    data[f"{name}-plaats-{choice_id}"] = position
        data["token"] = str(uuid.uuid4())
        response = client.post(reverse("learning:submit_quiz", args=[quiz.pk]), data)
        html = client.get(response["Location"]).content.decode()

        assert "Geslaagd!" in html
        assert "Bij een fout antwoord zie je uitleg, niet het goede antwoord" not in html
