"""One error shape for service refusals: every service's refusal is a ServiceRefusal with a
Dutch message (and the field, where useful), and a view that lets one through gives the
same Dutch 400 or 403 page."""

import pytest

from django.http import HttpResponse
from django.test import RequestFactory

from assessments.models.audits import ApprovedAuditError
from assessments.models.frameworks import FrozenVersionError
from assessments.services.audits import AuditStateError
from courses.learning.services.quizzes import GrantRefused, QuizInputError
from courses.runs.services.enrolment import EnrolmentError
from ido_platform.core.errors import ServiceRefusal
from ido_platform.core.middleware import ServiceRefusalMiddleware


def test_every_service_refusal_has_the_one_shape():
    for refusal in (
        EnrolmentError,
        AuditStateError,
        ApprovedAuditError,
        FrozenVersionError,
        GrantRefused,
        QuizInputError,
    ):
        assert issubclass(refusal, ServiceRefusal), refusal
    grant = GrantRefused("Geef een reden op.", field="reason")
    assert (grant.text, grant.field, grant.forbidden) == ("Geef een reden op.", "reason", False)
    quiz = QuizInputError({1: "Kies een antwoord.", None: "Dit hoort niet bij de toets."})
    assert quiz.text == "Kies een antwoord.; Dit hoort niet bij de toets." and quiz.errors


@pytest.mark.django_db
def test_a_refusal_a_view_lets_through_is_a_dutch_page_not_a_500():
    middleware = ServiceRefusalMiddleware(lambda request: HttpResponse())
    request = RequestFactory().post("/")
    bad = middleware.process_exception(request, EnrolmentError("Deze groep is geannuleerd."))
    assert bad.status_code == 400 and "Deze groep is geannuleerd." in bad.content.decode()
    forbidden = GrantRefused("Alleen voor uw eigen team.", forbidden=True)
    assert middleware.process_exception(request, forbidden).status_code == 403
    assert middleware.process_exception(request, ValueError("x")) is None


SERVICE_PACKAGES = ("ido_platform/core", "assessments/services", "courses/runs/services")
SERVICE_PACKAGES += ("courses/learning/services", "questions/services", "funding/services")
# Field validators (a phone number, an e-mail address) that forms and model clean() call:
# a plain ValidationError is their contract, not a service's refusal.
FIELD_VALIDATORS = {"courses/runs/services/contact.py"}


def test_no_service_refuses_with_a_bare_validation_error():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    bare = []
    for package in SERVICE_PACKAGES:
        for path in sorted((root / package).glob("*.py")):
            if str(path.relative_to(root)) in FIELD_VALIDATORS or path.name == "forms.py":
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                    name = getattr(node.exc.func, "id", getattr(node.exc.func, "attr", ""))
                    if name == "ValidationError":
                        bare.append(f"{path.relative_to(root)}:{node.lineno}")
    assert bare == [], "raise a ServiceRefusal (one error shape) instead: " + ", ".join(bare)
