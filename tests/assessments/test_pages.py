"""The audit pages through the test client: scoring drafts, photos and bad input, submit,
review, report, PDF, planning, dashboard and exports."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from django.urls import reverse

from assessments.models import Answer, Audit, EvidencePhoto, ImprovementAction
from assessments.services import audits as service
from assessments.services.frameworks import structure
from assessments.services.scoring import Given
from ido_platform.core.models import Message, Role
from tests.assessments.images import bomb_png, has_gps, jpeg_with_gps, png_bytes, upload
from tests.ido_platform.factories import MembershipFactory, UserFactory
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


def criteria(audit):
    return {c.key: c for t in structure(audit.version) for c in t.criteria_list}


def score_url(audit, theme="herkenbaar"):
    return reverse("assessments:score", args=[audit.pk, theme])


def theme_post(audit, theme="herkenbaar", **values):
    by_key = criteria(audit)
    defaults = {"logo": "1", "uren": "4", "doorvragen": "4", "privacy": "1"}
    data = {}
    for key, value in (defaults | values).items():
        criterion = by_key[key]
        if criterion.theme.key == theme:
            data[f"c{criterion.pk}-value"] = value
            data[f"c{criterion.pk}-comment"] = f"opmerking bij {key}"
    return data


@pytest.fixture
def auditor_client(client, users):
    client.force_login(users[Role.AUDITOR])
    return client


def test_the_assigned_auditor_sees_the_scoring_form_beside_the_self_assessment(
    auditor_client, audit, users
):
    logo = criteria(audit)["logo"]
    service.save_answers(
        audit,
        source=Answer.Source.SELF,
        by=users[Role.COORDINATOR],
        given={logo.pk: Given(Decimal(0))},
    )
    response = auditor_client.get(score_url(audit))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Het IDO-logo is zichtbaar" in html
    assert "Zelfevaluatie van de locatie:" in html and "Nee" in html
    assert "Fotografeer nooit bezoekers." in html
    assert "Concept opslaan" in html


def test_another_auditor_may_not_open_the_audit(client, audit, national_org):
    stranger = UserFactory(username="ander-auditor")
    MembershipFactory(user=stranger, organisation=national_org, role=Role.AUDITOR)
    client.force_login(stranger)

    assert client.get(score_url(audit)).status_code == 403
    assert client.post(score_url(audit), theme_post(audit)).status_code == 403


def test_saving_a_draft_keeps_the_answers_and_comments(auditor_client, audit):
    response = auditor_client.post(score_url(audit), theme_post(audit) | {"save": ""})

    assert response.status_code == 302
    saved = {a.criterion.key: a for a in Answer.objects.filter(audit=audit, source="auditor")}
    assert saved["logo"].value == 1 and saved["uren"].value == 4
    assert saved["logo"].comment == "opmerking bij logo"
    audit.refresh_from_db()
    assert audit.status == Audit.Status.IN_PROGRESS


def test_autosave_answers_json(auditor_client, audit):
    response = auditor_client.post(score_url(audit), theme_post(audit), headers={"X-Autosave": "1"})

    assert response.status_code == 200 and response.json() == {"saved": True}
    assert Answer.objects.filter(audit=audit, source="auditor").count() == 2


def test_a_number_in_dutch_notation_is_understood(auditor_client, audit):
    auditor_client.post(score_url(audit), theme_post(audit, uren="3,5"))
    assert Answer.objects.get(audit=audit, criterion__key="uren").value == Decimal("3.5")


def test_next_goes_to_the_next_theme(auditor_client, audit):
    response = auditor_client.post(score_url(audit), theme_post(audit) | {"next": ""})
    assert response.headers["Location"] == score_url(audit, "mensen")


def test_a_photo_is_stored_without_gps(auditor_client, audit):
    logo = criteria(audit)["logo"]
    data = theme_post(audit) | {
        "photo": upload(jpeg_with_gps()),
        "photo_criterion": str(logo.pk),
        "photo_caption": "Logo bij de ingang",
    }
    response = auditor_client.post(score_url(audit), data)

    assert response.status_code == 302
    photo = EvidencePhoto.objects.get(audit=audit)
    with photo.image.storage.open(photo.image.name, "rb") as stored:  # the private storage
        assert not has_gps(stored.read())
    assert photo.criterion == logo
    shown = auditor_client.get(reverse("assessments:photo", args=[photo.pk]))
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize(
    ("photo", "message"),
    [
        (lambda: upload(b"geen foto", "notities.txt", "text/plain"), "Dit bestandstype kan niet"),
        (lambda: upload(b"geen foto"), "geen foto of het is beschadigd"),
        (lambda: upload(jpeg_with_gps()[:300]), "geen foto of het is beschadigd"),
        (lambda: upload(png_bytes()), "geen image/jpeg zoals opgegeven"),
        (lambda: upload(bomb_png(), "bom.png", "image/png"), "te veel pixels"),
        (lambda: upload(b"\xff" * (10 * 1024 * 1024 + 1)), "De foto is te groot"),
    ],
    ids=["wrong-type", "non-image", "truncated", "mime-mismatch", "decompression-bomb", "too-big"],
)
def test_a_bad_photo_is_refused_with_a_dutch_message_and_the_draft_is_kept(
    auditor_client, audit, photo, message
):
    response = auditor_client.post(
        score_url(audit), theme_post(audit, uren="3") | {"photo": photo()}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Uw antwoorden zijn als concept bewaard, maar de foto niet." in html
    assert EvidencePhoto.objects.count() == 0
    assert Answer.objects.get(audit=audit, criterion__key="uren").value == 3
    assert 'value="3"' in html  # the form shows what was typed


def test_an_answer_and_not_applicable_together_is_refused(auditor_client, audit, framework_version):
    data = theme_post(audit)
    uren = criteria(audit)["uren"]
    uren.__class__.objects.filter(pk=uren.pk).update(allows_not_applicable=True)
    response = auditor_client.post(score_url(audit), data | {f"c{uren.pk}-na": "on"})

    assert response.status_code == 400
    assert "niet allebei" in response.content.decode()


def _approved(audit, users):
    for theme in ("herkenbaar", "mensen"):
        data = theme_post(audit, theme)
        by_key = criteria(audit)
        given = {
            int(name[1:].split("-")[0]): Given(Decimal(value))
            for name, value in data.items()
            if name.endswith("-value")
        }
        assert all(by_key)
        service.save_answers(audit, source="auditor", by=users[Role.AUDITOR], given=given)
    service.submit(audit, by=users[Role.AUDITOR])
    return service.approve(audit, by=users[Role.NATIONAL])


def test_editing_an_approved_audit_is_refused(auditor_client, audit, users):
    _approved(audit, users)
    response = auditor_client.post(score_url(audit), theme_post(audit, logo="0"))

    assert response.status_code == 409
    assert "goedgekeurd en kan niet meer veranderen" in response.content.decode()
    assert Answer.objects.get(audit=audit, criterion__key="logo", source="auditor").value == 1


def test_submit_with_open_criteria_is_refused_with_the_list(auditor_client, audit):
    auditor_client.post(score_url(audit), theme_post(audit))
    response = auditor_client.post(reverse("assessments:submit", args=[audit.pk]), follow=True)

    assert "Nog niet alle criteria zijn beantwoord" in response.content.decode()
    audit.refresh_from_db()
    assert audit.status == Audit.Status.IN_PROGRESS


def test_submit_review_and_the_coordinator_sees_the_report(client, audit, users):
    client.force_login(users[Role.AUDITOR])
    client.post(score_url(audit), theme_post(audit))
    client.post(score_url(audit, "mensen"), theme_post(audit, "mensen"))
    client.post(reverse("assessments:submit", args=[audit.pk]))
    audit.refresh_from_db()
    assert audit.status == Audit.Status.SUBMITTED

    client.force_login(users[Role.COORDINATOR])
    assert client.get(reverse("assessments:report", args=[audit.pk])).status_code == 403

    client.force_login(users[Role.NATIONAL])
    refused = client.post(
        reverse("assessments:review", args=[audit.pk]),
        {"review-decision": "send_back"},
        follow=True,
    )
    assert "Geef een reden op" in refused.content.decode()
    client.post(reverse("assessments:review", args=[audit.pk]), {"review-decision": "approve"})
    audit.refresh_from_db()
    assert audit.status == Audit.Status.APPROVED

    client.force_login(users[Role.COORDINATOR])
    report = client.get(reverse("assessments:report", args=[audit.pk]))
    assert report.status_code == 200
    assert "Voldoet" in report.content.decode()
    pdf = client.get(reverse("assessments:report_pdf", args=[audit.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_report_compares_with_the_previous_audit_by_key(
    client, audit, users, framework_version
):
    _approved(audit, users)
    later = service.plan_audit(
        location=audit.location,
        version=framework_version,
        auditors=[users[Role.AUDITOR]],
        planned_for=datetime.date(2027, 11, 30),
        by=users[Role.NATIONAL],
    )
    client.force_login(users[Role.AUDITOR])
    client.post(score_url(later), theme_post(later, logo="0"))
    client.post(score_url(later, "mensen"), theme_post(later, "mensen"))

    response = client.get(reverse("assessments:report", args=[later.pk]))

    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r["theme"].key == "herkenbaar")
    assert (row["score"], row["previous"], row["change"]) == (
        Decimal("50.0"),
        Decimal("100.0"),
        Decimal("-50.0"),
    )


def test_planning_by_a_coordinator_for_their_own_location_tells_everyone(
    client, users, location, other_location, framework_version, django_capture_on_commit_callbacks
):
    client.force_login(users[Role.COORDINATOR])
    form = client.get(reverse("assessments:plan"))
    assert other_location.name not in form.content.decode()

    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("assessments:plan"),
            {
                "location": location.pk,
                "version": framework_version.pk,
                "auditors": [users[Role.AUDITOR].pk],
                "planned_for": "2027-02-01",
            },
        )
    assert response.status_code == 302
    assert Message.objects.filter(
        kind="audit_planned", recipient=users[Role.AUDITOR].email
    ).exists()


def test_planning_another_organisations_location_is_refused(
    client, users, other_location, framework_version
):
    client.force_login(users[Role.COORDINATOR])
    response = client.post(
        reverse("assessments:plan"),
        {
            "location": other_location.pk,
            "version": framework_version.pk,
            "auditors": [users[Role.AUDITOR].pk],
            "planned_for": "2027-02-01",
        },
    )
    assert response.status_code == 400
    assert not Audit.objects.exists()


def test_the_coordinator_fills_in_the_self_assessment(client, audit, users):
    client.force_login(users[Role.COORDINATOR])
    start = client.get(reverse("assessments:self_assessment_start", args=[audit.pk]))
    url = reverse("assessments:self_assessment", args=[audit.pk, "herkenbaar"])
    assert start.headers["Location"] == url
    assert "Bewijsfoto" not in client.get(url).content.decode()

    client.post(url, theme_post(audit, logo="0"))

    assert Answer.objects.get(audit=audit, source="self", criterion__key="logo").value == 0
    assert not Answer.objects.filter(audit=audit, source="auditor").exists()


def test_the_coordinator_updates_an_action_with_evidence(client, audit, users):
    action = service.add_action(
        audit, description="Logo ophangen", due_date=datetime.date(2027, 1, 1)
    )
    _approved(audit, users)
    client.force_login(users[Role.COORDINATOR])
    url = reverse("assessments:action", args=[action.pk])

    assert client.post(url, {"status": "done", "fix_evidence": ""}).status_code == 400
    assert client.post(url, {"status": "done", "fix_evidence": "Hangt er."}).status_code == 302
    action.refresh_from_db()
    assert action.status == ImprovementAction.Status.DONE and action.completed_at


def test_dashboard_and_exports_for_national_roles_only(client, audit, users):
    _approved(audit, users)
    client.force_login(users[Role.AUDITOR])
    assert client.get(reverse("assessments:dashboard")).status_code == 403

    client.force_login(users[Role.NATIONAL])
    page = client.get(reverse("assessments:dashboard"), {"provincie": "UT", "organisatie": "x"})
    assert page.status_code == 200
    assert "Herkenbaar IDO" in page.content.decode()
    csv = client.get(reverse("assessments:export", args=["antwoorden", "csv"]))
    text = b"".join(csv.streaming_content).decode()
    assert ";Het IDO-logo is zichtbaar;logo;auditor;1;nee;" in text
    xlsx = client.get(reverse("assessments:export", args=["audits", "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    assert client.get(reverse("assessments:export", args=["acties", "pdf"])).status_code == 404


@pytest.mark.parametrize("organisation", ["99999999999999999999", "²", "-1", "1.5"])
def test_the_dashboard_and_exports_ignore_an_organisation_that_is_not_an_id(
    client, audit, users, organisation
):
    _approved(audit, users)
    client.force_login(users[Role.NATIONAL])
    query = {"organisatie": organisation}

    page = client.get(reverse("assessments:dashboard"), query)
    csv = client.get(reverse("assessments:export", args=["audits", "csv"]), query)

    assert page.status_code == 200
    assert "Herkenbaar IDO" in page.content.decode()
    assert f";{audit.location.name};" in b"".join(csv.streaming_content).decode()


def test_login_is_required(client, audit):
    response = client.get(reverse("assessments:audit_list"))
    assert response.status_code == 302 and "/inloggen/" in response.headers["Location"]


def test_a_national_admin_corrects_an_approved_audit_with_a_reason(client, audit, users):
    _approved(audit, users)
    client.force_login(users[Role.NATIONAL])
    url = reverse("assessments:correct", args=[audit.pk])

    refused = client.post(url, {"criterion": "logo", "value": "0", "reason": ""})
    assert refused.status_code == 400
    response = client.post(url, {"criterion": "logo", "value": "0", "reason": "Logo hing er niet."})
    assert response.status_code == 302

    report = client.get(reverse("assessments:report", args=[audit.pk])).content.decode()
    assert "Logo hing er niet." in report and "Correcties na goedkeuring" in report
    audit.refresh_from_db()
    # The correction is the audit's current result everywhere; the approved one is kept in
    # the revision.
    assert audit.score == Decimal("75.0")
    assert audit.revisions.get().score_before == Decimal("100.0")
    client.force_login(users[Role.AUDITOR])
    assert client.get(url).status_code == 403


def test_a_correction_just_after_midnight_shows_its_dutch_date_and_time(client, audit, users):
    _approved(audit, users)
    # 23:30 UTC on 30 November is 00:30 on 1 December in the Netherlands. (The correction is
    # made through the service: a login session would not survive the trip in time.)
    with time_machine.travel(datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)):
        service.correct(
            audit,
            by=users[Role.NATIONAL],
            reason="Logo hing er niet.",
            changes={"logo": {"value": 0}},
        )

    client.force_login(users[Role.NATIONAL])
    report = client.get(reverse("assessments:report", args=[audit.pk])).content.decode()
    assert "1 december 2026 00:30" in report
    pdf = client.get(reverse("assessments:report_pdf", args=[audit.pk])).content
    assert "Revisie 1, 01-12-2026 00:30" in pdf_text(pdf)
    assert str(audit.events.get(kind="corrected")).endswith("(01-12-2026 00:30)")


def test_a_new_framework_version_is_made_from_the_versions_page(client, audit, users):
    client.force_login(users[Role.NATIONAL])
    page = client.get(reverse("assessments:frameworks"))
    assert "vastgezet" in page.content.decode()

    client.post(reverse("assessments:frameworks"), {"version": audit.version.pk})

    assert audit.version.framework.versions.count() == 2
    for bad in ("x", "²", "99999999999999999999", ""):
        assert client.post(reverse("assessments:frameworks"), {"version": bad}).status_code == 404
    assert audit.version.framework.versions.count() == 2
    client.force_login(users[Role.AUDITOR])
    assert client.get(reverse("assessments:frameworks")).status_code == 403


def test_the_next_audit_page_shows_the_open_actions_of_the_last_one(client, audit, users):
    service.add_action(audit, description="Bord ophangen", due_date=datetime.date(2027, 1, 1))
    _approved(audit, users)
    later = service.plan_audit(
        location=audit.location,
        version=audit.version,
        auditors=[users[Role.AUDITOR]],
        planned_for=datetime.date(2027, 11, 30),
        by=users[Role.NATIONAL],
    )
    client.force_login(users[Role.AUDITOR])
    html = client.get(reverse("assessments:audit", args=[later.pk])).content.decode()
    assert "Open verbeteracties van de vorige audit" in html and "Bord ophangen" in html


def test_the_pdf_report_prints_typed_text_as_written(client, audit, users):
    """reportlab reads paragraph text as markup: a finding with < or & must neither break the
    PDF (a 500) nor turn into formatting; names in any Latin script come out whole."""
    finding = service.add_finding(
        audit, kind="improve", text="Wachttijd < 5 min & <b>vet</b>? Vraag het Łukasz of Ayşe."
    )
    service.add_action(
        audit,
        description="Bord 'Informatiepunt' <buiten> ophangen & melden",
        due_date=datetime.date(2027, 1, 15),
        finding=finding,
    )
    _approved(audit, users)
    client.force_login(users[Role.COORDINATOR])
    response = client.get(reverse("assessments:report_pdf", args=[audit.pk]))
    assert response.status_code == 200
    text = " ".join(pdf_text(response.content).split())  # table cells wrap their lines
    assert "Wachttijd < 5 min & <b>vet</b>? Vraag het Łukasz of Ayşe." in text
    assert "Bord 'Informatiepunt' <buiten> ophangen & melden" in text
