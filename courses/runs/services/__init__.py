"""The rules of the courses app: views, admin, API and tasks call these, never the other way."""
