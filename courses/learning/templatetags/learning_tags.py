"""Small template helpers for quiz forms."""

from django import template

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
