"""Thin Celery tasks: they take ids (or nothing) and call a service."""

from celery import shared_task

from courses.learning.services import certificates, reminders


@shared_task(name="courses.learning.tasks.generate_certificate_file")
def generate_certificate_file(certificate_id):

    certificates.generate_file(certificate_id)
    return certificate_id


@shared_task(name="courses.learning.tasks.send_expiry_reminders")
def send_expiry_reminders():

    return reminders.send_expiry_reminders()


@shared_task(name="courses.learning.tasks.send_coordinator_digests")
def send_coordinator_digests():

    return reminders.send_coordinator_digests()
