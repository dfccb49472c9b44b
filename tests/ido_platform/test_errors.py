"""One error shape for service refusals: every service's refusal is a ServiceRefusal with a
Dutch message (and the field, where useful), and a view that lets one through gives the
same Dutch 400 or 403 page."""

import importlib
import json
import types
from pathlib import Path

import pytest

from django.http import HttpResponse
from django.test import RequestFactory

from courses.learning.services.quizzes import GrantRefused, QuizInputError
from courses.runs.services.certificates import Anonymised
from courses.runs.services.enrolment import EnrolmentError
from ido_platform.core.errors import ServiceRefusal
from ido_platform.core.middleware import ServiceRefusalMiddleware
from ido_platform.core.views import refused
from questions.services.registration import RegistrationError

ROOT = Path(__file__).resolve().parents[2]
APPS = ("ido_platform/core", "courses/runs", "courses/learning", "assessments", "questions")
APPS += ("funding",)
# Exceptions in those modules that are not a refusal of a person's step, and why.
NOT_REFUSALS = {
    "ido_platform.core.cache.CacheUnavailable": "the cache is down; callers degrade",
    "ido_platform.core.outbox.Undeliverable": "a message cannot be sent; the outbox records it",
    "ido_platform.core.outbox.DeliveryFailed": "a transport failed; the outbox retries",
    "ido_platform.core.sms.GatewayUnavailable": "the SMS gateway is down (an OSError); retried",
    "ido_platform.core.sms.NotAMobileNumber": "a field validator's ValueError, not a service's",
    "courses.learning.models.questions.InvalidAnswer": (
        "one question's parse error; the quiz service gathers them into QuizInputError"
    ),
}


def refusal_modules(root=ROOT):
    """The modules where a refusal may be defined: each app's services, models and rules,
    and the shared ground floor's own modules (it has no services package)."""
    paths = []
    for app in APPS:
        folder = root / app
        paths += folder.glob("services/*.py")
        paths += folder.glob("models.py")
        paths += folder.glob("models/*.py")
        paths += folder.glob("rules.py")
        if app == "ido_platform/core":
            paths += folder.glob("*.py")
    names = {".".join(path.relative_to(root).with_suffix("").parts) for path in paths}
    return sorted(name.removesuffix(".__init__") for name in names)


def non_conforming(modules):
    """Every exception class defined in ``modules`` that is neither a ServiceRefusal nor
    allowed by NOT_REFUSALS, as dotted names."""
    found = []
    for module in modules:
        for value in vars(module).values():
            if not (isinstance(value, type) and issubclass(value, BaseException)):
                continue
            name = f"{value.__module__}.{value.__qualname__}"
            if value.__module__ != module.__name__ or name in NOT_REFUSALS:
                continue
            if not issubclass(value, ServiceRefusal):
                found.append(name)
    return found


def test_every_exception_a_service_model_or_rule_defines_is_a_service_refusal():
    modules = [importlib.import_module(name) for name in refusal_modules()]
    assert "funding.services.applications" in refusal_modules()
    assert "ido_platform.core.admin_actions" in refusal_modules()
    assert non_conforming(modules) == []
    for name in NOT_REFUSALS:  # the allow-list names only what still exists
        module_name, _dot, class_name = name.rpartition(".")
        assert hasattr(importlib.import_module(module_name), class_name), name


def test_the_check_sees_an_exception_that_is_not_a_refusal():
    module = types.ModuleType("funding.services.invented")

    module.Oops = type("Oops", (Exception,), {"__module__": module.__name__})
    module.Fine = type("Fine", (ServiceRefusal,), {"__module__": module.__name__})
    module.ValidationError = ServiceRefusal  # imported, not defined here: not counted
    assert non_conforming([module]) == ["funding.services.invented.Oops"]


def test_a_refusal_carries_its_dutch_text_field_and_status():
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


@pytest.mark.django_db
def test_the_one_refusal_page_answers_with_the_refusals_status_in_dutch_or_as_json():
    factory = RequestFactory()
    gone = refused(factory.get("/"), Anonymised(), back=("/terug/", "Terug"))
    assert gone.status_code == 410 and "bewaartermijn voorbij" in gone.content.decode()
    assert "/terug/" not in gone.content.decode()  # a link back is for a signed-in person
    conflict = RegistrationError(["Eerste reden.", "Tweede reden."], status=409)
    answer = refused(factory.post("/", HTTP_ACCEPT="application/json"), conflict)
    assert answer.status_code == 409
    assert json.loads(answer.content) == {"ok": False, "errors": ["Eerste reden.", "Tweede reden."]}
    assert refused(factory.get("/"), "Kies een bibliotheek.").status_code == 400
    middleware = ServiceRefusalMiddleware(lambda request: HttpResponse())
    assert middleware.process_exception(factory.get("/"), Anonymised()).status_code == 410
