"""The catalogue page: modules grouped by kind with the employee's own status, the learning
paths, and the employee's certificates."""

from django.db.models import Count, Max, Q

from courses.learning.models import (
    Certificate,
    Completion,
    LearningPathPage,
    LessonCompletion,
    LessonPage,
    ModuleKind,
    ModuleProgress,
    TrainingModulePage,
)

from . import paths
from .status import status_of, today


def module_statuses(user, module_ids, *, on=None):
    """{module id: (status, lessons done)} for one employee, in three queries."""
    on = on or today()
    completions = {
        row["module_id"]: row
        for row in Completion.objects.filter(user=user, module_id__in=module_ids)
        .values("module_id")
        .annotate(
            latest=Max("valid_until"),
            forever=Count("pk", filter=Q(valid_until__isnull=True)),
        )
    }
    done = dict(
        LessonCompletion.objects.filter(user=user, module_id__in=module_ids)
        .values("module_id")
        .annotate(n=Count("pk"))
        .values_list("module_id", "n")
    )
    started = set(
        ModuleProgress.objects.filter(user=user, module_id__in=module_ids).values_list(
            "module_id", flat=True
        )
    )
    result = {}
    for module_id in module_ids:
        row = completions.get(module_id)
        result[module_id] = (
            status_of(
                completed=row is not None,
                valid_until=None if row is None or row["forever"] else row["latest"],
                started=module_id in started or module_id in done,
                on=on,
            ),
            done.get(module_id, 0),
        )
    return result


def catalogue_for(user, index_page):
    modules = list(
        TrainingModulePage.objects.live()
        .child_of(index_page)
        .select_related("topic")
        .prefetch_related("service_providers")
        .order_by("path")
    )
    lesson_counts = {}
    for path in LessonPage.objects.live().descendant_of(index_page).values_list("path", flat=True):
        parent = path[: -LessonPage.steplen]
        lesson_counts[parent] = lesson_counts.get(parent, 0) + 1
    statuses = module_statuses(user, [module.pk for module in modules])
    groups = []
    for kind, label in ModuleKind.choices:
        items = [
            {
                "module": module,
                "status": statuses[module.pk][0],
                "lessons_done": statuses[module.pk][1],
                "lessons_total": lesson_counts.get(module.path, 0),
            }
            for module in modules
            if module.kind == kind
        ]
        if items:
            groups.append({"kind": kind, "label": label, "items": items})
    learning_paths = []
    for path in LearningPathPage.objects.live().child_of(index_page).order_by("path"):
        rows, complete = paths.path_status(user, path)
        learning_paths.append(
            {
                "path": path,
                "parts_done": sum(1 for _part, done in rows if done),
                "parts_total": len(rows),
                "complete": complete,
            }
        )
    certificates = list(
        Certificate.objects.filter(completion__user=user)
        .select_related("completion__module")
        .order_by("-issued_at")
    )
    return {
        "module_groups": groups,
        "learning_paths": learning_paths,
        "certificates": certificates,
        "today": today(),
    }
