"""Staff e-learning: the catalogue, modules, lessons and quizzes (Wagtail pages), question
types, learning paths, and each employee's progress, attempts, completions and certificates."""

from .pages import (
    LearningPathPage,
    LearningPathPart,
    LessonPage,
    ModuleIndexPage,
    ModuleKind,
    QuizPage,
    TrainingModulePage,
)
from .progress import (
    AttemptGrant,
    Certificate,
    Completion,
    DigestSent,
    LessonCompletion,
    ModuleProgress,
    QuizAttempt,
    ReminderSent,
)
from .questions import (
    QUESTION_TYPES,
    Choice,
    MultipleChoiceQuestion,
    OrderingQuestion,
    Question,
    ScenarioQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)

__all__ = [
    "QUESTION_TYPES",
    "AttemptGrant",
    "Certificate",
    "Choice",
    "Completion",
    "DigestSent",
    "LearningPathPage",
    "LearningPathPart",
    "LessonCompletion",
    "LessonPage",
    "ModuleIndexPage",
    "ModuleKind",
    "ModuleProgress",
    "MultipleChoiceQuestion",
    "OrderingQuestion",
    "Question",
    "QuizAttempt",
    "QuizPage",
    "ReminderSent",
    "ScenarioQuestion",
    "SingleChoiceQuestion",
    "TrainingModulePage",
    "TrueFalseQuestion",
]
