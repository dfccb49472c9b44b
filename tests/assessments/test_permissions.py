"""Who sees and does what with audits: the full matrix of roles × audits of the own and
another organisation, open and approved; the list scopes give the same answer."""

import pytest

from assessments.models import Audit, ImprovementAction
from ido_platform.core.models import Role
from ido_platform.core.permissions import scope
from tests.assessments.factories import AuditFactory
from tests.ido_platform.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = [Role.MEDEWERKER, Role.COORDINATOR, Role.AUDITOR, Role.EDITOR, Role.NATIONAL]
AUDITS = ["own_open", "own_approved", "other_open", "other_approved"]

# role -> the audits the role may see
VIEW = {
    Role.MEDEWERKER: set(),
    Role.COORDINATOR: {"own_approved"},
    Role.AUDITOR: {"own_open", "own_approved"},  # the two assigned to this auditor
    Role.EDITOR: set(),
    Role.NATIONAL: set(AUDITS),
}
SCORE = {role: ({"own_open", "own_approved"} if role == Role.AUDITOR else set()) for role in ROLES}
SELF_ASSESS = {
    role: ({"own_open", "own_approved"} if role == Role.COORDINATOR else set()) for role in ROLES
}
REVIEW = {role: (set(AUDITS) if role == Role.NATIONAL else set()) for role in ROLES}
ACTION_CHANGE = {
    Role.MEDEWERKER: set(),
    Role.COORDINATOR: {"own_open", "own_approved"},
    Role.AUDITOR: set(),
    Role.EDITOR: set(),
    Role.NATIONAL: set(AUDITS),
}


@pytest.fixture
def audits(framework_version, location, other_location, users, national_org):
    other_auditor = UserFactory(username="andere-auditor")
    MembershipFactory(user=other_auditor, organisation=national_org, role=Role.AUDITOR)
    made = {}
    for name in AUDITS:
        own = name.startswith("own")
        audit = AuditFactory(
            version=framework_version,
            location=location if own else other_location,
            auditors=[users[Role.AUDITOR] if own else other_auditor],
        )
        if name.endswith("approved"):
            Audit.objects.filter(pk=audit.pk).update(status=Audit.Status.APPROVED)
            audit.refresh_from_db()
        made[name] = audit
    return made


@pytest.fixture
def actions(audits):
    return {
        name: ImprovementAction.objects.create(
            audit=audit, description="Logo ophangen", due_date="2027-01-01"
        )
        for name, audit in audits.items()
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("perm", "expected"),
    [
        ("assessments.view_audit", VIEW),
        ("assessments.score_audit", SCORE),
        ("assessments.selfassess_audit", SELF_ASSESS),
        ("assessments.review_audit", REVIEW),
    ],
    ids=["view", "score", "self-assess", "review"],
)
def test_audit_rules_matrix(users, audits, role, perm, expected):
    user = users[role]
    allowed = {name for name, audit in audits.items() if user.has_perm(perm, audit)}
    assert allowed == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_audit_list_scope_matches_the_rule(users, audits, role):
    visible = set(scope(users[role], Audit.objects.all(), "view"))
    assert visible == {audits[name] for name in VIEW[role]}


@pytest.mark.parametrize("role", ROLES)
def test_improvement_action_matrix(users, actions, role):
    user = users[role]
    allowed = {
        name
        for name, action in actions.items()
        if user.has_perm("assessments.change_improvementaction", action)
    }
    assert allowed == ACTION_CHANGE[role]
    changeable = set(scope(user, ImprovementAction.objects.all(), "change"))
    assert changeable == {actions[name] for name in ACTION_CHANGE[role]}


@pytest.mark.parametrize(
    ("role", "plan", "dashboard", "frameworks"),
    [
        (Role.MEDEWERKER, False, False, False),
        (Role.COORDINATOR, True, False, False),
        (Role.AUDITOR, False, False, False),
        (Role.EDITOR, False, False, False),
        (Role.NATIONAL, True, True, True),
    ],
)
def test_planning_dashboard_and_framework_rights(users, role, plan, dashboard, frameworks):
    user = users[role]
    assert user.has_perm("assessments.plan_audit") is plan
    assert user.has_perm("assessments.view_dashboard") is dashboard
    assert user.has_perm("assessments.export_audits") is dashboard
    assert user.has_perm("assessments.change_framework") is frameworks


def test_a_used_version_cannot_be_changed_even_by_national_admins(users, audits, framework_version):
    from tests.assessments.factories import FrameworkVersionFactory

    national = users[Role.NATIONAL]
    unused = FrameworkVersionFactory(framework=framework_version.framework, number=2)
    assert not national.has_perm("assessments.change_frameworkversion", framework_version)
    assert not national.has_perm("assessments.change_theme", framework_version.themes.first())
    assert national.has_perm("assessments.change_frameworkversion", unused)


def test_an_approved_audit_cannot_be_edited_in_the_admin(users, audits):
    national = users[Role.NATIONAL]
    assert national.has_perm("assessments.change_audit", audits["own_open"])
    assert not national.has_perm("assessments.change_audit", audits["own_approved"])
    assert not national.has_perm("assessments.delete_audit", audits["own_approved"])
