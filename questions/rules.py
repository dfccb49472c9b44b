"""Who may register, correct and see questions.

* Employees and coordinators register at the locations they work at (a membership with that
  location, or with their library and no location).
* The registrant corrects their own registrations on the day they made them; coordinators
  of the library and the national role correct any, with a reason (the service asks it).
* Coordinators make and revoke desk links for their library's locations.
* Every staff role sees the monitor; figures outside the viewer's own library are shown
  with small numbers hidden (``services.monitor``). Exports per question: coordinators, for
  their own library only.
* A service provider's analyst sees only the aggregated figures about their own
  organisation (``services.partner``), small numbers hidden; the national role sees those
  of every provider. Neither registers, corrects or exports per question.
"""

import rules

from django.utils import timezone

from ido_platform.core import permissions
from ido_platform.core.models import Role
from ido_platform.core.permissions import (
    coordinates,
    grants,
    in_own_organisation_as,
    is_national,
    is_staff_member,
    organisation_ids,
)

LIBRARY_ROLES = (Role.MEDEWERKER, Role.COORDINATOR)


def location_ids_worked_at(user, locations):
    """Of ``locations``, the ids of those the user works at (employee or coordinator)."""
    own = [g for g in grants(user) if g.role in LIBRARY_ROLES]
    return {
        location.pk
        for location in locations
        for grant in own
        if grant.organisation_id == location.organisation_id
        and grant.location_id in (None, location.pk)
    }


@rules.predicate
def works_at(user, obj=None):
    """Without an object: the user works at some location. With a location, or a visit: the
    user works at that location."""
    if obj is None:
        return any(g.role in LIBRARY_ROLES for g in grants(user))
    location = getattr(obj, "location", obj)
    return bool(location_ids_worked_at(user, [location]))


@rules.predicate
def registered_it_today(user, visit=None):
    if visit is None:
        return True
    return visit.registered_by_id == user.pk and timezone.localdate(
        visit.registered_at
    ) == timezone.localdate(timezone.now())


can_correct = is_national | coordinates | (works_at & registered_it_today)

rules.add_perm("questions.register_at_location", works_at)
rules.add_perm("questions.correct_visit", can_correct)
rules.add_perm("questions.view_monitor", is_staff_member)
rules.add_perm("questions.export_questions", is_national | coordinates)
# With a service provider: the user analyses that provider (or is national).
rules.add_perm(
    "questions.view_partner_figures", is_national | in_own_organisation_as(Role.PARTNER_ANALYST)
)

# The Wagtail admin only lists these records: changes go through the services.
permissions.add_model_rules(
    "questions.visit",
    view=is_national | coordinates,
    add=rules.always_deny,
    change=rules.always_deny,
    delete=rules.always_deny,
)
permissions.add_model_rules(
    "questions.correction",
    view=is_national | coordinates,
    add=rules.always_deny,
    change=rules.always_deny,
    delete=rules.always_deny,
)
permissions.add_model_rules(
    "questions.desklink",
    view=is_national | coordinates,
    add=rules.always_deny,
    change=rules.always_deny,
    delete=rules.always_deny,
)
# Desk links are made (the secret shown once) and revoked on the site, not in the admin.
rules.add_perm("questions.make_desklink", is_national | coordinates)
rules.add_perm("questions.revoke_desklink", is_national | coordinates)
permissions.add_model_rules(
    "questions.impactresponse",
    view=is_national,
    add=rules.always_deny,
    change=rules.always_deny,
    delete=rules.always_deny,
)


def _by_location_organisation(path):
    def narrow(user, queryset):
        return queryset.filter(
            **{f"{path}__organisation_id__in": organisation_ids(user, Role.COORDINATOR)}
        )

    return narrow


permissions.SCOPES.update(
    {
        ("questions.visit", "view"): _by_location_organisation("location"),
        ("questions.correction", "view"): _by_location_organisation("visit__location"),
        ("questions.desklink", "view"): _by_location_organisation("location"),
    }
)
