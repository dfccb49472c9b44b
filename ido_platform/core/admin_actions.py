"""Deletes in the Wagtail admin that respect the services.

Wagtail runs every admin delete through the action registry (``wagtail.actions``): the
delete view asks ``action_registry.get_action_class(model, "delete")``. A model whose state
a service owns registers one of the actions below (hook ``register_actions``), so there is
no path from the admin's delete button to a raw ``Model.delete()`` for it:

* ``ServiceDeleteAction``: the delete is routed through the service rule (for example an
  enrolment is cancelled, its seat goes to the waitlist, and its personal data is removed);
* ``RefusedDeleteAction``: the admin never deletes these rows (records, history); the view
  shows the Dutch reason.

``ScopedDeleteView`` turns a refusal (a ``ValidationError``, also one a model raises
itself) into a Dutch message instead of a 500.
"""

from wagtail.actions.delete import DeleteAction

from ido_platform.core.errors import ServiceRefusal


class DeleteRefused(ServiceRefusal):
    """The admin may not delete this object; the message says why, in Dutch."""


class RefusedDeleteAction(DeleteAction):
    """Never deletes. Subclasses set ``refusal`` (a lazy Dutch text)."""

    refusal = ""
    refuses = True

    def _delete(self):
        raise DeleteRefused(str(self.refusal))


class ServiceDeleteAction(DeleteAction):
    """Routes the delete through a service. Subclasses implement ``end(instance, user)``,
    which applies the rule and returns the Dutch message to show (or raises a
    ``ValidationError`` with the reason it refuses)."""

    refuses = False

    def end(self, instance, user):
        raise NotImplementedError

    def _delete(self):
        return self.end(self.instance, self.user)


def refusing(message):
    """A ``RefusedDeleteAction`` subclass with this Dutch ``message``."""
    return type("RefusedDelete", (RefusedDeleteAction,), {"refusal": message})


def routes_through_service(action_class):
    """True when an admin delete of the model cannot reach a raw ``Model.delete()``."""
    return bool(action_class) and issubclass(
        action_class, RefusedDeleteAction | ServiceDeleteAction
    )
