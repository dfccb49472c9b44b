"""A derived criterion's metric key comes from the metrics registry, and a framework
version naming an unknown key cannot be put to use (issue 14, item 6)."""

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import DerivedCriterion
from assessments.services import audits as service
from assessments.services.frameworks import check_publishable
from ido_platform.core.models import Role
from tests.assessments.factories import (
    DerivedCriterionFactory,
    FrameworkVersionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def misspelt_version(db):
    version = FrameworkVersionFactory(number=7)
    theme = ThemeFactory(version=version, key="open", title="Open")
    DerivedCriterionFactory(
        theme=theme, key="uren", title="Openingstijden", metric_key="published_openinghours"
    )
    return version


def test_the_admin_form_offers_only_registered_metrics(client, users, framework_version):
    client.force_login(users[Role.NATIONAL])
    theme = framework_version.themes.first()
    page = client.get("/admin/kwaliteit-derivedcriterion/new/").content.decode()
    assert '<option value="published_opening_hours"' in page
    response = client.post(
        "/admin/kwaliteit-derivedcriterion/new/",
        {
            "theme": theme.pk,
            "key": "open",
            "sort_order": 0,
            "weight": 1,
            "title": "Openingstijden gepubliceerd",
            "metric_key": "published_openinghours",
            "threshold": "1",
        },
    )
    assert response.status_code == 400  # the form again, with the error
    assert "published_openinghours is geen beschikbare keuze" in response.content.decode()
    assert not DerivedCriterion.objects.filter(key="open").exists()


def test_a_version_with_an_unknown_metric_cannot_be_used(misspelt_version, location, users):
    with pytest.raises(ValidationError) as refused:
        check_publishable(misspelt_version)
    assert "published_openinghours" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        service.plan_audit(
            location=location,
            version=misspelt_version,
            auditors=[users[Role.AUDITOR]],
            planned_for=datetime.date(2027, 2, 1),
            by=users[Role.NATIONAL],
        )
    assert not misspelt_version.audits.exists()


def test_planning_page_explains_the_unknown_metric(client, users, location, misspelt_version):
    client.force_login(users[Role.NATIONAL])
    response = client.post(
        reverse("assessments:plan"),
        {
            "location": location.pk,
            "version": misspelt_version.pk,
            "auditors": [users[Role.AUDITOR].pk],
            "planned_for": "2027-02-01",
        },
    )
    assert response.status_code == 400
    assert "onbekend gegeven" in response.content.decode()
