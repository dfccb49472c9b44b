"""Who may do what, as a full matrix of roles × actions × objects (invariant 7)."""

import pytest

from django.contrib.auth.models import AnonymousUser

from ido_platform.core import permissions
from ido_platform.core.models import Location, Membership, Role
from tests.ido_platform.factories import (
    MembershipFactory,
    ServiceProviderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

M, C, A, E, N = Role.MEDEWERKER, Role.COORDINATOR, Role.AUDITOR, Role.EDITOR, Role.NATIONAL
ALL = {M, C, A, E, N}

# (permission, object name, roles that may) — everything not listed is refused.
MATRIX = [
    ("wagtailadmin.access_admin", None, {C, E, N}),
    ("ido_platform.view_location", "own_location", ALL),
    ("ido_platform.change_location", "own_location", {C, N}),
    ("ido_platform.change_location", "other_location", {N}),
    ("ido_platform.add_location", None, {N}),
    ("ido_platform.delete_location", "own_location", {N}),
    ("ido_platform.view_libraryorganisation", "library", ALL),
    ("ido_platform.change_libraryorganisation", "library", {N}),
    ("ido_platform.change_serviceprovider", "provider", {E, N}),
    ("ido_platform.delete_serviceprovider", "provider", {N}),
    ("ido_platform.view_membership", "own_staff_membership", {M, C, N}),
    ("ido_platform.view_membership", "other_staff_membership", {N}),
    ("ido_platform.change_membership", "own_staff_membership", {C, N}),
    ("ido_platform.change_membership", "other_staff_membership", {N}),
    ("ido_platform.add_membership", "own_auditor_membership", {N}),
    ("ido_platform.view_message", None, {N}),
    ("ido_platform.change_message", None, set()),
]


@pytest.fixture
def objects(users, library, location, other_location):
    medewerker = users[M]
    outsider = UserFactory(username="buiten")
    return {
        None: None,
        "own_location": location,
        "other_location": other_location,
        "library": library,
        "provider": ServiceProviderFactory(),
        "own_staff_membership": Membership.objects.get(user=medewerker),
        "other_staff_membership": MembershipFactory(
            user=outsider, organisation=other_location.organisation
        ),
        # Not saved: a coordinator trying to make someone an auditor in their own library.
        "own_auditor_membership": Membership(user=outsider, organisation=library, role=A),
    }


@pytest.mark.parametrize(("perm", "object_name", "allowed"), MATRIX)
@pytest.mark.parametrize("role", [M, C, A, E, N])
def test_permission_matrix(users, objects, perm, object_name, allowed, role):
    user = users[role]
    assert user.has_perm(perm, objects[object_name]) is (role in allowed), (
        f"{role} {'should' if role in allowed else 'should not'} have {perm} on {object_name}"
    )


@pytest.mark.parametrize(
    "perm", sorted({perm for perm, _o, _a in MATRIX} - {"ido_platform.view_location"})
)
def test_anonymous_visitor_has_none_of_the_staff_permissions(perm):
    assert not AnonymousUser().has_perm(perm)


def test_anonymous_visitor_may_see_locations():
    assert AnonymousUser().has_perm("ido_platform.view_location")


def test_superuser_may_do_everything(objects):
    admin = UserFactory(username="beheer", is_superuser=True)
    for perm, object_name, _allowed in MATRIX:
        assert admin.has_perm(perm, objects[object_name]), perm


def test_scope_lists_only_own_organisation_for_coordinators(users, location, other_location):
    change_scope = permissions.scope(users[C], Location.objects.all(), "change")
    assert list(change_scope) == [location]
    assert set(permissions.scope(users[N], Location.objects.all(), "change")) == {
        location,
        other_location,
    }
    assert not permissions.scope(users[M], Location.objects.all(), "change").exists()


def test_scope_of_memberships_per_role(users, objects):
    all_memberships = Membership.objects.all()
    own = objects["own_staff_membership"]
    other = objects["other_staff_membership"]
    assert set(permissions.scope(users[M], all_memberships, "view")) == {own}
    coordinator_view = set(permissions.scope(users[C], all_memberships, "view"))
    assert own in coordinator_view and other not in coordinator_view
    assert set(permissions.scope(users[N], all_memberships, "view")) == set(all_memberships)


def test_roles_are_read_once_per_user_object(users, objects, django_assert_max_num_queries):
    user = type(users[C]).objects.get(pk=users[C].pk)
    # One query for our roles, two for Django's own model permissions (user and group),
    # however many checks follow.
    with django_assert_max_num_queries(3):
        for perm, object_name, _allowed in MATRIX:
            user.has_perm(perm, objects[object_name])
