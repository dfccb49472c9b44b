"""Fixtures of the audit tests live in fixtures.py so browser tests can use them too."""

from tests.assessments.fixtures import audit, framework_version  # noqa: F401
