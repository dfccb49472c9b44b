"""StreamField blocks for lessons. Every block renders with its own template under
templates/learning/blocks/."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from courses.learning.video import player_for

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


class LessonImageBlock(blocks.StructBlock):
    """An image with alt text that an editor cannot leave out."""

    image = ImageChooserBlock(label=_("afbeelding"))
    alt_text = blocks.CharBlock(
        label=_("alternatieve tekst"),
        max_length=250,
        help_text=_("Beschrijf wat op de afbeelding staat, voor wie haar niet kan zien."),
    )
    caption = blocks.CharBlock(label=_("onderschrift"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("alt_text") or "").strip():
            raise blocks.StructBlockValidationError(
                {"alt_text": ValidationError(_("Vul een alternatieve tekst in."))}
            )
        return value

    class Meta:
        icon = "image"
        label = _("Afbeelding")
        template = "learning/blocks/image_block.html"


class VideoBlock(blocks.StructBlock):
    """A video (YouTube, Vimeo) with a title for screen readers and a transcript. It is shown
    as a link to the provider, and loads the provider's player only on a click
    (courses/learning/video.py)."""

    video = EmbedBlock(label=_("adres van de video"))
    title = blocks.CharBlock(label=_("titel van de video"))
    transcript = blocks.RichTextBlock(
        label=_("uitgeschreven tekst"), features=TEXT_FEATURES, required=False
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        embed = value.get("video")
        context["player"] = player_for(embed.url if embed else "")
        return context

    class Meta:
        icon = "media"
        label = _("Video")
        template = "learning/blocks/video_block.html"


class CasusBlock(blocks.StructBlock):
    """A visitor's situation and a question; model answers stay hidden until asked for."""

    title = blocks.CharBlock(label=_("titel"), required=False)
    situation = blocks.RichTextBlock(label=_("situatie"), features=TEXT_FEATURES)
    question = blocks.CharBlock(label=_("vraag aan de medewerker"))
    model_answers = blocks.ListBlock(
        blocks.RichTextBlock(features=TEXT_FEATURES, label=_("modelantwoord")),
        label=_("modelantwoorden"),
        min_num=1,
    )

    class Meta:
        icon = "user"
        label = _("Casus")
        template = "learning/blocks/casus_block.html"


class TipBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titel"), required=False)
    text = blocks.RichTextBlock(label=_("tekst"), features=TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Tip")
        template = "learning/blocks/tip_block.html"


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titel"))
    items = blocks.ListBlock(blocks.CharBlock(label=_("punt")), label=_("punten"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Checklist")
        template = "learning/blocks/checklist_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("linktekst"), required=False)
    description = blocks.CharBlock(label=_("korte omschrijving"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document om te downloaden")
        template = "learning/blocks/document_block.html"


class LessonStreamBlock(blocks.StreamBlock):
    """The body of a lesson."""

    text = blocks.RichTextBlock(
        label=_("tekst"), features=TEXT_FEATURES, template="learning/blocks/text_block.html"
    )
    image = LessonImageBlock()
    video = VideoBlock()
    casus = CasusBlock()
    tip = TipBlock()
    checklist = ChecklistBlock()
    document = DocumentBlock()

    class Meta:
        template = "learning/blocks/lesson_stream_block.html"
