"""The one place that answers "may this user do this to this object?".

Every rule is a django-rules permission, asked as ``user.has_perm("app.action_model", obj)``.
Without an object a rule answers "on some objects of this kind". ``scope()`` gives the
matching queryset for lists. Wagtail's admin asks through ``RulesPermissionPolicy``.
Other apps add their own rules with the predicates defined here.
"""

from dataclasses import dataclass

import rules

from django.contrib.auth import get_user_model
from django.db.models import Q

from wagtail.permission_policies import ModelPermissionPolicy

from ido_platform.core.models import Membership, Organisation, Role


@dataclass(frozen=True)
class RoleGrant:
    role: str
    organisation_id: int
    location_id: int | None


def grants(user):
    """The user's roles, loaded once per user object (one query)."""
    if not user or not user.is_authenticated:
        return ()
    cached = getattr(user, "_ido_grants", None)
    if cached is None:
        cached = tuple(
            RoleGrant(role, organisation_id, location_id)
            for role, organisation_id, location_id in Membership.objects.filter(
                user_id=user.pk
            ).values_list("role", "organisation_id", "location_id")
        )
        user._ido_grants = cached
    return cached


def forget_grants(user):
    """Drop the cached roles after memberships change."""
    user.__dict__.pop("_ido_grants", None)


def organisation_ids(user, *roles_wanted):
    return {grant.organisation_id for grant in grants(user) if grant.role in roles_wanted}


def organisation_id_of(obj):
    """The organisation an object belongs to: objects carry ``organisation_id`` (or are one)."""
    if isinstance(obj, Organisation):
        return obj.pk
    return getattr(obj, "organisation_id", None)


def has_role(*roles_wanted):
    @rules.predicate(name=f"has_role({','.join(roles_wanted)})")
    def predicate(user):
        return any(grant.role in roles_wanted for grant in grants(user))

    return predicate


def in_own_organisation_as(*roles_wanted):
    """Without an object: the user has one of the roles somewhere. With an object: the user
    has one of the roles in the organisation the object belongs to."""

    @rules.predicate(name=f"in_own_organisation_as({','.join(roles_wanted)})")
    def predicate(user, obj=None):
        allowed = organisation_ids(user, *roles_wanted)
        if obj is None:
            return bool(allowed)
        return organisation_id_of(obj) in allowed

    return predicate


is_superuser = rules.is_superuser
is_national = is_superuser | has_role(Role.NATIONAL)
is_editor = has_role(Role.EDITOR)
is_coordinator = has_role(Role.COORDINATOR)
is_auditor = has_role(Role.AUDITOR)
is_partner_analyst = has_role(Role.PARTNER_ANALYST)
# The network's own people: everyone with a role except a service provider's analyst, who
# only sees aggregated figures about their own organisation (``questions.rules``).
STAFF_ROLES = tuple(role for role in Role.values if role != Role.PARTNER_ANALYST)
is_staff_member = is_superuser | has_role(*STAFF_ROLES)
coordinates = in_own_organisation_as(Role.COORDINATOR)


@rules.predicate
def is_own_membership(user, membership=None):
    if membership is None:
        return bool(grants(user))
    return membership.user_id == user.pk


@rules.predicate
def assigns_library_role(user, membership=None):
    """Coordinators may only hand out the library roles, never auditor or national."""
    if membership is None:
        return True
    return membership.role in (Role.MEDEWERKER, Role.COORDINATOR)


def add_model_rules(label, *, view, add, change, delete):
    app_label, model_name = label.split(".")
    rules.add_perm(f"{app_label}.view_{model_name}", view)
    rules.add_perm(f"{app_label}.add_{model_name}", add)
    rules.add_perm(f"{app_label}.change_{model_name}", change)
    rules.add_perm(f"{app_label}.delete_{model_name}", delete)


def register_rules():
    rules.add_perm("wagtailadmin.access_admin", is_national | is_editor | is_coordinator)
    add_model_rules(
        "ido_platform.location",
        view=rules.always_allow,
        add=is_national,
        change=is_national | coordinates,
        delete=is_national,
    )
    for model_name in ("organisation", "libraryorganisation", "supportorganisation"):
        add_model_rules(
            f"ido_platform.{model_name}",
            view=is_staff_member,
            add=is_national,
            change=is_national,
            delete=is_national,
        )
    for model_name in ("serviceprovider", "topic"):
        add_model_rules(
            f"ido_platform.{model_name}",
            view=is_staff_member,
            add=is_national | is_editor,
            change=is_national | is_editor,
            delete=is_national,
        )
    manages_membership = is_national | (coordinates & assigns_library_role)
    add_model_rules(
        "ido_platform.membership",
        view=is_national | coordinates | is_own_membership,
        add=manages_membership,
        change=manages_membership,
        delete=manages_membership,
    )
    add_model_rules(
        "ido_platform.message",
        view=is_national,
        add=rules.always_deny,
        change=rules.always_deny,
        delete=rules.always_deny,
    )
    # Sending a message that did not arrive again (the outbox's resend), from the admin.
    rules.add_perm("ido_platform.resend_message", is_national)
    rules.add_perm("ido_platform.change_footersettings", is_national | is_editor)


# Querysets for lists: who sees which rows. A rule that looks at the object (a predicate
# with an object argument) needs an entry here; without one, scope() shows nothing (fails
# closed) and the system check ido.E004 names the rule. A rule that ignores the object is
# all-or-nothing and needs no entry.
def _scope_by_organisation(user, queryset, *roles_wanted):
    return queryset.filter(organisation_id__in=organisation_ids(user, *roles_wanted))


SCOPES = {
    ("ido_platform.location", "change"): lambda user, qs: _scope_by_organisation(
        user, qs, Role.COORDINATOR
    ),
    ("ido_platform.membership", "view"): lambda user, qs: qs.filter(
        Q(organisation_id__in=organisation_ids(user, Role.COORDINATOR)) | Q(user_id=user.pk)
    ),
    ("ido_platform.membership", "change"): lambda user, qs: _scope_by_organisation(
        user, qs, Role.COORDINATOR
    ).filter(role__in=(Role.MEDEWERKER, Role.COORDINATOR)),
    ("ido_platform.membership", "delete"): lambda user, qs: _scope_by_organisation(
        user, qs, Role.COORDINATOR
    ).filter(role__in=(Role.MEDEWERKER, Role.COORDINATOR)),
}


def _uses_object(predicate):
    """Whether a predicate, or any predicate it is combined from (``&``, ``|``, ``^``,
    ``~`` keep their parts in the combining function's closure), takes the object."""
    if predicate.num_args >= 2:
        return True
    cells = getattr(predicate.fn, "__closure__", None) or ()
    parts = [cell.cell_contents for cell in cells]
    return any(isinstance(part, rules.Predicate) and _uses_object(part) for part in parts)


def depends_on_object(permission):
    """Whether the rule for ``permission`` looks at the object (so a list needs a scope)."""
    predicate = rules.permissions.permissions.get(permission)
    return predicate is not None and _uses_object(predicate)


def unscoped_object_rules(models):
    """The (label, action) pairs whose rule looks at the object but that have no scope."""
    missing = []
    for model in models:
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        for action in ("view", "change", "delete"):
            permission = f"{model._meta.app_label}.{action}_{model._meta.model_name}"
            if depends_on_object(permission) and (label, action) not in SCOPES:
                missing.append((label, action))
    return missing


def scope(user, queryset, action):
    """The rows of ``queryset`` on which ``user`` may perform ``action``. A rule that looks
    at the object but has no entry in ``SCOPES`` gives no rows: lists fail closed."""
    model = queryset.model
    label = f"{model._meta.app_label}.{model._meta.model_name}"
    permission = f"{model._meta.app_label}.{action}_{model._meta.model_name}"
    if not user.has_perm(permission):
        return queryset.none()
    if is_national(user):
        return queryset
    narrow = SCOPES.get((label, action))
    if narrow is not None:
        return narrow(user, queryset)
    return queryset.none() if depends_on_object(permission) else queryset


class RulesPermissionPolicy(ModelPermissionPolicy):
    """Wagtail's admin asks our rules, per object and per list."""

    def _perm(self, action):
        return f"{self.app_label}.{action}_{self.model_name}"

    def user_has_permission_for_instance(self, user, action, instance):
        return user.has_perm(self._perm(action), instance)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = self.model._default_manager.all()
        result = queryset.none()
        for action in actions:
            result = result | scope(user, queryset, action)
        return result.distinct()

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(
                Q(is_superuser=True) | Q(memberships__role=Role.NATIONAL), is_active=True
            )
            .distinct()
        )
