"""Access policy fails closed: a rule that looks at the object but has no list scope lists
nothing, and the system check names it."""

import pytest
import rules

from ido_platform.core import checks, permissions
from ido_platform.core.models import Role, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def object_rule_without_scope():
    """Topics' view rule replaced, for one test, by one that looks at the object."""
    name = "ido_platform.view_topic"
    original = rules.permissions.permissions[name]

    @rules.predicate
    def only_its_own(user, topic=None):
        return topic is None or topic.slug == user.username

    rules.set_perm(name, permissions.is_staff_member & only_its_own)
    yield
    rules.set_perm(name, original)


def test_every_object_rule_of_the_project_has_a_list_scope():
    assert not [error for error in checks.object_rules_have_scopes(None) if error.id == "ido.E004"]


def test_an_object_rule_without_a_scope_lists_nothing_and_is_named(
    users, object_rule_without_scope
):
    Topic.objects.create(name="DigiD", slug="digid")
    editor = users[Role.EDITOR]
    assert permissions.scope(editor, Topic.objects.all(), "view").count() == 0
    [error] = checks.object_rules_have_scopes(None)
    assert error.id == "ido.E004" and "ido_platform.topic" in error.msg


def test_a_rule_that_ignores_the_object_lists_everything_it_allows(users):
    Topic.objects.create(name="DigiD", slug="digid")
    assert permissions.scope(users[Role.EDITOR], Topic.objects.all(), "view").count() == 1
    assert permissions.scope(users[Role.NATIONAL], Topic.objects.all(), "view").count() == 1
