"""Courses: the catalogue pages and the course-run engine (runs, meetings, enrolments)."""

from .pages import CourseIndexPage, CoursePage
from .runs import Attendance, CourseRun, Enrolment, EnrolmentEvent, Meeting, MeetingReminder

__all__ = [
    "Attendance",
    "CourseIndexPage",
    "CoursePage",
    "CourseRun",
    "Enrolment",
    "EnrolmentEvent",
    "Meeting",
    "MeetingReminder",
]
