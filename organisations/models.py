from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import RevisionMixin
from wagtail.search import index


class Organisation(RevisionMixin, index.Indexed, models.Model):
    """An organisation of the place: a public body, a charity, a business, a group."""

    class Kind(models.TextChoices):
        PUBLIC_BODY = "public", _("Public body")
        VOLUNTARY = "voluntary", _("Voluntary or community group")
        BUSINESS = "business", _("Business")
        EDUCATION = "education", _("School, college or university")
        HEALTH = "health", _("Health or care")
        FAITH = "faith", _("Faith group")
        RESIDENTS = "residents", _("Residents' association")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    areas = models.ManyToManyField(
        "places.Area",
        verbose_name=_("based in"),
        blank=True,
        related_name="+",
        help_text=_(
            "The areas it is based in, if it is a local one; leave them all for an "
            "organisation of the whole place. Its page links to them, and their pages list it."
        ),
    )
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("The convenor has confirmed this organisation is who it says it is."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    #: Paths under /organisations/ that are pages of their own, so no slug may take them.
    RESERVED_SLUGS = frozenset({"mine", "new", "search", "page"})

    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("verified"),
    ]

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel([FieldPanel("verified")], heading=_("Verification")),
    ]

    class Meta:
        db_table = "goals_organisation"  # moved from goals: the table keeps its name
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.slug in self.RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is reserved; choose another slug.")})


class Membership(models.Model):
    """A person's membership of an organisation, requested by them, approved by its admins."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        ADMIN = "admin", _("Admin")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACTIVE = "active", _("Active")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    is_editor = models.BooleanField(
        _("partner editor"),
        default=False,
        help_text=_("May draft and sign off the goals this organisation co-owns."),
    )
    show_publicly = models.BooleanField(_("show me on the organisation's page"), default=False)
    message = models.TextField(
        _("message to the admins"),
        blank=True,
        max_length=500,
        help_text=_("Who you are and why you want to join, for the organisation's admins."),
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        db_table = "goals_membership"  # moved from goals: the table keeps its name
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="unique_membership_per_user_organisation"
            )
        ]
        indexes = [models.Index(fields=["organisation", "status", "role"])]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} — {self.organisation}"
