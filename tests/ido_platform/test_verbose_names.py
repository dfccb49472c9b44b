"""Every field of our models has a Dutch verbose name, so the admin, its inspect pages and
its exports never show "Created at" or "Uuid" (issue 14, item 16)."""

import pytest

from django.apps import apps

OUR_APPS = {"ido_platform", "courses", "learning", "assessments"}
# Fields a library's abstract base defines (Wagtail's Orderable, django-polymorphic, site
# settings): not ours to name.
LIBRARY_FIELDS = {"sort_order", "polymorphic_ctype", "site"}


def _our_fields():
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        for field in [*model._meta.local_fields, *model._meta.local_many_to_many]:
            if field.auto_created or field.name.endswith("_ptr"):
                continue
            if field.name in LIBRARY_FIELDS:
                continue
            yield model, field


def test_every_field_has_an_explicit_verbose_name():
    unnamed = [
        f"{model.__name__}.{field.name}"
        for model, field in _our_fields()
        if "verbose_name" not in field.deconstruct()[3]
    ]
    assert unnamed == []


def test_no_verbose_name_is_the_generated_english_one():
    english = [
        f"{model.__name__}.{field.name}"
        for model, field in _our_fields()
        if str(field.verbose_name) == field.name.replace("_", " ") and "_" in field.name
    ]
    assert english == []


@pytest.mark.django_db
def test_an_inspect_page_shows_dutch_time_and_words(client, users):
    import datetime
    from zoneinfo import ZoneInfo

    from ido_platform.core.models import Message, Role

    message = Message.objects.create(recipient="a@example.org", subject="s", body="b", kind="k")
    moment = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    Message.objects.filter(pk=message.pk).update(created_at=moment)
    client.force_login(users[Role.NATIONAL])
    html = client.get(f"/admin/message/inspect/{message.pk}/").content.decode()
    assert "02-12-2026 10:00" in html  # stored as 09:00 UTC
    assert "Aangemaakt op" in html and "Created at" not in html
