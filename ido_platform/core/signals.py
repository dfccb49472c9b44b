"""Keep Wagtail role groups in step with memberships, however a membership changes; and start
a new page-cache generation whenever something the public pages show changes."""

from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site

from ido_platform.core import pagecache, people, permissions
from ido_platform.core.models import (
    FooterSettings,
    Location,
    Membership,
    OpeningHours,
    Organisation,
)


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance, **kwargs):

    people.sync_role_groups(instance.user)
    permissions.forget_grants(instance.user)


# Public pages show these rows: pages (publishing, unpublishing, moving and deleting all save
# or delete the page row) and who may see them, the footer, the site, images and documents on
# pages, and the network (locations with their opening hours, the library's name). The apps
# add their own (courses.runs.signals: runs, meetings, enrolments).
pagecache.invalidate_on_change(
    Page,
    PageViewRestriction,
    Site,
    FooterSettings,
    get_image_model(),
    get_document_model(),
    Location,
    OpeningHours,
    Organisation,
)
# A release runs migrate: pages stored by the previous code are not served by the new code.
post_migrate.connect(pagecache.on_signal, dispatch_uid="pagecache-migrate")
