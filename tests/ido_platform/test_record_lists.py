"""Every record model has a read-only admin list for the national role, with search,
filters and CSV/XLSX export (issue 14, item 25)."""

import io

import pytest

from django.apps import apps
from django.urls import get_resolver

from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet

from ido_platform.core.models import Role
from tests.assessments.fixtures import audit, framework_version  # noqa: F401, F811

pytestmark = pytest.mark.django_db

OUR_APPS = {"ido_platform", "courses", "learning", "assessments"}


def _viewsets_by_model():
    # The registry fills when the admin's URLs load; populating it a second time would
    # register the snippet viewsets (quiz questions) twice.
    get_resolver().resolve("/admin/")
    return {vs.model: vs for vs in viewsets.viewsets if isinstance(vs, ModelViewSet)}


RECORD_MODELS = [
    model
    for model in apps.get_models()
    if model._meta.app_label in OUR_APPS
    and getattr(model, "service_owned_fields", None) == "__all__"
]


def test_every_record_model_has_an_admin_list():
    registered = _viewsets_by_model()
    missing = [model.__name__ for model in RECORD_MODELS if model not in registered]
    assert missing == []
    assert len(RECORD_MODELS) >= 12


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda m: m.__name__)
def test_record_list_is_read_only_searchable_and_exports(client, users, model):
    from openpyxl import load_workbook

    viewset = _viewsets_by_model()[model]
    assert viewset.search_fields and viewset.list_filter
    assert all("__" not in path for path in viewset.list_export)  # RECIPES: lookups break it
    client.force_login(users[Role.NATIONAL])
    index = viewset.get_url_name("index")
    from django.urls import reverse

    url = reverse(index)
    assert client.get(url, {"q": "x"}).status_code == 200
    csv = client.get(url, {"export": "csv"})
    assert csv.status_code == 200
    body = b"".join(csv.streaming_content) if csv.streaming else csv.content
    assert body.decode("utf-8-sig").splitlines()[0]
    xlsx = client.get(url, {"export": "xlsx"})
    assert xlsx.status_code == 200
    load_workbook(io.BytesIO(b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content))
    assert client.get(reverse(viewset.get_url_name("add"))).status_code != 200


def test_records_show_rows_in_the_export_and_not_to_a_medewerker(client, users, audit):  # noqa: F811
    from django.urls import reverse

    from assessments.models import AuditEvent
    from tests.assessments.test_workflow import approved

    approved(audit, users)
    viewset = _viewsets_by_model()[AuditEvent]
    url = reverse(viewset.get_url_name("index"))
    client.force_login(users[Role.NATIONAL])
    csv = client.get(url, {"export": "csv"})
    body = b"".join(csv.streaming_content) if csv.streaming else csv.content
    lines = body.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + AuditEvent.objects.count() >= 4
    event = AuditEvent.objects.first()
    assert client.get(reverse(viewset.get_url_name("inspect"), args=[event.pk])).status_code == 200
    client.force_login(users[Role.COORDINATOR])
    assert client.get(url).status_code in (302, 403)
