"""The IDO network in the Wagtail admin: one menu group with a viewset per model."""

from django.apps import apps
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from ido_platform.core import pagecache, people
from ido_platform.core.admin_actions import refusing
from ido_platform.core.admin_views import (
    ManagedIndexView,
    MessageIndexView,
    ScopedCreateView,
    ScopedModelViewSet,
    resend_message,
)
from ido_platform.core.forms import MembershipForm
from ido_platform.core.models import (
    LibraryOrganisation,
    Location,
    Membership,
    Message,
    Organisation,
    ServiceProvider,
    SupportOrganisation,
    Topic,
)
from ido_platform.core.permissions import RulesPermissionPolicy

# Policies first: Wagtail creates a fallback policy for any model a viewset touches.
for _model in (
    Organisation,
    LibraryOrganisation,
    ServiceProvider,
    SupportOrganisation,
    Location,
    Topic,
    Membership,
    Message,
):
    register_permission_policy(_model, RulesPermissionPolicy(_model), exact_class=True)


@hooks.register("register_actions")
def refuse_deleting_records(registry):
    """Every model whose rows only services write (``service_owned_fields = "__all__"``:
    records, logs, history) refuses an admin delete, in whatever app it lives. An app may
    register a more specific refusal or a service route for its own models."""

    refusal = refusing(
        _(
            "Dit is een vastgelegd gegeven dat de regels van het platform bijhouden; het beheer "
            "verwijdert het niet."
        )
    )
    for model in apps.get_models():
        if getattr(model, "service_owned_fields", None) != "__all__":
            continue
        if "delete" not in registry.actions.get(model, {}):
            registry.register(model, refusal)
    registry.register(
        Message,
        refusing(
            _(
                "Berichten in de outbox zijn het bewijs van wat er verstuurd is; het beheer "
                "verwijdert ze niet."
            )
        ),
    )


class LocationViewSet(ScopedModelViewSet):
    model = Location
    index_view_class = ManagedIndexView
    icon = "site"
    menu_label = _("IDO-locaties")
    list_display = ["name", "organisation", "town", "municipality", "province", "delivery_model"]
    list_filter = ["province", "delivery_model", "is_kopgroep", "organisation"]
    search_fields = ["name", "town", "municipality", "organisation__name"]
    list_export = [
        "name",
        "organisation",
        "street_address",
        "postcode",
        "town",
        "municipality",
        "province",
        "delivery_model",
        "phone",
        "email",
        "opened_on",
        "is_kopgroep",
    ]
    export_filename = "ido-locaties"


class LibraryOrganisationViewSet(ScopedModelViewSet):
    model = LibraryOrganisation
    icon = "home"
    menu_label = _("Bibliotheken")
    list_display = ["name", "town", "province"]
    list_filter = ["province"]
    search_fields = ["name", "town"]
    list_export = ["name", "town", "province", "website"]
    export_filename = "bibliotheekorganisaties"


class ServiceProviderViewSet(ScopedModelViewSet):
    model = ServiceProvider
    icon = "group"
    menu_label = _("Uitvoeringsorganisaties")
    list_display = ["name", "abbreviation", "is_manifestgroep_member"]
    list_filter = ["is_manifestgroep_member"]
    search_fields = ["name", "abbreviation"]
    list_export = ["name", "abbreviation", "website", "is_manifestgroep_member", "description"]
    export_filename = "uitvoeringsorganisaties"


class SupportOrganisationViewSet(ScopedModelViewSet):
    model = SupportOrganisation
    icon = "pick"
    menu_label = _("Ondersteuningsorganisaties")
    list_display = ["name", "kind", "province"]
    list_filter = ["kind", "province"]
    search_fields = ["name"]
    list_export = ["name", "kind", "province", "website"]
    export_filename = "ondersteuningsorganisaties"


class TopicViewSet(ScopedModelViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Onderwerpen")
    list_display = ["name", "slug"]
    list_filter = ["service_providers"]
    search_fields = ["name", "description"]
    list_export = ["name", "slug", "description"]
    export_filename = "onderwerpen"


class MembershipCreateView(ScopedCreateView):
    """Adding someone to an organisation also welcomes them (through the outbox)."""

    def save_instance(self):
        membership = super().save_instance()
        people.welcome_new_member(membership)
        return membership


class MembershipViewSet(ScopedModelViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Medewerkers en rollen")
    list_display = ["user", "organisation", "location", "role"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__first_name", "user__last_name", "user__email", "organisation__name"]
    list_export = ["user", "user.email", "organisation", "location", "role", "created_at"]
    export_filename = "medewerkers-en-rollen"
    edit_handler = ObjectList(Membership.panels, base_form_class=MembershipForm)
    add_view_class = MembershipCreateView


class MessageViewSet(ScopedModelViewSet):
    model = Message
    icon = "mail"
    index_view_class = MessageIndexView
    menu_label = _("Berichten (outbox)")
    list_display = [
        "kind",
        "recipient",
        "channel",
        "status",
        "attempts",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["recipient", "subject"]
    list_export = ["kind", "channel", "status", "attempts", "created_at", "sent_at", "last_error"]
    export_filename = "berichten"
    form_fields = []


class NetworkViewSetGroup(ViewSetGroup):
    menu_label = _("IDO-netwerk")
    menu_icon = "site"
    menu_order = 200
    items = (
        LocationViewSet,
        LibraryOrganisationViewSet,
        ServiceProviderViewSet,
        SupportOrganisationViewSet,
        TopicViewSet,
        MembershipViewSet,
        MessageViewSet,
    )


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return NetworkViewSetGroup()


@hooks.register("register_admin_urls")
def register_resend_message_url():
    return [
        path(
            "berichten/<int:message_id>/opnieuw/",
            resend_message,
            name="ido_platform_resend_message",
        )
    ]


# Page types with ``page_cache = True`` are served to anonymous visitors from the cache.
hooks.register("before_serve_page", pagecache.mark_page)


from ido_platform.core import lockouts  # noqa: E402, F401 — its hooks: the lockout list
