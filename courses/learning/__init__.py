"""E-learning for IDO staff (app label ``learning``): modules, lessons, quizzes, progress,
certificates, learning paths and refreshers. A sibling of the course-run engine
(``courses.runs``), which it uses for classroom training."""
