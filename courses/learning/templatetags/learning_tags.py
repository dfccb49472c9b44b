"""Small template helpers for quiz forms."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def error_for(errors, question):
    """The Dutch error message for a question, if any."""
    return (errors or {}).get(question.pk, "")


@register.filter
def submitted_values(submitted, question):
    """The raw values the employee sent for a question (to keep them after an error)."""
    return (submitted or {}).get(str(question.pk), [])


@register.filter
def as_str(value):
    return str(value)


@register.filter
def positions(question):
    return range(1, len(question.choice_list()) + 1)


@register.filter
def chosen_position(submitted, choice):
    """For an ordering item: the position the employee posted for this choice."""
    choice_id = str(choice.pk)
    for value in (submitted or {}).get(str(choice.question_id), []):
        cid, _sep, position = value.partition(":")
        if cid == choice_id:
            return position
    return ""


@register.filter
def sessions_of(classroom, part):
    """The sessions and own enrolment for a classroom part of a learning path."""
    return (classroom or {}).get(part.pk, {})


@register.filter
def error_items(errors, questions):
    """The quiz's errors as (link, message) pairs for the site's error summary, in the order
    of the questions; an error about the whole form has no link."""
    items = []
    for number, question in enumerate(questions, start=1):
        message = (errors or {}).get(question.pk)
        if message:
            label = _("Vraag %(number)s") % {"number": number}
            items.append((f"#vraag-{question.pk}-veld", f"{label}: {message}"))
    items.extend((None, message) for key, message in (errors or {}).items() if key is None)
    return items
