"""Which channel reaches a participant, and queueing one message on it.

E-mail when there is an address; SMS when there is only a Dutch mobile number and an SMS
backend is configured (``ido_platform.core.sms.is_enabled``). Otherwise nothing is queued
and the coordinator phones the person: the participant list says who gets a text and who
must be phoned."""

from ido_platform.core import sms
from ido_platform.core.models import Message
from ido_platform.core.outbox import queue_message


def channel_for(enrolment):
    """How messages reach this person: e-mail, SMS, or None (the coordinator phones)."""
    if enrolment.contact_email:
        return Message.Channel.EMAIL
    if sms.is_enabled() and sms.is_mobile_number(enrolment.phone):
        return Message.Channel.SMS
    return None


def send(enrolment, *, kind, subject, body, sms_text, attachments=()):
    """Queue one message to the person on the best channel they gave us. ``sms_text`` makes
    the short text, only when it is needed."""
    channel = channel_for(enrolment)
    if channel == Message.Channel.EMAIL:
        return queue_message(
            recipient=enrolment.contact_email,
            subject=subject,
            body=body,
            kind=kind,
            attachments=attachments,
            regarding=enrolment,
        )
    if channel == Message.Channel.SMS:
        # The number as typed, so anonymising the run finds the message; the channel
        # turns it into +316... for the gateway.
        return queue_message(
            recipient=enrolment.phone,
            subject=subject,
            body=sms.gsm7(sms_text()),
            kind=kind,
            channel=Message.Channel.SMS,
            regarding=enrolment,
        )
    return None
