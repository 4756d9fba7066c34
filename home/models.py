from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import NarrativeBlock
from core.personal import SharedPageMixin
from home import selectors
from home.colours import (
    MIN_CONTRAST,
    TEXT,
    WHITE,
    contrast_ratio,
    normalise_hex,
)


class HomePage(SharedPageMixin, Page):
    """The front page: what the goals are, consultations open now, latest pledges."""

    headline = models.CharField(_("headline"), max_length=200)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [
        *Page.content_panels,
        FieldPanel("headline"),
        FieldPanel("intro"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "goals.GoalIndexPage",
        "consultations.ConsultationIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.home_page_context())
        return context


class StandardPage(Page):
    """About, privacy notice, accessibility statement, moderation policy."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(NarrativeBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="site")
class SiteBranding(BaseSiteSetting):
    """A place's name, logo and colours, so each city can run the platform as its own."""

    place_name = models.CharField(_("place name"), max_length=100, default="City Goals")
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        default="#1d4f91",
        help_text=_("A hex colour with at least 4.5:1 contrast against white, e.g. #1d4f91."),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#ffdd00",
        help_text=_("Used for the keyboard focus outline. Must be clearly visible."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("place_name"), FieldPanel("tagline"), FieldPanel("logo")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [FieldPanel("brand_colour"), FieldPanel("accent_colour")], heading=_("Colours")
        ),
        FieldPanel("contact_email"),
    ]

    class Meta:
        verbose_name = _("branding")

    def clean(self):
        """Colours must be hex and readable: white text on the brand colour (the header,
        buttons) at 4.5:1 or more; the accent (focus highlight, behind dark text) at
        4.5:1 or more against the text colour, so the focused link stays readable."""
        super().clean()
        checks = (
            (
                "brand_colour",
                WHITE,
                _(
                    "White text on this colour has a contrast ratio of %(ratio).2f:1. "
                    "Choose a darker colour: it needs at least %(minimum).1f:1."
                ),
            ),
            (
                "accent_colour",
                TEXT,
                _(
                    "Dark text on this colour has a contrast ratio of %(ratio).2f:1. "
                    "Choose a lighter colour: it needs at least %(minimum).1f:1."
                ),
            ),
        )
        errors = {}
        for field, against, too_low in checks:
            colour = normalise_hex(getattr(self, field))
            if colour is None:
                errors[field] = _(
                    "Enter a colour as a hex code: # followed by 6 digits or letters A–F."
                )
                continue
            setattr(self, field, colour)
            ratio = contrast_ratio(colour, against)
            if ratio < MIN_CONTRAST:
                errors[field] = too_low % {"ratio": ratio, "minimum": MIN_CONTRAST}
        if errors:
            raise ValidationError(errors)
