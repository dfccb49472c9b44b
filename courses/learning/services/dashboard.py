"""Dashboards: the coordinator's team matrix (staff × modules, status per cell) with
exports, the quizzes where staff used every attempt (to grant extra ones), and the national
view per organisation and province. Query counts do not grow with the number of staff or
modules."""

import uuid
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from courses.learning.models import (
    Completion,
    LessonCompletion,
    ModuleProgress,
    QuizPage,
    TrainingModulePage,
)
from courses.learning.rules import STAFF_ROLES
from ido_platform.core import formatting
from ido_platform.core.models import LibraryOrganisation, Membership, Province

from . import paths, quizzes
from .status import Status, status_of, today


@dataclass
class StaffRow:
    user_id: int
    name: str
    location: str
    cells: list


def staff_memberships(organisation, *, location_id=None):
    memberships = Membership.objects.filter(
        organisation=organisation, role__in=STAFF_ROLES
    ).select_related("user", "location")
    if location_id:
        memberships = memberships.filter(location_id=location_id)
    return memberships.order_by("user__last_name", "user__first_name", "user__username")


def team_matrix(organisation, *, location_id=None, module_id=None, on=None, live_modules=None):
    """Staff of ``organisation`` (optionally one location) × live modules (optionally one),
    with a status per cell. Four queries whatever the size; three when the caller already
    has ``live_modules`` (every live module in path order, with ``title`` and ``path``)."""
    on = on or today()
    if live_modules is None:
        live_modules = TrainingModulePage.objects.live().order_by("path")
        live_modules = live_modules.only("pk", "title", "path")
    modules = [module for module in live_modules if not module_id or module.pk == module_id]
    staff = {}
    for membership in staff_memberships(organisation, location_id=location_id):
        if membership.user_id not in staff:
            user = membership.user
            staff[membership.user_id] = (
                formatting.person_name(user),
                str(membership.location.name) if membership.location else "",
            )
    in_team = Q(user__memberships__organisation=organisation) & Q(
        user__memberships__role__in=STAFF_ROLES
    )
    module_ids = [module.pk for module in modules]
    completions = {
        (row["user_id"], row["module_id"]): row
        for row in Completion.objects.filter(in_team, module_id__in=module_ids)
        .values("user_id", "module_id")
        .annotate(
            latest=Max("valid_until"), forever=Count("pk", filter=Q(valid_until__isnull=True))
        )
    }
    started = set(
        ModuleProgress.objects.filter(in_team, module_id__in=module_ids)
        .values_list("user_id", "module_id")
        .order_by()
        .union(
            LessonCompletion.objects.filter(in_team, module_id__in=module_ids)
            .values_list("user_id", "module_id")
            .order_by()
        )
    )
    rows = []
    totals = {status: 0 for status in Status.values}
    for user_id, (name, location) in staff.items():
        cells = []
        for module in modules:
            row = completions.get((user_id, module.pk))
            status = status_of(
                completed=row is not None,
                valid_until=None if row is None or row["forever"] else row["latest"],
                started=(user_id, module.pk) in started,
                on=on,
            )
            totals[status] += 1
            cells.append(status)
        rows.append(StaffRow(user_id, name, location, cells))
    return {
        "modules": modules,
        "rows": rows,
        "totals": [(Status(status).label, totals[status]) for status in Status.values],
    }


@dataclass
class UsedUpQuiz:
    """An employee who used every attempt at a module's quiz: a row with a grant form."""

    user_id: int
    name: str
    module: TrainingModulePage
    quiz: QuizPage
    used: int
    limit: int
    form_token: uuid.UUID = field(default_factory=uuid.uuid4)
    submitted: dict | None = None  # the values of a refused grant, to show them again

    @property
    def key(self):
        return f"{self.user_id}-{self.quiz.pk}"


def used_up_quizzes(matrix, *, exclude_user_id=None):
    """The staff and modules of a team matrix where every attempt at the quiz is used
    without passing, in the matrix's order. ``exclude_user_id`` leaves out the viewer
    (nobody grants themselves an attempt). Three queries whatever the size."""
    modules = {module.path: module for module in matrix["modules"]}
    module_quizzes = {}
    quiz_pages = (
        QuizPage.objects.live()
        .order_by("path")
        .only("pk", "title", "path", "url_path", "max_attempts")
    )
    for quiz in quiz_pages:
        module = modules.get(quiz.path[: -TrainingModulePage.steplen])
        if module is not None:
            module_quizzes.setdefault(module.pk, quiz)  # the module's first quiz, as module.quiz()
    rows = [row for row in matrix["rows"] if row.user_id != exclude_user_id]
    found = quizzes.used_up([row.user_id for row in rows], module_quizzes)
    result = []
    for row in rows:
        for module in matrix["modules"]:
            if (row.user_id, module.pk) in found:
                used, limit = found[(row.user_id, module.pk)]
                result.append(
                    UsedUpQuiz(
                        row.user_id, row.name, module, module_quizzes[module.pk], used, limit
                    )
                )
    return result


def matrix_table(matrix):
    """Header and rows of plain text, for CSV and XLSX."""
    header = [_("Medewerker"), _("Locatie"), *[str(module.title) for module in matrix["modules"]]]
    body = [
        [row.name, row.location, *[str(Status(status).label) for status in row.cells]]
        for row in matrix["rows"]
    ]
    return header, body


def national_overview(*, on=None):
    """Per library organisation and per province: staff, staff with a valid basic training,
    and the share. Four queries whatever the size."""
    on = on or today()
    path = paths.basic_path()
    staff_pairs = set(
        Membership.objects.filter(
            role__in=STAFF_ROLES, organisation__in=LibraryOrganisation.objects.all()
        ).values_list("organisation_id", "user_id")
    )
    trained = set()
    if path is not None:
        staff_users = Membership.objects.filter(role__in=STAFF_ROLES).values("user_id")
        trained = paths.users_with_completed_path(path, staff_users, on=on)
    organisations = {
        organisation.pk: organisation
        for organisation in LibraryOrganisation.objects.only("pk", "name", "province", "slug")
    }
    per_org = {}
    for organisation_id, user_id in staff_pairs:
        counts = per_org.setdefault(organisation_id, [0, 0])
        counts[0] += 1
        counts[1] += user_id in trained
    org_rows, per_province = [], {}
    for organisation_id, (staff, valid) in per_org.items():
        organisation = organisations[organisation_id]
        org_rows.append(
            {
                "organisation": organisation,
                "province": organisation.get_province_display(),
                "staff": staff,
                "trained": valid,
                "share": valid / staff if staff else 0,
            }
        )
        counts = per_province.setdefault(organisation.province, [0, 0])
        counts[0] += staff
        counts[1] += valid
    org_rows.sort(key=lambda row: row["organisation"].name)
    province_rows = [
        {
            "province": Province(code).label if code in Province.values else _("Onbekend"),
            "staff": staff,
            "trained": valid,
            "share": valid / staff if staff else 0,
            "percent": round(100 * valid / staff) if staff else 0,
        }
        for code, (staff, valid) in sorted(per_province.items())
    ]
    return {
        "path": path,
        "organisations": org_rows,
        "provinces": province_rows,
        "chart": bar_chart(province_rows),
    }


def bar_chart(rows, *, bar_width=400, row_height=36):
    """Geometry for a server-rendered horizontal bar chart (inline SVG): one bar per row."""
    bars = [
        {
            "label": row["province"],
            "percent": row["percent"],
            "y": index * row_height,
            "width": round(bar_width * row["percent"] / 100),
            "value_x": 210 + round(bar_width * row["percent"] / 100),
        }
        for index, row in enumerate(rows)
    ]
    return {"bars": bars, "height": max(len(bars), 1) * row_height, "width": 200 + bar_width + 70}
