"""Learning paths: a path is complete when every part is. A module part counts when the
employee holds a completion that is valid today; a classroom part (a staff course of the
course-run engine) when the employee has a completed enrolment in one of its runs."""

from django.db.models import Q

from courses.learning.models import Completion, LearningPathPage, LearningPathPart
from courses.runs.models import Enrolment

from .status import today


def basic_path():
    """The live learning path marked as the basic training, or None."""
    return LearningPathPage.objects.live().filter(is_basic_training=True).order_by("path").first()


def parts_of(path):
    return list(
        LearningPathPart.objects.filter(path=path)
        .select_related("module", "course_page")
        .order_by("sort_order", "pk")
    )


def done_parts(parts, users, *, on=None):
    """{(part id, user id)} for every part each user has done. ``users`` is a queryset or a
    list of user ids; the cost is two queries whatever the number of users."""
    on = on or today()
    done = set()
    module_parts = [part for part in parts if part.module_id]
    course_parts = [part for part in parts if part.course_page_id]
    if module_parts:
        valid = set(
            Completion.objects.filter(
                Q(valid_until__isnull=True) | Q(valid_until__gte=on),
                user__in=users,
                module_id__in=[part.module_id for part in module_parts],
            )
            .values_list("user_id", "module_id")
            .distinct()
        )
        for user_id, module_id in valid:
            for part in module_parts:
                if part.module_id == module_id:
                    done.add((part.pk, user_id))
    if course_parts:
        completed = set(
            Enrolment.objects.filter(
                user__in=users,
                run__course_id__in=[part.course_page_id for part in course_parts],
                status=Enrolment.Status.COMPLETED,
            )
            .values_list("user_id", "run__course_id")
            .distinct()
        )
        for user_id, course_id in completed:
            for part in course_parts:
                if part.course_page_id == course_id:
                    done.add((part.pk, user_id))
    return done


def users_with_completed_path(path, users, *, on=None):
    """The ids of the users (queryset or ids) who have done every part of ``path``."""
    parts = parts_of(path)
    if not parts:
        return set()
    done = done_parts(parts, users, on=on)
    per_user = {}
    for _part_id, user_id in done:
        per_user[user_id] = per_user.get(user_id, 0) + 1
    return {user_id for user_id, count in per_user.items() if count == len(parts)}


def path_status(user, path, *, on=None):
    """[(part, done)] and whether the whole path is complete, for one employee."""
    parts = parts_of(path)
    done = done_parts(parts, [user.pk], on=on) if user.is_authenticated else set()
    rows = [(part, (part.pk, user.pk) in done) for part in parts]
    return rows, bool(rows) and all(is_done for _part, is_done in rows)


def path_context(user, path):
    from . import classroom

    rows, complete = path_status(user, path)
    return {
        "part_rows": rows,
        "path_complete": complete,
        "classroom": classroom.sessions_for_parts(user, [part for part, _done in rows]),
    }
