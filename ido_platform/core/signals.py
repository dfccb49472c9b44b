"""Keep Wagtail role groups in step with memberships, however a membership changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ido_platform.core.models import Membership


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance, **kwargs):
    from ido_platform.core import people, permissions

    people.sync_role_groups(instance.user)
    permissions.forget_grants(instance.user)
