"""Learning paths: a path is complete when every part is. A module part counts when the
employee holds a completion that is valid today; a classroom part (a staff course of the
course-run engine) when the employee has a completed enrolment in one of its runs."""

from django.db.models import IntegerField, Q, Subquery, Value

from courses.learning.models import Completion, LearningPathPage, LearningPathPart
from courses.runs.models import Enrolment

from . import classroom
from .status import today


def basic_path():
    """The live learning path marked as the basic training, or None."""
    return LearningPathPage.objects.live().filter(is_basic_training=True).order_by("path").first()


def _parts():
    return LearningPathPart.objects.select_related("module", "course_page").order_by(
        "path_id", "sort_order", "pk"
    )


def parts_of(path):
    return list(_parts().filter(path=path))


def basic_path_parts():
    """The parts of the live basic-training path, in one query ([] when there is none)."""
    basic = (
        LearningPathPage.objects.live()
        .filter(is_basic_training=True)
        .order_by("path")
        .values("pk")[:1]
    )
    return list(_parts().filter(path_id=Subquery(basic)))


_MODULE, _COURSE = 0, 1


def done_parts(parts, users, *, on=None):
    """{(part id, user id)} for every part each user has done. ``users`` is a queryset or a
    list of user ids; the cost is one query whatever the number of users and parts (the
    valid completions and the completed classroom courses, as one UNION)."""
    on = on or today()
    module_ids = {part.module_id for part in parts if part.module_id}
    course_ids = {part.course_page_id for part in parts if part.course_page_id}
    selects = []
    if module_ids:
        selects.append(
            Completion.objects.filter(
                Q(valid_until__isnull=True) | Q(valid_until__gte=on),
                user__in=users,
                module_id__in=module_ids,
            )
            .annotate(kind=Value(_MODULE, output_field=IntegerField()))
            .order_by()
            .values_list("user_id", "module_id", "kind")
        )
    if course_ids:
        selects.append(
            Enrolment.objects.filter(
                user__in=users,
                run__course_id__in=course_ids,
                status=Enrolment.Status.COMPLETED,
            )
            .annotate(kind=Value(_COURSE, output_field=IntegerField()))
            .order_by()
            .values_list("user_id", "run__course_id", "kind")
        )
    if not selects:
        return set()
    first, *others = selects
    rows = first.union(*others) if others else first.distinct()
    parts_for = {}
    for part in parts:
        if part.module_id:
            parts_for.setdefault((_MODULE, part.module_id), []).append(part.pk)
        else:
            parts_for.setdefault((_COURSE, part.course_page_id), []).append(part.pk)
    return {
        (part_id, user_id)
        for user_id, target_id, kind in rows
        for part_id in parts_for.get((kind, target_id), ())
    }


def users_with_completed_parts(parts, users, *, on=None):
    """The ids of the users (queryset or ids) who have done every one of ``parts``."""
    if not parts:
        return set()
    per_user = {}
    for _part_id, user_id in done_parts(parts, users, on=on):
        per_user[user_id] = per_user.get(user_id, 0) + 1
    return {user_id for user_id, count in per_user.items() if count == len(parts)}


def users_with_completed_path(path, users, *, on=None):
    """The ids of the users (queryset or ids) who have done every part of ``path``."""
    return users_with_completed_parts(parts_of(path), users, on=on)


def path_statuses(user, learning_paths, *, on=None):
    """{path id: ([(part, done)], complete)} for one employee and several paths, in two
    queries whatever their number (the parts, and what the employee has done)."""
    learning_paths = list(learning_paths)
    parts = list(_parts().filter(path__in=learning_paths)) if learning_paths else []
    done = done_parts(parts, [user.pk], on=on) if user.is_authenticated and parts else set()
    result = {path.pk: ([], False) for path in learning_paths}
    for part in parts:
        result[part.path_id][0].append((part, (part.pk, user.pk) in done))
    return {
        path_id: (rows, bool(rows) and all(is_done for _part, is_done in rows))
        for path_id, (rows, _complete) in result.items()
    }


def path_status(user, path, *, on=None):
    """[(part, done)] and whether the whole path is complete, for one employee."""
    return path_statuses(user, [path], on=on)[path.pk]


def path_context(user, path):
    rows, complete = path_status(user, path)
    return {
        "part_rows": rows,
        "path_complete": complete,
        "classroom": classroom.sessions_for_parts(user, [part for part, _done in rows]),
    }
