"""Who sees which training records. An employee sees their own progress, a coordinator the
staff of their own organisation, the national role everything. Editors and national admins
write modules and quizzes (pages through Wagtail's page permissions and workflow)."""

import rules

from django.db.models import Q

from courses.learning.models import Certificate
from ido_platform.core import permissions
from ido_platform.core.models import Membership, Role
from ido_platform.core.permissions import coordinates, is_editor, is_national, is_staff_member

STAFF_ROLES = (Role.MEDEWERKER, Role.COORDINATOR)


def _subject_user_id(obj):
    """The employee a training record is about; a user is their own subject."""

    if isinstance(obj, Certificate):
        return obj.completion.user_id
    if hasattr(obj, "user_id"):
        return obj.user_id
    return obj.pk


@rules.predicate
def is_own_record(user, obj=None):
    if obj is None:
        return bool(permissions.grants(user))
    return _subject_user_id(obj) == user.pk


@rules.predicate
def coordinates_subject(user, obj=None):
    """The user coordinates an organisation where the record's employee works."""
    organisation_ids = permissions.organisation_ids(user, Role.COORDINATOR)
    if obj is None:
        return bool(organisation_ids)
    return Membership.objects.filter(
        user_id=_subject_user_id(obj), organisation_id__in=organisation_ids, role__in=STAFF_ROLES
    ).exists()


@rules.predicate
def is_self(user, obj=None):
    """The record is about the user themselves (without an object: no)."""
    return obj is not None and _subject_user_id(obj) == user.pk


can_see_record = is_national | is_own_record | coordinates_subject
# Extra quiz attempts: for staff one coordinates (or anyone, nationally); never for oneself.
can_grant_attempts = (is_national | coordinates_subject) & ~is_self

rules.add_perm("learning.follow_training", is_staff_member)
rules.add_perm("learning.view_training_record", can_see_record)
rules.add_perm("learning.view_team_dashboard", is_national | coordinates)
rules.add_perm("learning.view_national_dashboard", is_national)
rules.add_perm("learning.grant_extra_attempt", can_grant_attempts)

RECORD_MODELS = ("completion", "certificate", "lessoncompletion", "quizattempt", "moduleprogress")
for _model in RECORD_MODELS:
    rules.add_perm(f"learning.view_{_model}", is_national | coordinates_subject | is_own_record)
    rules.add_perm(f"learning.add_{_model}", rules.always_deny)
    rules.add_perm(f"learning.change_{_model}", rules.always_deny)
    rules.add_perm(f"learning.delete_{_model}", is_national)
    rules.add_perm(f"learning.lock_{_model}", is_national | is_editor)
    rules.add_perm(f"learning.unlock_{_model}", is_national)

# Grants are the history behind a higher limit: listed like the records, never edited or
# deleted in the admin (a new grant is made on the team dashboard).
rules.add_perm("learning.view_attemptgrant", is_national | coordinates_subject | is_own_record)
for _action in ("add", "change", "delete"):
    rules.add_perm(f"learning.{_action}_attemptgrant", rules.always_deny)

QUESTION_MODELS = (
    "question",
    "singlechoicequestion",
    "multiplechoicequestion",
    "truefalsequestion",
    "orderingquestion",
    "scenarioquestion",
    "choice",
)
# Editors write questions and submit them; the reviewing group (national) publishes,
# unpublishes and deletes, so no question goes live or disappears without review.
for _model in QUESTION_MODELS:
    for _action in ("view", "add", "change"):
        rules.add_perm(f"learning.{_action}_{_model}", is_national | is_editor)
    rules.add_perm(f"learning.publish_{_model}", is_national)
    rules.add_perm(f"learning.delete_{_model}", is_national)
    rules.add_perm(f"learning.lock_{_model}", is_national | is_editor)
    rules.add_perm(f"learning.unlock_{_model}", is_national)


def scope_records(user, queryset):
    """Rows about the user's own training, or about staff of organisations they coordinate."""
    organisation_ids = permissions.organisation_ids(user, Role.COORDINATOR)
    staff = Membership.objects.filter(
        organisation_id__in=organisation_ids, role__in=STAFF_ROLES
    ).values("user_id")
    user_field = (
        "completion__user_id" if queryset.model._meta.model_name == "certificate" else ("user_id")
    )
    return queryset.filter(Q(**{user_field: user.pk}) | Q(**{f"{user_field}__in": staff}))


for _model in RECORD_MODELS:
    permissions.SCOPES[(f"learning.{_model}", "view")] = scope_records
    permissions.SCOPES[(f"learning.{_model}", "delete")] = lambda user, qs: qs.none()
permissions.SCOPES[("learning.attemptgrant", "view")] = scope_records
