"""What learners and citizens enrol in: a folder of two sibling Django apps.

- ``courses.runs`` (label ``courses``): the course-run engine (runs, meetings, seats,
  waitlist, attendance) and the citizens' journey for Klik & Tik and Digisterker.
- ``courses.learning`` (label ``learning``): e-learning for IDO staff; its classroom part
  (the vaardigheidstraining) runs on the course-run engine.
"""
