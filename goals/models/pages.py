from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.blocks import NarrativeBlock


class Theme(models.Model):
    """A theme that groups goals, such as “Health” or “Climate”."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


class GoalIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["home.HomePage"]
    subpage_types = ["goals.GoalPage"]
    max_count = 1

    class Meta:
        verbose_name = _("goal index")


class GoalPage(Page):
    class Lifecycle(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_CONSULTATION = "consultation", _("In consultation")
        ENDORSED = "endorsed", _("Endorsed")
        UNDER_REVIEW = "review", _("Under review")

    statement = models.CharField(
        _("statement"), max_length=300, help_text=_("The goal in one sentence.")
    )
    narrative = StreamField(NarrativeBlock(), verbose_name=_("narrative"), blank=True)
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="goals"
    )
    horizon_year = models.PositiveSmallIntegerField(_("horizon year"))
    lifecycle = models.CharField(
        _("lifecycle"), max_length=20, choices=Lifecycle.choices, default=Lifecycle.DRAFT
    )
    endorsed_by = models.CharField(_("endorsed by"), max_length=200, blank=True)
    endorsed_on = models.DateField(_("endorsed on"), null=True, blank=True)
    endorsement_url = models.URLField(_("endorsement record"), blank=True)
    convened_by = models.ForeignKey(
        "goals.Organisation",
        verbose_name=_("convened by"),
        on_delete=models.PROTECT,
        related_name="convened_goals",
    )
    co_owners = ParentalManyToManyField(
        "goals.Organisation", verbose_name=_("co-owned by"), related_name="goals"
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("statement", boost=2),
        index.SearchField("narrative"),
        index.FilterField("theme"),
        index.FilterField("lifecycle"),
    ]

    parent_page_types = ["goals.GoalIndexPage"]
    subpage_types = ["goals.TrialPage", "consultations.ConsultationPage"]

    class Meta:
        verbose_name = _("goal")


class Ambition(Orderable):
    """A target the goal commits to, in the goal's own order."""

    goal = ParentalKey(GoalPage, on_delete=models.CASCADE, related_name="ambitions")
    title = models.CharField(_("ambition"), max_length=255)
    detail = models.TextField(_("detail"), blank=True)
    target_year = models.PositiveSmallIntegerField(_("by"), null=True, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("ambition")

    def __str__(self):
        return self.title


class TrialPage(Page):
    """A “test and learn” trial under a goal, published whether it worked or not."""

    class Decision(models.TextChoices):
        ONGOING = "ongoing", _("Still running")
        STOP = "stop", _("Stop")
        ADAPT = "adapt", _("Adapt")
        SCALE = "scale", _("Scale up")

    hypothesis = models.TextField(_("hypothesis"))
    what_was_tried = RichTextField(_("what was tried"), features=["bold", "italic", "link", "ul"])
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    indicators_watched = ParentalManyToManyField(
        "goals.Indicator", verbose_name=_("indicators watched"), blank=True, related_name="trials"
    )
    outcome = models.TextField(_("outcome"), blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.ONGOING
    )
    what_was_learned = models.TextField(_("what was learned"), blank=True)

    search_fields = [
        *Page.search_fields,
        index.SearchField("hypothesis"),
        index.SearchField("outcome"),
        index.SearchField("what_was_learned"),
    ]

    parent_page_types = ["goals.GoalPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("test-and-learn trial")
