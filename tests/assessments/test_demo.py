"""The demo loader: an example framework (labelled as one), audits in several states."""

import io

import pytest

from django.core.management import call_command

from assessments.models import Audit, Criterion, Framework

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_demo_framework_and_audits_load_idempotently(settings):
    call_command("load_demo_data", stdout=io.StringIO())
    framework = Framework.objects.get(slug="voorbeeldkader-ido")
    version = framework.versions.get()
    counts = (Audit.objects.count(), Criterion.objects.count())

    call_command("load_demo_data", stdout=io.StringIO())

    assert framework.is_example and "VOORBEELD" in framework.description
    assert version.themes.count() >= 6
    assert Criterion.objects.filter(theme__version=version).count() >= 25
    assert (Audit.objects.count(), Criterion.objects.count()) == counts
    statuses = set(Audit.objects.values_list("status", flat=True))
    assert {"approved", "submitted", "in_progress", "self_assessment"} <= statuses
    venlo = Audit.objects.filter(location__slug="venlo", status="approved")
    assert venlo.count() == 2 and venlo.get(is_latest=True).round == 2
    assert Audit.objects.filter(auditors__username="auditor", status="in_progress").exists()
