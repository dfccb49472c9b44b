"""The catalogue page: modules grouped by kind with the employee's own status, the learning
paths, and the employee's certificates."""

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

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


def _count(queryset, group_by):
    """A subquery counting the rows of ``queryset`` (0 when there are none)."""
    return Coalesce(
        Subquery(
            queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def with_statuses(modules, user):
    """``modules`` annotated with what ``module_statuses`` reads (and the number of live
    lessons), so the catalogue reads its modules and the employee's status in one query."""
    own_completions = Completion.objects.filter(user=user, module=OuterRef("pk"))
    return modules.annotate(
        has_completion=Exists(own_completions),
        completed_forever=Exists(own_completions.filter(valid_until__isnull=True)),
        latest_valid_until=Subquery(
            own_completions.filter(valid_until__isnull=False)
            .order_by("-valid_until")
            .values("valid_until")[:1]
        ),
        lessons_done=_count(
            LessonCompletion.objects.filter(user=user, module=OuterRef("pk")), "module"
        ),
        has_progress=Exists(ModuleProgress.objects.filter(user=user, module=OuterRef("pk"))),
        lessons_total=_count(
            LessonPage.objects.live().filter(
                path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1
            ),
            "depth",
        ),
    )


def _status_from_annotations(module, on):
    return status_of(
        completed=module.has_completion,
        valid_until=None if module.completed_forever else module.latest_valid_until,
        started=module.has_progress or module.lessons_done > 0,
        on=on,
    )


def catalogue_for(user, index_page):
    on = today()
    modules = list(
        with_statuses(
            TrainingModulePage.objects.live()
            .child_of(index_page)
            .select_related("topic")
            .prefetch_related("service_providers")
            .order_by("path"),
            user,
        )
    )
    groups = []
    for kind, label in ModuleKind.choices:
        items = [
            {
                "module": module,
                "status": _status_from_annotations(module, on),
                "lessons_done": module.lessons_done,
                "lessons_total": module.lessons_total,
            }
            for module in modules
            if module.kind == kind
        ]
        if items:
            groups.append({"kind": kind, "label": label, "items": items})
    learning_paths = []
    path_pages = list(LearningPathPage.objects.live().child_of(index_page).order_by("path"))
    statuses = paths.path_statuses(user, path_pages, on=on)
    for path in path_pages:
        rows, complete = statuses[path.pk]
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
        "today": on,
    }
