"""StreamField blocks shared by the platform's pages. Every block renders with its own
template under templates/blocks/."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("kop"))
    size = blocks.ChoiceBlock(
        choices=[("h2", _("kop 2")), ("h3", _("kop 3"))], default="h2", label=_("niveau")
    )

    class Meta:
        icon = "title"
        label = _("Kop")
        template = "blocks/heading_block.html"


class CalloutBlock(blocks.StructBlock):
    """A highlighted box: a tip, a warning or a short summary."""

    title = blocks.CharBlock(label=_("titel"), required=False)
    text = blocks.RichTextBlock(label=_("tekst"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "help"
        label = _("Opvallend blok")
        template = "blocks/callout_block.html"


class LinkCardBlock(blocks.StructBlock):
    """A card that leads somewhere: used for the three journeys on the home page."""

    title = blocks.CharBlock(label=_("titel"))
    text = blocks.TextBlock(label=_("tekst"))
    page = blocks.PageChooserBlock(label=_("pagina"), required=False)
    url = blocks.CharBlock(label=_("of een adres"), required=False)
    link_text = blocks.CharBlock(label=_("linktekst"))

    class Meta:
        icon = "link"
        label = _("Kaart met link")
        template = "blocks/link_card_block.html"


class BaseStreamBlock(blocks.StreamBlock):
    """The body of an ordinary content page."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("alinea"),
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h2", "h3"],
        template="blocks/paragraph_block.html",
    )
    image = ImageBlock(label=_("afbeelding"), template="blocks/image_block.html")
    callout = CalloutBlock()

    class Meta:
        template = "blocks/stream_block.html"


class CardsBlock(blocks.StreamBlock):
    card = LinkCardBlock()

    class Meta:
        template = "blocks/cards_block.html"
