from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import NarrativeBlock


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

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["goals.GoalPage"]
    max_count = 1
    goals_per_page = 24

    class Meta:
        verbose_name = _("goal index")

    def get_context(self, request, *args, **kwargs):
        from organisations.models import Organisation

        context = super().get_context(request, *args, **kwargs)
        all_goals = GoalPage.objects.child_of(self).live().public()
        goals = all_goals.select_related("theme", "convened_by").order_by("path")
        theme_slug = (request.GET.get("theme") or "").strip()
        organisation_slug = (request.GET.get("organisation") or "").strip()
        if theme_slug:
            goals = goals.filter(theme__slug=theme_slug)
        if organisation_slug:
            goals = goals.filter(
                Q(co_owners__slug=organisation_slug) | Q(convened_by__slug=organisation_slug)
            ).distinct()
        page_obj = Paginator(goals, self.goals_per_page).get_page(request.GET.get("page"))
        # The cards (progress at a glance, pledge counts) are {% goal_cards %}'s: rendered
        # once per content version, with their own queries only then.
        goal_list = list(page_obj.object_list)
        goal_ids = all_goals.values("pk")
        context.update(
            goals=goal_list,
            page_obj=page_obj,
            themes=Theme.objects.filter(goals__in=goal_ids).distinct().order_by("name"),
            organisations=Organisation.objects.filter(
                Q(goals__in=goal_ids) | Q(convened_goals__in=goal_ids)
            )
            .distinct()
            .order_by("name")
            .only("pk", "name", "slug"),
            selected_theme=theme_slug,
            selected_organisation=organisation_slug,
            is_filtered=bool(theme_slug or organisation_slug),
        )
        return context


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
        "organisations.Organisation",
        verbose_name=_("convened by"),
        on_delete=models.PROTECT,
        related_name="convened_goals",
    )
    co_owners = ParentalManyToManyField(
        "organisations.Organisation", verbose_name=_("co-owned by"), related_name="goals"
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("statement", boost=2),
        index.SearchField("narrative"),
        index.FilterField("theme"),
        index.FilterField("lifecycle"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("statement"),
        FieldRowPanel([FieldPanel("theme"), FieldPanel("horizon_year"), FieldPanel("lifecycle")]),
        MultiFieldPanel(
            [
                FieldPanel("convened_by"),
                FieldPanel("co_owners", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Who owns this goal"),
            help_text=_("Every co-owning organisation signs off a change before it is published."),
        ),
        FieldPanel("narrative"),
        InlinePanel("ambitions", heading=_("Ambitions"), label=_("ambition")),
        MultiFieldPanel(
            [
                FieldPanel("endorsed_by"),
                FieldPanel("endorsed_on"),
                FieldPanel("endorsement_url"),
            ],
            heading=_("Endorsement record"),
        ),
    ]

    parent_page_types = ["goals.GoalIndexPage"]
    subpage_types = ["goals.TrialPage", "consultations.ConsultationPage"]

    class Meta:
        verbose_name = _("goal")

    def permissions_for_user(self, user):
        from goals.permissions import GoalPagePermissionTester

        return GoalPagePermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        from consultations.models import ConsultationPage
        from goals.models.indicators import Indicator

        context = super().get_context(request, *args, **kwargs)
        indicators, trials, consultations = [], [], []
        if self.pk:  # a new goal previewed before its first save has none of these yet
            # Latest figures only: the status needs no more, and the sections with every
            # figure are rendered (and their figures loaded) once per content version
            # by {% indicator_sections %}.
            indicators = list(
                Indicator.objects.filter(goal=self).order_by("sort_order", "pk").with_latest()
            )
            trials = (
                TrialPage.objects.child_of(self)
                .live()
                .public()
                .order_by("-started_on", "pk")
                .prefetch_related("indicators_watched")
            )
            consultations = (
                ConsultationPage.objects.live()
                .public()
                .filter(Q(path__startswith=self.path, depth=self.depth + 1) | Q(goals=self.pk))
                .open()
                .order_by("title")
            )
        summary = {"on_track": 0, "off_track": 0, "no_target": 0, "not_enough_data": 0}
        for indicator in indicators:
            summary[indicator.assessment.code] += 1
        context.update(
            indicators=indicators,
            indicator_summary=summary,
            ambitions=list(self.ambitions.all()),
            co_owners=sorted(self.co_owners.all(), key=lambda org: org.name),
            trials=list(trials),
            open_consultations=list(consultations),
        )
        return context


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

    content_panels = [
        *Page.content_panels,
        FieldPanel("hypothesis"),
        FieldPanel("what_was_tried"),
        FieldRowPanel([FieldPanel("started_on"), FieldPanel("ended_on")]),
        FieldPanel("indicators_watched", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel("outcome"), FieldPanel("decision"), FieldPanel("what_was_learned")],
            heading=_("What happened"),
            help_text=_("Publish what was learned, including when a trial did not work."),
        ),
    ]

    parent_page_types = ["goals.GoalPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("test-and-learn trial")

    def permissions_for_user(self, user):
        from goals.permissions import GoalPagePermissionTester

        return GoalPagePermissionTester(user, self)

    @property
    def is_stopped(self):
        return self.decision == self.Decision.STOP

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        parent_path = (self.path or "")[: -self.steplen]
        context["goal"] = GoalPage.objects.filter(path=parent_path).first() if parent_path else None
        context["indicators_watched"] = list(self.indicators_watched.all())
        return context
