"""The assessments app's models: versioned frameworks (frameworks.py) and audits with their
answers, evidence, findings, actions and revisions (audits.py)."""

from .audits import (
    Answer,
    ApprovedAuditError,
    Audit,
    AuditEvent,
    AuditRevision,
    EvidencePhoto,
    Finding,
    ImprovementAction,
    Outcome,
    ThemeScore,
)
from .frameworks import (
    Criterion,
    DerivedCriterion,
    Framework,
    FrameworkVersion,
    FrozenVersionError,
    NumberCriterion,
    ScaleCriterion,
    TestCaseCriterion,
    Theme,
    YesNoCriterion,
)

__all__ = [
    "Answer",
    "ApprovedAuditError",
    "Audit",
    "AuditEvent",
    "AuditRevision",
    "Criterion",
    "DerivedCriterion",
    "EvidencePhoto",
    "Finding",
    "Framework",
    "FrameworkVersion",
    "FrozenVersionError",
    "ImprovementAction",
    "NumberCriterion",
    "Outcome",
    "ScaleCriterion",
    "TestCaseCriterion",
    "Theme",
    "ThemeScore",
    "YesNoCriterion",
]
