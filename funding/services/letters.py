"""The grant letter (verleningsbeschikking) and the settlement letter (vaststelling) as PDFs,
in Dutch, set in the embedded font the platform's other PDFs use (ido_platform.core.pdf)."""

import io

from django.utils.translation import gettext as _

from funding.services.formula import euros, explain
from ido_platform.core import pdf


def _document(title, paragraphs):
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    styles = pdf.stylesheet()
    buffer = io.BytesIO()
    doc = pdf.document(buffer, title, margin_mm=20)
    story = [Paragraph(pdf.text(title), styles["Title"]), Spacer(1, 4 * mm)]
    for style, text in paragraphs:
        story.append(Paragraph(pdf.text(text), styles[style]))
        story.append(Spacer(1, 2 * mm))
    doc.build(story)
    return buffer.getvalue()


def grant_letter(application):
    """Amount, period, obligations and the payment schedule of a granted application."""
    subsidy_round = application.round
    # The advance never exceeds the grant (see correct_grant); the rest is never negative.
    rest = max(application.granted_amount - (application.advance_amount or 0), 0)
    lines = [
        ("Normal", _("Aan: %(organisation)s") % {"organisation": application.organisation.name}),
        ("Normal", _("Regeling: %(round)s") % {"round": subsidy_round.name}),
        ("Heading2", _("Besluit")),
        (
            "Normal",
            _("De KB verleent u een subsidie van € %(amount)s.")
            % {"amount": euros(application.granted_amount)},
        ),
        (
            "Normal",
            _(
                "Berekening: %(formula)s Inwoners werkgebied: %(inhabitants)s. "
                "Bedrag volgens de formule: € %(formula_amount)s."
            )
            % {
                "formula": explain(subsidy_round),
                "inhabitants": application.inhabitants,
                "formula_amount": euros(application.formula_amount),
            },
        ),
        (
            "Normal",
            _("Subsidieperiode: %(start)s tot en met %(end)s.")
            % {
                "start": subsidy_round.period_start.strftime("%d-%m-%Y"),
                "end": subsidy_round.period_end.strftime("%d-%m-%Y"),
            },
        ),
        ("Heading2", _("Betaling")),
        (
            "Normal",
            _("Voorschot: € %(advance)s (%(percentage)s%%), na dit besluit.")
            % {
                "advance": euros(application.advance_amount),
                "percentage": subsidy_round.advance_percentage,
            },
        ),
        ("Normal", _("De rest, hoogstens € %(rest)s, na de vaststelling.") % {"rest": euros(rest)}),
        ("Heading2", _("Verplichtingen")),
        *[("Normal", "• " + str(item)) for item in subsidy_round.obligations()],
        (
            "Normal",
            _("U verantwoordt de subsidie uiterlijk %(date)s op het platform.")
            % {"date": subsidy_round.accountability_due.strftime("%d-%m-%Y")},
        ),
    ]
    return _document(_("Verleningsbeschikking"), lines)


def settlement_letter(application):
    """The final amount, what was advanced, and what is paid or reclaimed."""
    lines = [
        ("Normal", _("Aan: %(organisation)s") % {"organisation": application.organisation.name}),
        ("Normal", _("Regeling: %(round)s") % {"round": application.round.name}),
        ("Normal", _("Verleend: € %(amount)s") % {"amount": euros(application.granted_amount)}),
        ("Normal", _("Vastgesteld: € %(amount)s") % {"amount": euros(application.settled_amount)}),
        (
            "Normal",
            _("Voorschot betaald: € %(amount)s") % {"amount": euros(application.advance_amount)},
        ),
    ]
    if application.reclaim_amount:
        lines.append(
            (
                "Normal",
                _("Wij vorderen € %(amount)s terug.")
                % {"amount": euros(application.reclaim_amount)},
            )
        )
    else:
        lines.append(
            (
                "Normal",
                _("Wij betalen u nog € %(amount)s.")
                % {"amount": euros(application.remainder_amount)},
            )
        )
    return _document(_("Vaststelling van de subsidie"), lines)
