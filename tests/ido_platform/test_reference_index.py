"""Operational records stay out of Wagtail's reference index: it serves the admin's "usage"
of pages, images and documents, and indexing every enrolment, answer or quiz attempt would
add writes to each of them (even to a GET that only remembers the last lesson opened)."""

import pytest

from wagtail.models import ReferenceIndex

from assessments.models import Answer, AuditEvent, AuditRevision, ThemeScore
from courses.learning.models import (
    AttemptGrant,
    Certificate,
    Completion,
    LessonCompletion,
    ModuleProgress,
    QuizAttempt,
)
from courses.runs.models import Attendance, CourseRun, Enrolment, EnrolmentEvent, MeetingReminder
from ido_platform.core.models import Message


@pytest.mark.parametrize(
    "model",
    [
        ModuleProgress,
        LessonCompletion,
        QuizAttempt,
        AttemptGrant,
        Completion,
        Certificate,
        Enrolment,
        Attendance,
        MeetingReminder,
        EnrolmentEvent,
        Answer,
        ThemeScore,
        AuditEvent,
        AuditRevision,
        Message,
    ],
)
def test_records_are_not_indexed(model):
    assert not ReferenceIndex.model_is_indexable(model)


def test_content_that_uses_pages_still_is():
    # A course run shows up under its course page's "usage" in the admin.
    assert ReferenceIndex.model_is_indexable(CourseRun)
