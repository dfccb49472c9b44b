"""No admin delete or edit bypasses a service rule (issue 14, item 2).

The class test walks every registered admin viewset: a model whose state a service owns
(``service_owned_fields``) must refuse a raw delete or route it through its service (the
delete action in Wagtail's action registry), and its edit form may only offer owned fields
that the viewset's edit view routes through the service (``service_routed_fields``). The
other tests follow the routes end to end through the admin's own views."""

import pytest

from django.apps import apps
from django.urls import get_resolver

from wagtail.actions import action_registry
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet

from ido_platform.core.admin_actions import routes_through_service
from ido_platform.core.models import Message
from tests.ido_platform.factories import UserFactory

pytestmark = pytest.mark.django_db

OUR_APPS = {"ido_platform", "courses", "learning", "assessments"}


def _model_viewsets():
    # The registry fills when the admin's URLs load; populating it a second time would
    # register the snippet viewsets (quiz questions) twice.
    get_resolver().resolve("/admin/")
    return [
        vs
        for vs in viewsets.viewsets
        if isinstance(vs, ModelViewSet) and vs.model._meta.app_label in OUR_APPS
    ]


def _owned(model):
    owned = getattr(model, "service_owned_fields", None)
    if owned == "__all__":
        return {f.name for f in model._meta.get_fields() if f.concrete}
    return set(owned or ())


def test_every_model_with_state_or_records_declares_what_its_services_own():
    """A model with a status, or a record (``wagtail_reference_index_ignore``), says which
    fields its services own, so the class test below cannot miss a new one."""
    undeclared = [
        model.__name__
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        and (
            getattr(model, "wagtail_reference_index_ignore", False)
            or any(f.name == "status" for f in model._meta.concrete_fields)
        )
        and not getattr(model, "service_owned_fields", None)
    ]
    assert undeclared == []


@pytest.mark.parametrize("viewset", _model_viewsets(), ids=lambda vs: vs.name)
class TestNoAdminViewsetBypassesAServiceRule:
    def test_delete_is_refused_or_routed_through_the_service(self, viewset):
        if not _owned(viewset.model):
            pytest.skip(f"{viewset.model.__name__}: no service owns its state")
        action = action_registry.get_action_class(viewset.model, "delete")
        assert routes_through_service(action), (
            f"{viewset.model.__name__}: the admin delete is a raw Model.delete()"
        )

    def test_edit_form_offers_no_field_a_service_owns(self, viewset):
        form_fields = set(viewset.get_form_class(for_update=True).base_fields)
        routed = set(getattr(viewset, "service_routed_fields", ()))
        bypass = (form_fields & _owned(viewset.model)) - routed
        assert bypass == set(), f"{viewset.model.__name__}: the edit form changes {bypass}"


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_even_a_superuser_cannot_delete_an_outbox_message(client, superuser):
    message = Message.objects.create(recipient="a@example.org", subject="x", body="y", kind="t")
    client.force_login(superuser)
    page = client.get(f"/admin/message/delete/{message.pk}/", follow=True)
    assert "verwijdert ze niet" in page.content.decode()
    response = client.post(f"/admin/message/delete/{message.pk}/", follow=True)
    assert response.status_code == 200
    assert Message.objects.filter(pk=message.pk).exists()
