"""Who may do what with subsidy rounds and applications.

* The national funder (role "landelijk", and superusers) sees every round and application,
  assesses, decides (a second person), corrects, settles, exports and edits rounds that no
  application has used yet.
* A library's coordinators apply for their own organisation and see only its applications.
* Everyone else (staff members, partners, auditors, editors) sees none.
"""

import rules

from ido_platform.core import permissions
from ido_platform.core.models import Role
from ido_platform.core.permissions import coordinates, is_coordinator, is_national, organisation_ids


@rules.predicate
def is_unused_round(user, subsidy_round=None):
    return subsidy_round is None or not subsidy_round.is_frozen


@rules.predicate
def is_draft(user, application=None):
    return application is None or application.status in ("draft", "info_requested")


rules.add_perm("funding.view_subsidyround", is_national | is_coordinator)
rules.add_perm("funding.add_subsidyround", is_national)
rules.add_perm("funding.change_subsidyround", is_national & is_unused_round)
rules.add_perm("funding.delete_subsidyround", is_national & is_unused_round)
rules.add_perm("funding.view_overview", is_national)
rules.add_perm("funding.export_applications", is_national)

rules.add_perm("funding.view_application", is_national | coordinates)
rules.add_perm("funding.apply", coordinates)
rules.add_perm("funding.edit_application", coordinates & is_draft)
rules.add_perm("funding.account_application", coordinates)
rules.add_perm("funding.assess_application", is_national)
rules.add_perm("funding.decide_application", is_national)
rules.add_perm("funding.correct_application", is_national)
rules.add_perm("funding.settle_application", is_national)
# The admin lists applications read-only: every change goes through the services.
rules.add_perm("funding.add_application", rules.always_deny)
rules.add_perm("funding.change_application", rules.always_deny)
rules.add_perm("funding.delete_application", rules.always_deny)

for _model in ("municipality", "populationfigure", "workareamunicipality"):
    rules.add_perm(f"funding.view_{_model}", is_national)
    rules.add_perm(f"funding.add_{_model}", is_national)
    rules.add_perm(f"funding.change_{_model}", is_national)
    rules.add_perm(f"funding.delete_{_model}", is_national)


def _own_applications(user, queryset):
    return queryset.filter(organisation_id__in=organisation_ids(user, Role.COORDINATOR))


permissions.SCOPES.update(
    {
        ("funding.application", "view"): _own_applications,
        ("funding.subsidyround", "change"): lambda user, qs: qs.none(),
        ("funding.subsidyround", "delete"): lambda user, qs: qs.none(),
    }
)
