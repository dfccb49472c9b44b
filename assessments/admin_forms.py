"""Wagtail admin forms for audits and improvement actions: they ask the same service rules
as the audit pages, so the admin cannot save what the workflow would refuse."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from assessments.models import ImprovementAction
from assessments.services import audits as audit_service
from assessments.services import frameworks as framework_service


class AuditAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        if "auditors" in cleaned:
            try:
                audit_service.check_auditors(cleaned["auditors"])
            except ValidationError as error:
                self.add_error("auditors", error.message_dict["auditors"])
        version = cleaned.get("version")
        if version is not None:
            changed = self.instance.pk and version.pk != self.instance.version_id
            if changed and self.instance.answers.exists():
                self.add_error(
                    "version",
                    _("Deze audit heeft al antwoorden; de kaderversie kan niet meer veranderen."),
                )
            try:
                framework_service.check_publishable(version)
            except ValidationError as error:
                self.add_error("version", error.messages)
        return cleaned


class ImprovementActionAdminForm(WagtailAdminModelForm):
    """Status and evidence follow ``audits.update_action`` (done needs evidence)."""

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if (
            status == ImprovementAction.Status.DONE
            and not (cleaned.get("fix_evidence") or "").strip()
        ):
            self.add_error("fix_evidence", _("Beschrijf hoe het verbeterd is."))
        return cleaned
