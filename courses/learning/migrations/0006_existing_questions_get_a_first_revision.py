"""Questions written before review existed were live already: they stay live and get a first
revision (the published content, with its choices), so their history starts there and the
review compares later drafts against it."""

from django.db import migrations
from django.utils import timezone

from modelcluster.models import get_serializable_data_for_fields


def give_existing_questions_a_first_revision(apps, schema_editor):
    Question = apps.get_model("learning", "Question")
    Choice = apps.get_model("learning", "Choice")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    questions = Question.objects.filter(latest_revision__isnull=True)
    if not questions.exists():
        return
    base_type = ContentType.objects.get_for_model(Question)
    now = timezone.now()
    for question in questions.select_related("polymorphic_ctype"):
        content_type = question.polymorphic_ctype or base_type
        model = apps.get_model(content_type.app_label, content_type.model)
        specific = model.objects.get(pk=question.pk)
        content = get_serializable_data_for_fields(specific)
        content["choices"] = [
            get_serializable_data_for_fields(choice)
            for choice in Choice.objects.filter(question_id=question.pk).order_by(
                "sort_order", "pk"
            )
        ]
        content.update(live=True, has_unpublished_changes=False)
        revision = Revision.objects.create(
            content_type=content_type,
            base_content_type=base_type,
            object_id=str(question.pk),
            created_at=now,
            object_str=question.text[:80],
            content=content,
        )
        Question.objects.filter(pk=question.pk).update(
            live=True,
            has_unpublished_changes=False,
            latest_revision=revision,
            live_revision=revision,
            first_published_at=now,
            last_published_at=now,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0005_question_drafts_and_revisions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(give_existing_questions_a_first_revision, migrations.RunPython.noop),
    ]
