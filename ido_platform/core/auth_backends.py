"""Django's model backend, with what every request asks about the signed-in user (their
roles, their model permissions) read in the same query as the user."""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Aggregate, CharField, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Cast, Coalesce, Concat

from ido_platform.core.models import Membership
from ido_platform.core.permissions import RoleGrant

SEPARATOR = ","  # never in a role, an id, an app label or a permission codename


class _JoinedText(Aggregate):
    """The values of a group joined by ``SEPARATOR``: ``GROUP_CONCAT`` on SQLite,
    ``STRING_AGG`` on PostgreSQL."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template=f"%(function)s(%(expressions)s, '{SEPARATOR}')",
            **extra_context,
        )


def _joined(queryset, expression):
    """A subquery giving ``expression`` over the rows of ``queryset``, joined (NULL when
    there are none)."""
    return Subquery(
        queryset.order_by()
        .annotate(_all=Value(1))
        .values("_all")
        .annotate(joined=_JoinedText(expression))
        .values("joined")
    )


def _as_text(field):
    return Coalesce(Cast(field, CharField()), Value(""))


def _permission_name():
    return Concat("content_type__app_label", Value("."), "codename", output_field=CharField())


def _split(joined):
    return [part for part in (joined or "").split(SEPARATOR) if part]


_SENTINEL_PK = -7_004_001  # stands for the user's id while the query is compiled


@functools.cache
def _session_user_sql(vendor):
    """The SQL of the session user's query (the user, their roles and their permissions),
    compiled once per process: building and compiling its subqueries cost about 4 ms of
    every signed-in request, the query itself a tenth of that. Returns (sql, params, the
    index of the user id among the params)."""
    user_model = get_user_model()
    queryset = (
        user_model._default_manager.annotate(
            _ido_joined_grants=_joined(
                Membership.objects.filter(user_id=OuterRef("pk")),
                Concat(
                    "role",
                    Value(":"),
                    _as_text("organisation_id"),
                    Value(":"),
                    _as_text("location_id"),
                    output_field=CharField(),
                ),
            ),
            _ido_own_permissions=_joined(
                Permission.objects.filter(user=OuterRef("pk")), _permission_name()
            ),
            _ido_group_permissions=_joined(
                Permission.objects.filter(group__user=OuterRef("pk")), _permission_name()
            ),
        )
        .filter(pk=_SENTINEL_PK)
        .order_by()[:1]
    )
    sql, params = queryset.query.get_compiler(DEFAULT_DB_ALIAS).as_sql()
    assert list(params).count(_SENTINEL_PK) == 1
    return sql, tuple(params), list(params).index(_SENTINEL_PK)


class ModelPermissionBackend(ModelBackend):
    """``ModelBackend`` (passwords, user and group permissions) that loads a session's user
    with their roles (``permissions.grants``) and model permissions in one query, and reads
    the permissions of any other user object in one ``UNION`` query instead of two."""

    def get_user(self, user_id):
        user_model = get_user_model()
        sql, params, position = _session_user_sql(connections[DEFAULT_DB_ALIAS].vendor)
        params = list(params)
        params[position] = user_model._meta.pk.to_python(user_id)
        user = next(iter(user_model._default_manager.raw(sql, params)), None)
        if user is None or not self.user_can_authenticate(user):
            return None
        grants = []
        for joined in _split(user._ido_joined_grants):
            role, organisation_id, location_id = joined.split(":")
            grants.append(
                RoleGrant(role, int(organisation_id), int(location_id) if location_id else None)
            )
        user._ido_grants = tuple(grants)
        if not user.is_superuser:  # a superuser has every permission: read on first use
            user._perm_cache = {
                *_split(user._ido_own_permissions),
                *_split(user._ido_group_permissions),
            }
        return user

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                rows = Permission.objects.values_list("content_type__app_label", "codename")
            else:
                fields = ("content_type__app_label", "codename")
                own = Permission.objects.filter(user=user_obj).values_list(*fields).order_by()
                of_groups = (
                    Permission.objects.filter(group__user=user_obj).values_list(*fields).order_by()
                )
                rows = own.union(of_groups)
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}
        return user_obj._perm_cache
