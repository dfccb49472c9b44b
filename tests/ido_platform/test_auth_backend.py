"""The session user's backend: one query gives the user with their roles and their model
permissions, whatever user is asked for (the query's SQL is compiled once per process)."""

import pytest

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ido_platform.core.auth_backends import ModelPermissionBackend
from ido_platform.core.models import Role
from ido_platform.core.permissions import RoleGrant, grants

pytestmark = pytest.mark.django_db


def test_each_user_comes_with_their_own_roles_and_permissions_in_one_query(
    users, library, location
):
    backend = ModelPermissionBackend()
    coordinator, employee = users[Role.COORDINATOR], users[Role.MEDEWERKER]
    for user in (coordinator, employee):
        assert not backend.get_user(user.pk).has_perm("auth.change_group")
    group = Group.objects.create(name="Beheerders")
    group.permissions.add(Permission.objects.get(codename="change_group"))
    coordinator.groups.add(group)
    employee.user_permissions.add(Permission.objects.get(codename="delete_group"))
    for user, role, permission in (
        (coordinator, Role.COORDINATOR, "auth.change_group"),
        (employee, Role.MEDEWERKER, "auth.delete_group"),
    ):
        with CaptureQueriesContext(connection) as queries:
            loaded = backend.get_user(user.pk)
            assert grants(loaded) == (RoleGrant(role, library.pk, location.pk),)
            assert loaded.has_perm(permission)
        assert len(queries) == 1
        assert (loaded.pk, loaded.username) == (user.pk, user.username)
    assert not backend.get_user(employee.pk).has_perm("auth.change_group")


def test_an_unknown_or_inactive_user_is_nobody(users):
    backend = ModelPermissionBackend()
    employee = users[Role.MEDEWERKER]
    assert backend.get_user(employee.pk + 1000) is None
    employee.is_active = False
    employee.save()
    assert backend.get_user(employee.pk) is None
