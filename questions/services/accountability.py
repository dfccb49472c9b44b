"""The accountability summary of a library for one year, as a PDF for its municipality:
questions per quarter, per topic, per organisation (the partners), referrals and impact.
The figures are the monitor's (``monitor.figures``, read from the rollups), so they are
the same as on screen, with small numbers hidden when the viewer is not of that library."""

import datetime
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from ido_platform.core import pdf
from questions.services import monitor

FIRST_YEAR = 2020


def selection(organisation, year):
    """The whole ``year`` (up to today in the current year), per quarter, for the library."""
    end = min(datetime.date(year, 12, 31), timezone.localdate())
    return monitor.Selection(
        start=datetime.date(year, 1, 1),
        end=end,
        granularity="kwartaal",
        organisation_id=organisation.pk,
    )


def summary(user, organisation, year):
    """The figures of the summary: a dict for ``summary_pdf``."""
    figures = monitor.figures(user, selection(organisation, year))
    by_quarter = {row["label"].month: row["count"] for row in figures.series}
    quarters = [
        {
            "label": _("K%(quarter)s %(year)s") % {"quarter": quarter, "year": year},
            "count": by_quarter.get(3 * quarter - 2, 0),
        }
        for quarter in range(1, 5)
    ]
    return {
        "organisation": organisation,
        "year": year,
        "figures": figures,
        "quarters": quarters,
        "topics": figures.topics,
        "organisations": [row for row in figures.organisations if row["count"] != 0],
        "referrals": [row for row in figures.referrals if row["count"] != 0],
    }


def _count(value):
    return f"< {monitor.suppression.threshold()}" if value is None else str(value)


def summary_pdf(context):
    """The summary as PDF bytes (reportlab, the platform's embedded font)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    organisation, year, figures = context["organisation"], context["year"], context["figures"]
    styles = pdf.stylesheet()
    title = _("Verantwoording vragen %(year)s: %(library)s") % {
        "year": year,
        "library": organisation.name,
    }
    buffer = io.BytesIO()
    doc = pdf.document(buffer, title)
    base_style = pdf.table_style(("ALIGN", (1, 0), (1, -1), "RIGHT"))

    def table(header, rows, total_row=None):
        # Table cells are plain strings (drawn as is, no markup): no escaping here.
        data = [header] + rows
        style = list(base_style)
        if total_row is not None:
            data.append(total_row)
            style.append(("FONTNAME", (0, -1), (-1, -1), pdf.BOLD))
        result = Table(data, colWidths=[120 * mm, 40 * mm], repeatRows=1)
        result.setStyle(TableStyle(style))
        return result

    story = [
        Paragraph(pdf.text(title), styles["Title"]),
        Paragraph(
            pdf.text(
                _(
                    "Vragen van inwoners bij de informatiepunten van %(library)s, van "
                    "%(start)s tot en met %(end)s. Alleen tellingen: geen persoonsgegevens."
                )
                % {
                    "library": organisation.name,
                    "start": figures.selection.start.strftime("%d-%m-%Y"),
                    "end": figures.selection.end.strftime("%d-%m-%Y"),
                }
            ),
            styles["Normal"],
        ),
    ]
    if figures.shared:
        story.append(
            Paragraph(
                pdf.text(
                    _("Aantallen onder de %(n)s zijn verborgen (\u201c< %(n)s\u201d).")
                    % {"n": monitor.suppression.threshold()}
                ),
                styles["Normal"],
            )
        )
    sections = [
        (_("Vragen per kwartaal"), _("Kwartaal"), context["quarters"], figures.total),
        (_("Vragen per onderwerp"), _("Onderwerp"), context["topics"], figures.total),
        (_("Vragen per organisatie"), _("Organisatie"), context["organisations"], None),
        (_("Doorverwijzingen"), _("Doorverwezen naar"), context["referrals"], None),
    ]
    for heading, column, rows, total in sections:
        story += [Spacer(1, 4 * mm), Paragraph(heading, styles["Heading2"])]
        if not rows:
            story.append(Paragraph(_("Geen vragen in dit jaar."), styles["Normal"]))
            continue
        lines = [[str(row["label"]), _count(row["count"])] for row in rows]
        total_row = None if total is None else [_("Totaal"), _count(total)]
        story.append(table([column, _("Vragen")], lines, total_row))
    story.append(Paragraph(_("Een vraag kan over meer organisaties gaan."), styles["Italic"]))

    impact = figures.impact
    story += [Spacer(1, 4 * mm), Paragraph(_("Wat bezoekers ervan vinden"), styles["Heading2"])]
    if impact.get("rows"):
        story.append(
            Paragraph(
                pdf.text(
                    _(
                        "%(n)s bezoekers vulden de korte vragenlijst in; gemiddeld cijfer "
                        "%(rating)s."
                    )
                    % {"n": impact["responses"], "rating": impact["rating"]}
                ),
                styles["Normal"],
            )
        )
        lines = [[str(row["label"]), f"{row['percent']}%"] for row in impact["rows"]]
        story.append(table([_("Vraag"), _("Ja")], lines))
    else:
        story.append(
            Paragraph(_("Te weinig antwoorden op de vragenlijst om te tonen."), styles["Normal"])
        )
    story += [
        Spacer(1, 6 * mm),
        Paragraph(
            pdf.text(
                _("Gemaakt door het IDO-platform op %(date)s.")
                % {"date": timezone.localdate().strftime("%d-%m-%Y")}
            ),
            styles["Italic"],
        ),
    ]
    doc.build(story)
    return buffer.getvalue()
