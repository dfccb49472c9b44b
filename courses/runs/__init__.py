"""The course-run engine and the citizens' journey (app label ``courses``): runs with seats
and a waitlist, meetings, enrolments, attendance, reminders and the open-data API."""
