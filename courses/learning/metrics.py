"""The location metric for the quality audits: per IDO location, the share of its staff
(memberships with that location) who hold a valid basic training."""

from django.utils.translation import gettext_lazy as _

from courses.learning.services import paths
from ido_platform.core import metrics
from ido_platform.core.models import Membership, Role


@metrics.register(
    "basic_training_share", _("Aandeel medewerkers met geldige basisopleiding"), "ratio"
)
def basic_training_share(location_ids):
    """{location id: share 0..1}; a location without staff has no value. A fixed number of
    queries for any number of locations."""

    staff = list(
        Membership.objects.filter(
            location_id__in=location_ids, role__in=(Role.MEDEWERKER, Role.COORDINATOR)
        )
        .values_list("location_id", "user_id")
        .distinct()
    )
    if not staff:
        return {}
    trained = paths.users_with_completed_parts(
        paths.basic_path_parts(),
        Membership.objects.filter(
            location_id__in=location_ids, role__in=(Role.MEDEWERKER, Role.COORDINATOR)
        ).values("user_id"),
    )
    per_location = {}
    for location_id, user_id in staff:
        counts = per_location.setdefault(location_id, [0, 0])
        counts[0] += 1
        counts[1] += user_id in trained
    return {location_id: valid / total for location_id, (total, valid) in per_location.items()}
