"""The audit report: scores per theme and per criterion beside the self-assessment and the
previous audit (compared by key, so across framework versions), findings, actions and the
history; also as a PDF for the library."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Answer
from assessments.services import audits as audit_service
from assessments.services.frameworks import structure
from assessments.services.results import current_result
from assessments.services.scoring import score_audit
from ido_platform.core import formatting, pdf


def report_context(audit):
    """Everything the report shows."""
    themes = structure(audit.version)
    current = current_result(audit, themes=themes)
    result = current.scored
    self_result = score_audit(audit, source=Answer.Source.SELF, themes=themes)
    previous = audit_service.previous_audit(audit)
    previous_result = score_audit(previous) if previous else None
    previous_by_theme = {}
    previous_by_criterion = {}
    if previous_result:
        for theme in previous_result.themes:
            previous_by_theme[theme.theme.key] = theme.score
            for item in theme.criteria:
                previous_by_criterion[item.criterion.key] = item
    self_by_criterion = {
        item.criterion.pk: item for theme in self_result.themes for item in theme.criteria
    }
    rows = []
    for theme in result.themes:
        before = previous_by_theme.get(theme.theme.key)
        rows.append(
            {
                "theme": theme.theme,
                "score": theme.score,
                "self_score": self_result.theme(theme.theme.key).score,
                "previous": before,
                "change": (theme.score - before)
                if theme.score is not None and before is not None
                else None,
                "criteria": [
                    {
                        "item": item,
                        "self": self_by_criterion.get(item.criterion.pk),
                        "previous": previous_by_criterion.get(item.criterion.key),
                    }
                    for item in theme.criteria
                ],
            }
        )
    photos = list(audit.photos.select_related("criterion"))
    comments = {
        a.criterion_id: a.comment
        for a in audit.answers.filter(source=Answer.Source.AUDITOR).exclude(comment="")
    }
    return {
        "audit": audit,
        "result": result,
        "revision_number": current.revision_number,
        "self_result": self_result,
        "rows": rows,
        "comments": comments,
        "previous": previous,
        "previous_result": previous_result,
        "findings": list(audit.findings.all()),
        "actions": list(audit.actions.select_related("owner")),
        "auditors": list(audit.auditors.all()),
        "events": list(audit.events.select_related("by")),
        "revisions": list(audit.revisions.select_related("author")),
        "photos": photos,
        "photo_groups": photo_groups(themes, photos),
    }


def photo_groups(themes, photos):
    """The photos by theme, in the framework's order; photos of no known theme last."""
    by_theme = {}
    for photo in photos:
        by_theme.setdefault(photo.theme_id, []).append(photo)
    groups = [
        {"title": theme.title, "photos": by_theme.pop(theme.pk)}
        for theme in themes
        if theme.pk in by_theme
    ]
    rest = [photo for group in by_theme.values() for photo in group]
    if rest:
        groups.append({"title": _("Zonder thema"), "photos": rest})
    return groups


def _photo_flowable(photo, width):
    """The evidence photo scaled to ``width``, or a line saying it is missing."""
    from reportlab.platypus import Image, Paragraph

    try:
        with photo.image.storage.open(photo.image.name, "rb") as stored:
            data = io.BytesIO(stored.read())
    except OSError:
        return Paragraph(pdf.text(_("(foto niet gevonden)")), pdf.stylesheet()["Normal"])
    height = width * photo.height / photo.width if photo.width else width * 0.75
    return Image(data, width=width, height=height)


def report_pdf(context):
    """The report as PDF bytes (reportlab)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    audit, result = context["audit"], context["result"]
    styles = pdf.stylesheet()
    buffer = io.BytesIO()
    doc = pdf.document(buffer, _("Auditrapport %(location)s") % {"location": audit.location.name})
    table_style = TableStyle(pdf.table_style(("VALIGN", (0, 0), (-1, -1), "TOP")))

    fmt = formatting.score

    story = [
        Paragraph(
            pdf.text(_("Auditrapport %(location)s") % {"location": audit.location.name}),
            styles["Title"],
        ),
        Paragraph(
            pdf.text(
                _("%(organisation)s · bezoek op %(date)s · ronde %(round)s · %(version)s")
                % {
                    "organisation": audit.location.organisation.name,
                    "date": audit.planned_for.strftime("%d-%m-%Y"),
                    "round": audit.round,
                    "version": str(audit.version),
                }
            ),
            styles["Normal"],
        ),
        Spacer(1, 6 * mm),
        Paragraph(
            pdf.text(
                _("Uitkomst: %(outcome)s (totaalscore %(score)s)")
                % {"outcome": result.outcome_label or "–", "score": fmt(result.score)}
            ),
            styles["Heading2"],
        ),
    ]
    if result.drivers:
        story.append(Paragraph(_("Waarom deze score"), styles["Heading3"]))
        for item in result.drivers:
            text = (
                _("Knock-out niet gehaald: %(title)s") % {"title": item.criterion.title}
                if item.knockout_failed
                else _("%(title)s (kost %(points)s punten)")
                % {"title": item.criterion.title, "points": fmt(item.points_lost)}
            )
            story.append(Paragraph("• " + pdf.text(text), styles["Normal"]))
    story += [Spacer(1, 4 * mm), Paragraph(_("Scores per thema"), styles["Heading3"])]
    data = [[_("Thema"), _("Score"), _("Zelfevaluatie"), _("Vorige audit")]]
    for row in context["rows"]:
        data.append(
            [
                Paragraph(pdf.text(row["theme"].title), styles["Normal"]),
                fmt(row["score"]),
                fmt(row["self_score"]),
                fmt(row["previous"]),
            ]
        )
    table = Table(data, colWidths=[80 * mm, 25 * mm, 30 * mm, 30 * mm])
    table.setStyle(table_style)
    story.append(table)
    if context["findings"]:
        story += [Spacer(1, 4 * mm), Paragraph(_("Bevindingen"), styles["Heading3"])]
        for finding in context["findings"]:
            story.append(
                Paragraph(
                    pdf.text(f"• {finding.get_kind_display()}: {finding.text}"), styles["Normal"]
                )
            )
    if context["actions"]:
        story += [Spacer(1, 4 * mm), Paragraph(_("Verbeteracties"), styles["Heading3"])]
        data = [[_("Actie"), _("Eigenaar"), _("Klaar op"), _("Status")]]
        for action in context["actions"]:
            data.append(
                [
                    Paragraph(pdf.text(action.description), styles["Normal"]),
                    formatting.person_name(action.owner, empty=""),
                    action.due_date.strftime("%d-%m-%Y"),
                    action.get_status_display(),
                ]
            )
        table = Table(data, colWidths=[80 * mm, 35 * mm, 25 * mm, 25 * mm])
        table.setStyle(table_style)
        story.append(table)
    if context["photo_groups"]:
        story += [Spacer(1, 4 * mm), Paragraph(_("Bewijsfoto's"), styles["Heading3"])]
        for group in context["photo_groups"]:
            story.append(Paragraph(pdf.text(group["title"]), styles["Heading4"]))
            for photo in group["photos"]:
                story += [_photo_flowable(photo, 70 * mm), Spacer(1, 1 * mm)]
                where = photo.criterion.title if photo.criterion_id else _("Algemeen bij dit thema")
                label = f"{photo.caption or _('Zonder onderschrift')} ({where})"
                story.append(Paragraph(pdf.text(label), styles["Normal"]))
                story.append(Spacer(1, 3 * mm))
    if context["revisions"]:
        story += [Spacer(1, 4 * mm), Paragraph(_("Correcties"), styles["Heading3"])]
        for revision in context["revisions"]:
            story.append(
                Paragraph(
                    pdf.text(
                        _("Revisie %(number)s, %(date)s, %(author)s: %(reason)s")
                        % {
                            "number": revision.number,
                            "date": timezone.localtime(revision.created_at).strftime(
                                "%d-%m-%Y %H:%M"
                            ),
                            "author": formatting.person_name(revision.author, empty=""),
                            "reason": revision.reason,
                        }
                    ),
                    styles["Normal"],
                )
            )
    doc.build(story)
    return buffer.getvalue()
