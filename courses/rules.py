"""Access rules for course runs and enrolments (django-rules autodiscovers this module).

A coordinator manages the runs at their own library organisation's locations and the people
in them; national admins see everything. Citizens have no accounts: they reach their own
enrolment only through signed links. The staff training app may add rules for its users.
"""

import rules

from ido_platform.models import Role
from ido_platform.permissions import (
    SCOPES,
    coordinates,
    is_coordinator,
    is_national,
    organisation_ids,
)

manages_courses = is_national | coordinates


def _add(label, *, view, add, change, delete):
    app_label, model_name = label.split(".")
    rules.add_perm(f"{app_label}.view_{model_name}", view)
    rules.add_perm(f"{app_label}.add_{model_name}", add)
    rules.add_perm(f"{app_label}.change_{model_name}", change)
    rules.add_perm(f"{app_label}.delete_{model_name}", delete)


_add(
    "courses.courserun",
    view=manages_courses,
    add=is_national | is_coordinator,
    change=manages_courses,
    delete=is_national,
)
_add(
    "courses.enrolment",
    view=manages_courses,
    add=manages_courses,
    change=manages_courses,
    delete=is_national,
)


def _own_runs(user, queryset):
    return queryset.filter(location__organisation_id__in=organisation_ids(user, Role.COORDINATOR))


def _own_enrolments(user, queryset):
    return queryset.filter(
        run__location__organisation_id__in=organisation_ids(user, Role.COORDINATOR)
    )


for _action in ("view", "change", "delete"):
    SCOPES[("courses.courserun", _action)] = _own_runs
    SCOPES[("courses.enrolment", _action)] = _own_enrolments
