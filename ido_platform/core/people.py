"""Services for staff accounts: role groups for Wagtail's own permissions, and welcoming a
new member."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from ido_platform.core import outbox
from ido_platform.core.models import Membership, Role

# Wagtail's pages, images and documents are guarded by group permissions; our own models by
# the rules in permissions.py. These groups carry only the Wagtail part.
ROLE_GROUPS = {
    Role.EDITOR: "Redacteuren",
    Role.NATIONAL: "Landelijk beheer",
    Role.COORDINATOR: "Coördinatoren",
}
PAGE_PERMISSIONS = {
    # Editors write and submit for review; publishing is the reviewing group's (national).
    Role.EDITOR: ["add_page", "change_page", "lock_page", "unlock_page"],
    Role.NATIONAL: [
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "bulk_delete_page",
    ],
    Role.COORDINATOR: [],
}
COLLECTION_PERMISSIONS = {
    Role.EDITOR: [
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    ],
    Role.NATIONAL: [
        "add_image",
        "change_image",
        "delete_image",
        "choose_image",
        "add_document",
        "change_document",
        "delete_document",
        "choose_document",
    ],
    Role.COORDINATOR: ["add_image", "choose_image", "add_document", "choose_document"],
}


def ensure_role_groups():
    """Create the role groups with their Wagtail permissions (idempotent)."""
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    groups = {}
    for role, name in ROLE_GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        groups[role] = group
        if root_page:
            # A permission taken away (editors' publish) goes on existing sites too; only
            # deleted when there is one, so a second run writes nothing.
            taken_away = GroupPagePermission.objects.filter(group=group, page=root_page).exclude(
                permission__codename__in=PAGE_PERMISSIONS[role]
            )
            if taken_away.exists():
                taken_away.delete()
            for codename in PAGE_PERMISSIONS[role]:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root_page,
                    permission=Permission.objects.get(
                        content_type__app_label="wagtailcore", codename=codename
                    ),
                )
        if root_collection:
            for codename in COLLECTION_PERMISSIONS[role]:
                app_label = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=Permission.objects.get(
                        content_type__app_label=app_label, codename=codename
                    ),
                )
    return groups


def sync_role_groups(user):
    """Put the user in exactly the role groups their memberships call for."""
    groups = ensure_role_groups()
    wanted = {
        groups[role] for role in user.memberships.values_list("role", flat=True) if role in groups
    }
    managed = set(groups.values())
    current = set(user.groups.filter(pk__in=[g.pk for g in managed]))
    user.groups.remove(*(current - wanted))
    user.groups.add(*(wanted - current))


@transaction.atomic
def welcome_new_member(membership: Membership):
    """Tell a new staff member which role they have; sent by the outbox after commit."""
    user = membership.user
    if not user.email:
        return None
    name = user.first_name or user.get_username()
    body = _(
        "Beste %(name)s,\n\n"
        "U heeft nu een account op het IDO-platform als %(role)s bij %(organisation)s.\n"
        "U kunt inloggen met uw gebruikersnaam: %(username)s.\n\n"
        "Met vriendelijke groet,\nHet IDO-platform"
    ) % {
        "name": name,
        "role": membership.get_role_display(),
        "organisation": membership.organisation.name,
        "username": user.get_username(),
    }
    return outbox.queue_message(
        recipient=user.email,
        subject=_("Welkom op het IDO-platform"),
        body=body,
        kind="welcome",
    )
