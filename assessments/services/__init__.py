"""The rules of quality audits. Views, admin and tasks call these modules:
``frameworks`` (versions), ``scoring`` (scores and outcomes), ``audits`` (the workflow),
``evidence`` (photos), ``actions`` (reminders), ``dashboard`` and ``exports``."""
