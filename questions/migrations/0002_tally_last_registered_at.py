from django.db import migrations, models

# The cells already there get the registration time of the latest visit they count.
FILL = """
UPDATE questions_questiontally SET last_registered_at = (
    SELECT MAX(v.registered_at)
    FROM questions_question q JOIN questions_visit v ON v.id = q.visit_id
    WHERE v.deleted_at IS NULL
      AND v.location_id = questions_questiontally.location_id
      AND v.day = questions_questiontally.day
      AND COALESCE(v.hour, 24) = questions_questiontally.hour
      AND v.channel = questions_questiontally.channel
      AND q.kind = questions_questiontally.kind
      AND COALESCE(q.topic_id, 0) = questions_questiontally.topic_id
      AND q.action = questions_questiontally.action
      AND q.referred_to = questions_questiontally.referred_to
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="questiontally",
            name="last_registered_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
