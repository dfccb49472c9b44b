"""Every spreadsheet export of the Wagtail admin, found from Wagtail's own viewset registry
(not a hand-kept list): with the demo data's real rows, the CSV and the XLSX each hold one
row per object, under Dutch headings, with the project's cell rules (no formulas, no
control characters that break the file)."""

import csv
import io
from collections import Counter

import pytest
from openpyxl import load_workbook

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver
from django.utils.functional import Promise

from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet

from courses.learning.models import AttemptGrant, QuizAttempt
from ido_platform.core.admin_views import field_at
from ido_platform.core.models import Location, Topic
from tests.demo_snapshot import load_demo

pytestmark = pytest.mark.django_db

HOSTILE_NAME = '=HYPERLINK("http://example.invalid","klik")'
ESCAPED_NAME = "Bibliotheek\x1b Zeeland – Middelburg, ë ï"


def _meeting_reminder():
    from courses.runs.models import Enrolment, MeetingReminder

    enrolment = Enrolment.objects.select_related("run").first()
    meeting = enrolment.run.meetings.first()
    return MeetingReminder.objects.create(enrolment=enrolment, meeting=meeting)


def _reminder_sent():
    from courses.learning.models import Completion, ReminderSent

    return ReminderSent.objects.create(
        completion=Completion.objects.first(), kind=ReminderSent.Kind.EXPIRING
    )


def _digest_sent():
    from courses.learning.models import DigestSent
    from ido_platform.core.models import Organisation

    return DigestSent.objects.create(
        user=get_user_model().objects.get(username="landelijk"),
        organisation=Organisation.objects.first(),
        period="2026-W49",
    )


def _evidence_photo():
    from assessments.models import Audit, EvidencePhoto

    audit = Audit.objects.exclude(status=Audit.Status.APPROVED).first()
    return EvidencePhoto.objects.create(
        audit=audit, image="bewijs/demo.jpg", caption="Balie", width=640, height=480
    )


def _audit_revision():
    from assessments.models import Audit, AuditRevision

    audit = Audit.objects.filter(status=Audit.Status.APPROVED).first()
    return AuditRevision.objects.create(
        audit=audit,
        number=1,
        author=get_user_model().objects.get(username="landelijk"),
        reason="Antwoord verkeerd ingevuld",
        score=audit.score,
    )


def _correction():
    from questions.models import Correction, Visit

    return Correction.objects.create(
        visit=Visit.objects.first(),
        kind=Correction.Kind.CHANGED,
        by=get_user_model().objects.get(username="landelijk"),
        reason="Verkeerde duur",
    )


def _desk_link():
    from tests.questions.factories import DeskLinkFactory

    return DeskLinkFactory(location=Location.objects.order_by("pk").first())


# The record models the demo data leaves empty: one real row each, so their export is
# checked with a row in it (not skipped).
EMPTY_IN_DEMO = [
    _meeting_reminder,
    _reminder_sent,
    _digest_sent,
    _evidence_photo,
    _audit_revision,
    _correction,
    _desk_link,
]


def exporting_viewsets():
    """Every registered admin viewset that offers a spreadsheet export."""
    get_resolver().resolve("/admin/")  # the registry fills when the admin's URLs load
    found = [
        viewset
        for viewset in viewsets.viewsets
        if isinstance(viewset, ModelViewSet) and isinstance(viewset.list_export, list | tuple)
    ]
    return [viewset for viewset in found if viewset.list_export]


def _ids():
    return [viewset.name for viewset in exporting_viewsets()]


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo data plus two hostile names, loaded once and rolled back afterwards."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            load_demo()
            Topic.objects.create(name=HOSTILE_NAME, slug="formule", description="-2+3")
            attempt = QuizAttempt.objects.select_related("quiz").first()
            AttemptGrant.objects.create(  # the demo has none: a real one, for its export
                user=attempt.user,
                quiz=attempt.quiz,
                module=attempt.module,
                extra_attempts=1,
                reason="Tweede kans na uitleg",
            )
            for build in EMPTY_IN_DEMO:
                build()
            Location.objects.filter(pk=Location.objects.order_by("pk").first().pk).update(
                name=ESCAPED_NAME
            )
            yield
            transaction.set_rollback(True)
        cache.clear()


@pytest.fixture
def national_client(demo_site):
    client = Client()
    client.force_login(get_user_model().objects.get(username="landelijk"))
    return client


def test_the_registry_offers_the_exports_of_every_app():
    labels = {viewset.model._meta.app_label for viewset in exporting_viewsets()}
    assert {"ido_platform", "courses", "learning", "assessments"} <= labels
    assert len(exporting_viewsets()) >= 25


def _expected_heading(viewset, path):
    """The Dutch heading a path must get, and whether it is declared for translation."""
    index_view = viewset.index_view_class
    override = getattr(index_view, "export_headings", {}).get(path)
    if override:
        return str(override), isinstance(override, Promise)
    field = field_at(viewset.model, path)
    assert field is not None, f"{viewset.name}: {path} is not a field; give it a heading"
    label = str(field.verbose_name)
    return label[:1].upper() + label[1:], isinstance(field.verbose_name, Promise)


@pytest.mark.parametrize("name", _ids())
def test_every_admin_export_holds_each_row_under_dutch_headings(national_client, name):
    viewset = next(v for v in exporting_viewsets() if v.name == name)
    count = viewset.model._default_manager.count()
    assert count > 0, f"no {viewset.model.__name__} rows to export"
    url = viewset.menu_url

    response = national_client.get(url, {"export": "csv"})
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith("\ufeff".encode()), "the BOM that tells Excel it is UTF-8"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert len(rows) - 1 == count, f"{url}: {len(rows) - 1} of {count} rows"

    expected = [_expected_heading(viewset, path) for path in viewset.list_export]
    assert header == [heading for heading, _declared in expected]
    for path, (heading, declared) in zip(viewset.list_export, expected, strict=True):
        assert declared, f"{name}: the heading of {path} is not declared in Dutch"
        assert "_" not in heading and "." not in heading, (name, path, heading)

    response = national_client.get(url, {"export": "xlsx"})
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    xlsx_rows = list(sheet.iter_rows(values_only=True))
    assert list(xlsx_rows[0]) == header
    assert len(xlsx_rows) - 1 == count, f"{url}: {len(xlsx_rows) - 1} of {count} rows"


def test_an_admin_csv_neutralises_formulas_and_an_xlsx_survives_a_control_character(
    national_client,
):
    csv_text = b"".join(
        national_client.get("/admin/topic/", {"export": "csv"}).streaming_content
    ).decode("utf-8-sig")
    cells = {cell for row in csv.reader(io.StringIO(csv_text), delimiter=";") for cell in row}
    assert "'" + HOSTILE_NAME in cells and HOSTILE_NAME not in cells
    assert "'-2+3" in cells

    xlsx = national_client.get("/admin/location/", {"export": "xlsx"})
    assert xlsx.status_code == 200
    values = {
        value
        for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)
        for value in row
    }
    assert "Bibliotheek Zeeland – Middelburg, ë ï" in values

    xlsx = national_client.get("/admin/topic/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    [cell] = [c for row in sheet.iter_rows() for c in row if c.value == HOSTILE_NAME]
    assert cell.data_type == "s", "text that looks like a formula stays text"


@pytest.mark.parametrize("name", _ids())
def test_every_admin_export_reads_its_rows_in_a_few_queries(national_client, name):
    """The relations an export's dotted paths run through are joined, not read per row: the
    visits' export (11,000 demo rows, each with its location and library) took 44,000
    queries and three minutes on PostgreSQL."""
    viewset = next(v for v in exporting_viewsets() if v.name == name)
    with CaptureQueriesContext(connection) as queries:
        response = national_client.get(viewset.menu_url, {"export": "csv"})
        body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = body.count(b"\n") - 1
    assert response.status_code == 200
    repeated = Counter(q["sql"][:70] for q in queries.captured_queries).most_common(3)
    assert len(queries) <= 12, (name, rows, repeated)
