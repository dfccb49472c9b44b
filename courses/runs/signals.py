"""Keep a run's first/last meeting times in step with its meetings, and the public pages
with the runs (the page cache, ido_platform.core.pagecache)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from courses.runs.models import CourseRun, Enrolment, Meeting
from ido_platform.core import pagecache


@receiver(post_save, sender=Meeting)
@receiver(post_delete, sender=Meeting)
def refresh_run_bounds(sender, instance, **kwargs):
    run = CourseRun.objects.filter(pk=instance.run_id).first()
    if run is not None:
        run.refresh_meeting_bounds()


# Seats left, the waitlist, times and places of runs show on the finder, the course pages, the
# open-data API and the iCal feeds: any change starts a new page-cache generation.
pagecache.invalidate_on_change(CourseRun, Meeting, Enrolment)
