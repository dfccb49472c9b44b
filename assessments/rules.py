"""Who may do what with frameworks, audits and improvement actions.

* National roles (national admin, superuser) see and do everything, and review audits.
* Auditors see and score the audits assigned to them.
* Coordinators fill in the self-assessment for their own organisation's audits, see those
  audits (report) once approved, plan audits of their own locations and work on the
  improvement actions.
"""

import rules

from django.db.models import Q

from assessments.models import Audit
from ido_platform.core import permissions
from ido_platform.core.models import Role
from ido_platform.core.permissions import (
    coordinates,
    is_auditor,
    is_coordinator,
    is_national,
    organisation_ids,
)


@rules.predicate
def is_assigned_auditor(user, audit=None):
    """Without an audit: the user is an auditor. With one: assigned to it."""
    if audit is None:
        return bool(is_auditor(user))
    known = getattr(audit, "_assigned_for", {})
    if user.pk in known:
        return known[user.pk]
    assigned = getattr(audit, "_assigned_ids", None)
    if assigned is None:
        assigned = set(audit.auditors.values_list("pk", flat=True))
        audit._assigned_ids = assigned
    return user.pk in assigned


@rules.predicate
def is_approved(user, audit=None):
    return audit is None or audit.status == audit.Status.APPROVED


@rules.predicate
def is_auditor_of_action(user, action=None):
    return action is None or bool(is_assigned_auditor(user, action.audit))


@rules.predicate
def is_not_approved(user, audit=None):
    return audit is None or audit.status != audit.Status.APPROVED


@rules.predicate
def is_unused_version(user, obj=None):
    """Frameworks are data; a version an audit has used is frozen (edits make a new one)."""
    if obj is None:
        return True
    version_id = getattr(obj, "version_id", None)
    if version_id is None and hasattr(obj, "theme_id"):
        version_id = obj.theme.version_id
    if version_id is None and hasattr(obj, "audits"):
        return not obj.audits.exists()

    return not Audit.objects.filter(version_id=version_id).exists()


can_view_audit = is_national | is_assigned_auditor | (coordinates & is_approved)

rules.add_perm("assessments.view_audit", can_view_audit)
rules.add_perm("assessments.score_audit", is_assigned_auditor)
rules.add_perm("assessments.selfassess_audit", coordinates)
rules.add_perm("assessments.review_audit", is_national)
rules.add_perm("assessments.plan_audit", is_national | is_coordinator)
rules.add_perm("assessments.add_audit", is_national)
rules.add_perm("assessments.change_audit", is_national & is_not_approved)
rules.add_perm("assessments.delete_audit", is_national & is_not_approved)
rules.add_perm("assessments.correct_audit", is_national)
rules.add_perm("assessments.view_dashboard", is_national)
rules.add_perm("assessments.export_audits", is_national)

rules.add_perm(
    "assessments.view_improvementaction", is_national | coordinates | is_auditor_of_action
)
rules.add_perm("assessments.add_improvementaction", is_national)
rules.add_perm("assessments.change_improvementaction", is_national | coordinates)
rules.add_perm("assessments.delete_improvementaction", is_national)

rules.add_perm("assessments.view_framework", is_national | is_auditor)
rules.add_perm("assessments.add_framework", is_national)
rules.add_perm("assessments.change_framework", is_national)
rules.add_perm("assessments.delete_framework", is_national)

FRAMEWORK_MODELS = (
    "frameworkversion",
    "theme",
    "criterion",
    "yesnocriterion",
    "scalecriterion",
    "numbercriterion",
    "testcasecriterion",
    "derivedcriterion",
)
for _model in FRAMEWORK_MODELS:
    rules.add_perm(f"assessments.view_{_model}", is_national | is_auditor)
    rules.add_perm(f"assessments.add_{_model}", is_national)
    rules.add_perm(f"assessments.change_{_model}", is_national & is_unused_version)
    rules.add_perm(f"assessments.delete_{_model}", is_national & is_unused_version)


def _audits_visible_to(user, queryset):
    coordinated = organisation_ids(user, Role.COORDINATOR)
    return queryset.filter(
        Q(auditors=user) | Q(location__organisation_id__in=coordinated, status="approved")
    ).distinct()


def _actions_visible_to(user, queryset):
    coordinated = organisation_ids(user, Role.COORDINATOR)
    return queryset.filter(
        Q(audit__auditors=user) | Q(audit__location__organisation_id__in=coordinated)
    ).distinct()


def _actions_changeable_by(user, queryset):
    coordinated = organisation_ids(user, Role.COORDINATOR)
    return queryset.filter(audit__location__organisation_id__in=coordinated)


permissions.SCOPES.update(
    {
        ("assessments.audit", "view"): _audits_visible_to,
        ("assessments.audit", "change"): lambda user, qs: qs.exclude(status="approved"),
        ("assessments.audit", "delete"): lambda user, qs: qs.exclude(status="approved"),
        ("assessments.improvementaction", "view"): _actions_visible_to,
        ("assessments.improvementaction", "change"): _actions_changeable_by,
        ("assessments.improvementaction", "delete"): lambda user, qs: qs.none(),
    }
)


# The frozen-version rule as list scopes: a version an audit used, and its themes and
# criteria, are never listed as changeable (only national roles get this far).
_UNUSED = {
    "frameworkversion": lambda qs: qs.filter(audits__isnull=True),
    "theme": lambda qs: qs.filter(version__audits__isnull=True),
}
for _model in FRAMEWORK_MODELS:
    _narrow = _UNUSED.get(_model, lambda qs: qs.filter(theme__version__audits__isnull=True))
    for _action in ("change", "delete"):
        permissions.SCOPES[(f"assessments.{_model}", _action)] = lambda user, qs, narrow=_narrow: (
            narrow(qs).distinct()
        )


def self_assessments_for(user, queryset):
    """Open audits of the coordinator's own organisation, for the self-assessment."""
    coordinated = organisation_ids(user, Role.COORDINATOR)
    return queryset.filter(
        location__organisation_id__in=coordinated, status__in=("planned", "self_assessment")
    )
