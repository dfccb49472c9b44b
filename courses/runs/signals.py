"""Keep a run's first/last meeting times in step with its meetings."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from courses.runs.models import CourseRun, Meeting


@receiver(post_save, sender=Meeting)
@receiver(post_delete, sender=Meeting)
def refresh_run_bounds(sender, instance, **kwargs):
    run = CourseRun.objects.filter(pk=instance.run_id).first()
    if run is not None:
        run.refresh_meeting_bounds()
