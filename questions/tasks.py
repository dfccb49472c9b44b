"""Nightly: flag last week's peaks in question topics and tell editors and coordinators."""

import datetime

from celery import shared_task

from django.utils import timezone

from questions.services import trends


@shared_task(name="questions.tasks.flag_question_peaks")
def flag_question_peaks():
    """Idempotent: a peak already stored is not told again."""
    last_week = timezone.localdate() - datetime.timedelta(days=7)
    return len(trends.flag_peaks(last_week))
