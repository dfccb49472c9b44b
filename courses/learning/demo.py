"""Demo data for staff e-learning: the catalogue at /leren/ with six modules (content in
demo_content.py), the basic learning path, a moderation workflow for editors, extra demo
employees at kopgroep libraries, and their progress so dashboards are not empty.
Every step is idempotent: a second run changes nothing."""

import datetime
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from wagtail.models import (
    GroupApprovalTask,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

from courses.learning.models import (
    QUESTION_TYPES,
    Certificate,
    Choice,
    Completion,
    LearningPathPage,
    LearningPathPart,
    LessonPage,
    ModuleIndexPage,
    ModuleProgress,
    MultipleChoiceQuestion,
    OrderingQuestion,
    QuizAttempt,
    QuizPage,
    ScenarioQuestion,
    SingleChoiceQuestion,
    TrainingModulePage,
    TrueFalseQuestion,
)
from courses.learning.services import completion as completion_service
from courses.learning.services import progress, quizzes
from courses.runs.models import CourseIndexPage, CoursePage, CourseRun, Meeting
from courses.runs.services import attendance as attendance_service
from courses.runs.services import enrolment as enrolment_service
from ido_platform.core import demo, people
from ido_platform.core.holidays import next_working_day
from ido_platform.core.models import (
    HomePage,
    LibraryOrganisation,
    Location,
    Membership,
    Role,
    ServiceProvider,
    Topic,
)

from .demo_content import BASIC_PATH, MODULES
from .services.status import add_months

# (username, first name, last name, library slug)
DEMO_STAFF = [
    ("sanne.venlo", "Sanne", "Hermans", "venlo"),
    ("joost.venlo", "Joost", "Peeters", "venlo"),
    ("fatima.rotterdam", "Fatima", "El Amrani", "rotterdam"),
    ("bram.rotterdam", "Bram", "de Jong", "rotterdam"),
    ("eva.rotterdam", "Eva", "Mulder", "rotterdam"),
    ("henk.hengelo", "Henk", "Wolters", "hengelo"),
    ("lisa.hengelo", "Lisa", "Nijhuis", "hengelo"),
    ("tjitske.leeuwarden", "Tjitske", "de Boer", "dbieb-leeuwarden"),
    ("sem.leeuwarden", "Sem", "Postma", "dbieb-leeuwarden"),
    ("noor.breda", "Noor", "van Dijk", "nieuwe-veste"),
    ("daan.breda", "Daan", "Verhoeven", "nieuwe-veste"),
    ("ilse.tiel", "Ilse", "van Wijk", "rivierenland"),
]

# Progress profiles, by position in DEMO_STAFF (cycled): module slug → state.
PROFILES = [
    {
        "doorvragen": "done",
        "zakelijke-empathie": "done",
        "belastingdienst-en-toeslagen": "done",
        "privacy-in-het-ido": "done",
        "cjib": "done",
    },
    {"doorvragen": "done", "zakelijke-empathie": "progress"},
    {
        "doorvragen": "done",
        "zakelijke-empathie": "done",
        "belastingdienst-en-toeslagen": "done",
        "privacy-in-het-ido": "expired",
    },
    {"doorvragen": "done", "belastingdienst-en-toeslagen": "expiring", "duo": "progress"},
    {},
    {"privacy-in-het-ido": "done", "doorvragen": "progress"},
]
OWN_PROFILE = {"doorvragen": "done", "cjib": "progress"}  # the demo account "medewerker"

QUESTION_KINDS = {  # the demo content's question kinds
    "single": SingleChoiceQuestion,
    "multi": MultipleChoiceQuestion,
    "scenario": ScenarioQuestion,
}


def load():
    with transaction.atomic():
        home = HomePage.objects.first()
        index = load_catalogue(home)
        modules = {spec["slug"]: load_module(index, spec) for spec in MODULES}
        skills_course = load_skills_course(home)
        load_basic_path(index, modules, skills_course)
        load_workflow(index)
    staff = load_staff()
    with transaction.atomic():
        load_progress(staff, modules)
        if skills_course is not None:
            load_sessions(skills_course, staff)
    return {"catalogue": index, "modules": modules, "skills_course": skills_course}


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)


def load_catalogue(home):
    existing = ModuleIndexPage.objects.first()
    if existing is not None:
        return existing
    return _publish(
        home,
        ModuleIndexPage(
            title="Training voor medewerkers",
            slug="leren",
            intro="<p>E-learning voor medewerkers van het informatiepunt: gesprekstechniek, "
            "privacy en de organisaties waarnaar je verwijst. Je voortgang wordt bewaard.</p>",
        ),
    )


def load_module(index, spec):
    existing = TrainingModulePage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    module = TrainingModulePage(
        title=spec["title"],
        slug=spec["slug"],
        kind=spec["kind"],
        intro=spec["intro"],
        learning_goals=spec["goals"],
        estimated_minutes=spec["minutes"],
        topic=Topic.objects.filter(slug=spec["topic"]).first() if spec["topic"] else None,
        validity_months=spec["validity"],
    )
    module.service_providers = list(ServiceProvider.objects.filter(slug__in=spec["providers"]))
    module = _publish(index, module)
    for number, (title, intro, body) in enumerate(spec["lessons"], start=1):
        _publish(
            module,
            LessonPage(
                title=title,
                slug=f"les-{number}",
                intro=intro,
                body=body,
                estimated_minutes=max(5, spec["minutes"] // (len(spec["lessons"]) + 1)),
            ),
        )
    quiz = _publish(
        module,
        QuizPage(
            title=f"Toets: {spec['title']}",
            slug="toets",
            intro="Beantwoord alle vragen. Na het inleveren zie je per vraag wat goed was.",
            pass_mark=75,
            max_attempts=3,
        ),
    )
    for order, question in enumerate(spec["quiz"], start=1):
        load_question(quiz, order, question)
    return module


def load_question(quiz, order, spec):
    kind = spec[0]
    if kind == "tf":
        _kind, text, is_true, explanation = spec
        _publish_question(
            TrueFalseQuestion.objects.create(
                quiz=quiz,
                text=text,
                statement_is_true=is_true,
                explanation=explanation,
                sort_order=order,
            )
        )
        return
    if kind == "order":
        _kind, text, steps = spec
        question = OrderingQuestion.objects.create(
            quiz=quiz,
            text=text,
            sort_order=order,
            explanation="De goede volgorde: " + " → ".join(steps) + ".",
        )
        for position, step in enumerate(steps, start=1):
            Choice.objects.create(
                question=question, text=step, is_correct=True, sort_order=position
            )
        _publish_question(question)
        return
    if kind == "scenario":
        _kind, situation, text, choices = spec
        question = ScenarioQuestion.objects.create(
            quiz=quiz, situation=situation, text=text, sort_order=order
        )
    else:
        _kind, text, choices, explanation = spec
        question = QUESTION_KINDS[kind].objects.create(
            quiz=quiz, text=text, explanation=explanation, sort_order=order
        )
    for position, (choice, correct, feedback) in enumerate(choices, start=1):
        Choice.objects.create(
            question=question,
            text=choice,
            is_correct=correct,
            feedback=feedback,
            sort_order=position,
        )
    _publish_question(question)


def _publish_question(question):
    """The demo's questions are live with a first revision, as if the reviewing group had
    approved them (their history starts there)."""
    question.save_revision(log_action=True).publish()


SKILLS_COURSE = {
    "title": "IDO-vaardigheidstraining",
    "summary": "Een dagdeel oefenen met een trainingsacteur: doorvragen en zakelijke empathie "
    "in echte gesprekken. Voor medewerkers van het informatiepunt, hooguit 16 per groep.",
    "who_for": "Medewerkers van het informatiepunt die de e-learning Doorvragen en Zakelijke "
    "empathie hebben gedaan.",
    "format_description": "Eén bijeenkomst van 3 uur in de bibliotheek, met een trainingsacteur.",
    "provider": "SPN en de provinciale ondersteuningsinstellingen",
}
# (location slug, weeks from now; negative = already held)
SKILLS_SESSIONS = [("venlo", -8), ("rotterdam", -6), ("venlo", 3), ("rotterdam", 4), ("hengelo", 5)]


def load_skills_course(home):
    """The staff course of the course-run engine for the classroom part (if that app's
    course overview exists)."""

    course_index = CourseIndexPage.objects.first()
    if course_index is None:
        return None
    existing = CoursePage.objects.filter(slug="vaardigheidstraining").first()
    if existing is not None:
        return existing
    return _publish(
        course_index,
        CoursePage(
            slug="vaardigheidstraining", audience=CoursePage.Audience.STAFF, **SKILLS_COURSE
        ),
    )


def load_basic_path(index, modules, skills_course):
    path = LearningPathPage.objects.filter(slug=BASIC_PATH["slug"]).first()
    if path is None:
        path = LearningPathPage(
            title=BASIC_PATH["title"],
            slug=BASIC_PATH["slug"],
            intro=BASIC_PATH["intro"],
            is_basic_training=True,
        )
        index.add_child(instance=path)
        for position, slug in enumerate(BASIC_PATH["modules"]):
            LearningPathPart.objects.create(path=path, module=modules[slug], sort_order=position)
        LearningPathPart.objects.create(
            path=path,
            module=modules[BASIC_PATH["last"]],
            sort_order=20,
            description="Vaak een half jaar na de opening van het informatiepunt.",
        )
        path.save_revision().publish()
    if skills_course is not None and not path.parts.filter(course_page=skills_course).exists():
        LearningPathPart.objects.create(
            path=path,
            course_page=skills_course,
            sort_order=10,
            description="Klassikaal, met een trainingsacteur; hooguit 16 deelnemers per sessie.",
        )


def load_sessions(course, staff):
    """Sessions of 16 seats; employees who finished the e-learning completed a past one."""

    if CourseRun.objects.filter(course=course).exists():
        return
    now = timezone.now()
    for location_slug, weeks in SKILLS_SESSIONS:
        location = Location.objects.filter(slug=location_slug).first()
        if location is None:
            continue
        run = CourseRun.objects.create(
            course=course,
            location=location,
            seats=16,
            teacher="Trainingsacteur van SPN",
            room="Zaal 1",
        )
        # On a working day, never a public holiday (a session in the past, too).
        day = next_working_day(timezone.localdate(now) + datetime.timedelta(weeks=weeks))
        starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(13, 30)))
        Meeting.objects.create(
            run=run, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3)
        )
        run.refresh_from_db()
        if weeks >= 0:
            continue
        trained = [
            user
            for user in staff
            if user.memberships.filter(location=location).exists()
            and Completion.objects.filter(user=user, module__slug="doorvragen").exists()
        ]
        enrolled = [
            enrolment_service.enrol(run, user=user, allow_closed=True, notify=False).enrolment
            for user in trained
        ]
        for meeting in run.meetings.all():  # they came to every session, then completed
            attendance_service.mark(meeting, {e.pk: True for e in enrolled})
        for enrolment in enrolled:
            enrolment_service.complete(enrolment)


def load_workflow(index):
    """Editors' moderation: a module, lesson, quiz or quiz question goes draft → review →
    published."""

    people.ensure_role_groups()
    workflow, _created = Workflow.objects.get_or_create(name="E-learning: review door redactie")
    task = GroupApprovalTask.objects.filter(name="Inhoudelijke review e-learning").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Inhoudelijke review e-learning")
    # Only the reviewing group approves: an editor never approves their own submission.
    task.groups.set(Group.objects.filter(name=people.ROLE_GROUPS[Role.NATIONAL]))
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    # Quiz questions (snippets, assigned per type) follow the same review as the pages.
    for model in QUESTION_TYPES:
        WorkflowContentType.objects.get_or_create(
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
            defaults={"workflow": workflow},
        )


def load_staff():
    """Extra employees at kopgroep libraries; usable passwords only where the settings
    define DEMO_PASSWORD (dev and test)."""
    password = getattr(settings, "DEMO_PASSWORD", None)
    User = get_user_model()
    staff = []
    for username, first_name, last_name, library_slug in DEMO_STAFF:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first_name, "last_name": last_name}
        )
        if created:
            demo.set_demo_password(user, password)
            user.save()
        library = LibraryOrganisation.objects.filter(slug=library_slug).first()
        location = Location.objects.filter(slug=library_slug).first()
        if library is None:
            continue
        Membership.objects.get_or_create(
            user=user,
            organisation=library,
            role=Role.MEDEWERKER,
            defaults={"location": location},
        )
        staff.append(user)
    return staff


def _complete(user, module, *, completed_on=None):
    """Complete ``module`` through the services (every lesson, a passed quiz). A completion
    in the story's past is then moved back whole: the quiz attempt, the completion with its
    validity by the service's own rule, and the certificate's issue date."""

    for lesson in module.lessons():
        progress.record_lesson_done(user, lesson)
    quiz = module.quiz()
    answers = {}
    for question in quiz.ordered_questions():
        answers[str(question.pk)] = _right_answer(question)
    quizzes.grade_attempt(user, quiz, answers, token=uuid.uuid4())
    completion = Completion.objects.filter(user=user, module=module).latest("completed_at")
    if completed_on is None or completed_on == timezone.localdate(completion.completed_at):
        return completion
    at = timezone.make_aware(datetime.datetime.combine(completed_on, datetime.time(11, 0)))
    completion.completed_at = at
    completion.valid_until = completion_service.valid_until_for(module, completed_on)
    completion.save(update_fields=["completed_at", "valid_until"])
    if completion.attempt_id:
        QuizAttempt.objects.filter(pk=completion.attempt_id).update(submitted_at=at)
    Certificate.objects.filter(completion=completion).update(issued_at=at)
    return completion


def _right_answer(question):
    if isinstance(question, TrueFalseQuestion):
        return ["waar" if question.statement_is_true else "niet-waar"]
    choices = question.choice_list()
    if isinstance(question, OrderingQuestion):
        return [f"{choice.pk}:{position}" for position, choice in enumerate(choices, start=1)]
    return [str(choice.pk) for choice in choices if choice.is_correct]


def apply_profile(user, modules, profile):
    """Demo progress. "expiring" and "expired" pick the completion day from which the
    module's validity ends 25 days ahead or ended 35 days ago."""

    today = timezone.localdate()
    for slug, state in profile.items():
        module = modules[slug]
        months = module.validity_months or 0
        if state == "done":
            _complete(user, module, completed_on=today - datetime.timedelta(days=30))
        elif state == "expiring":
            ends = today + datetime.timedelta(days=25)
            _complete(user, module, completed_on=add_months(ends, -months))
        elif state == "expired":
            ends = today - datetime.timedelta(days=35)
            _complete(user, module, completed_on=add_months(ends, -months))
        elif state == "progress":
            first = module.lessons().first()
            progress.record_lesson_done(user, first)


def load_progress(staff, modules):
    """Demo progress, once per employee (an employee with any progress is left alone)."""
    User = get_user_model()
    already = set(ModuleProgress.objects.values_list("user_id", flat=True))
    own = User.objects.filter(username="medewerker").first()
    if own is not None and own.pk not in already:
        apply_profile(own, modules, OWN_PROFILE)
    for position, user in enumerate(staff):
        if user.pk not in already:
            apply_profile(user, modules, PROFILES[position % len(PROFILES)])
