"""StreamField blocks shared by the site's pages. Kept small: every block here is a
column in every revision of every page that uses it."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False)

    class Meta:
        icon = "openquote"
        template = "core/blocks/quote_block.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"))
    page = blocks.PageChooserBlock(label=_("page"))

    class Meta:
        icon = "link"
        template = "core/blocks/call_to_action_block.html"


class NarrativeBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("heading"), form_classname="title", template="core/blocks/heading_block.html"
    )
    paragraph = blocks.RichTextBlock(
        label=_("paragraph"), features=["bold", "italic", "link", "ol", "ul"]
    )
    image = ImageBlock(label=_("image"))
    quote = QuoteBlock(label=_("quote"))
    call_to_action = CallToActionBlock(label=_("call to action"))
