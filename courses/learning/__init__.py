"""E-learning for IDO staff: modules, lessons, quizzes, progress, certificates, learning
paths and refreshers. A Django app of its own (label ``learning``) inside ``courses/``, so
its migrations stay apart from the course-run engine it reuses for classroom training."""
