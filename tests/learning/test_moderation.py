"""Editors submit e-learning for review; only the reviewing group publishes (issue 14,
item 24)."""

import pytest

from courses.learning.demo import load_workflow
from ido_platform.core import people
from ido_platform.core.models import Role

pytestmark = pytest.mark.django_db


def test_editors_submit_and_only_the_reviewing_group_publishes(index, module, users):
    load_workflow(index)
    people.ensure_role_groups()
    editor, national = users[Role.EDITOR], users[Role.NATIONAL]
    people.sync_role_groups(editor)
    people.sync_role_groups(national)
    assert module.permissions_for_user(editor).can_edit()
    assert not module.permissions_for_user(editor).can_publish()
    assert module.permissions_for_user(national).can_publish()
    task = module.get_workflow().tasks.first().specific
    assert list(task.groups.values_list("name", flat=True)) == [people.ROLE_GROUPS[Role.NATIONAL]]


def test_editors_edit_page_offers_submit_not_publish(client, index, module, users):
    load_workflow(index)
    client.force_login(users[Role.EDITOR])
    html = client.get(f"/admin/pages/{module.pk}/edit/").content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html
