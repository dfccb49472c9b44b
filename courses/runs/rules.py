"""Access rules for course runs and enrolments (django-rules autodiscovers this module).

A coordinator manages the runs at their own library organisation's locations and the people
in them; national admins see everything. Citizens have no accounts: they reach their own
enrolment only through signed links. The staff training app may add rules for its users.
"""

from ido_platform.core.models import Role
from ido_platform.core.permissions import (
    SCOPES,
    add_model_rules,
    coordinates,
    is_coordinator,
    is_national,
    organisation_ids,
)

manages_courses = is_national | coordinates


add_model_rules(
    "courses.courserun",
    view=manages_courses,
    add=is_national | is_coordinator,
    change=manages_courses,
    delete=is_national,
)
add_model_rules(
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
