"""The editorial side of a consultation, as Wagtail pages: the index, the consultation
with its phases, and its "you said, we did" response with what adopted ideas became.

Each page's ``get_context`` asks the selectors (``consultations.selectors``) and hands
them the page's own kin (its response page, its outcomes), so the selectors import no
page model and the pages may import them.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from consultations import selectors
from consultations.filters import ConsultationFilter
from consultations.models.choices import Action
from consultations.models.proposals import Proposal
from consultations.models.surveys import SurveyFields
from core.pages import PageManager, PageQuerySet
from core.personal import SharedPageMixin
from places import selectors as area_selectors


class ConsultationIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["consultations.ConsultationPage"]
    max_count = 1

    class Meta:
        verbose_name = _("consultation index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        consultation_filter = ConsultationFilter(
            request.GET, queryset=ConsultationPage.objects.live().public()
        )
        context.update(selectors.consultations_by_state(consultation_filter.qs))
        area = consultation_filter.chosen_area
        context["area"] = area
        context["area_choices"] = area_selectors.area_choices()
        return context


class ConsultationPageQuerySet(PageQuerySet):
    def open(self, at=None):
        at = at or timezone.now()
        return self.filter(phases__starts_at__lte=at, phases__ends_at__gt=at).distinct()

    def upcoming(self, at=None):
        at = at or timezone.now()
        return self.exclude(phases__starts_at__lte=at).filter(phases__isnull=False).distinct()

    def closed(self, at=None):
        at = at or timezone.now()
        return self.filter(phases__isnull=False).exclude(phases__ends_at__gt=at).distinct()


class ConsultationPage(SharedPageMixin, SurveyFields, Page):
    """A question put to the place, with phases in which people propose, support and hear back."""

    class Moderation(models.TextChoices):
        PRE = "pre", _("Pre-moderation: a moderator approves each item before it shows")
        POST = "post", _("Post-moderation: items show at once and can be hidden")

    question = models.CharField(_("question"), max_length=300)
    context = RichTextField(
        _("context"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )
    goals = ParentalManyToManyField(
        "goals.GoalPage", verbose_name=_("goals it serves"), blank=True, related_name="+"
    )
    areas = ParentalManyToManyField(
        "places.Area",
        verbose_name=_("areas"),
        blank=True,
        related_name="+",
        help_text=_("Where it is about, if not the whole place."),
    )
    supports_per_person = models.PositiveSmallIntegerField(
        _("supports per person"), default=0, help_text=_("0 means unlimited.")
    )
    organisations_may_propose = models.BooleanField(
        _("people may propose on behalf of an organisation"), default=True
    )
    moderation = models.CharField(
        _("moderation"), max_length=4, choices=Moderation.choices, default=Moderation.POST
    )
    report_threshold = models.PositiveSmallIntegerField(
        _("reports before an item is hidden automatically"),
        default=3,
        help_text=_("0 turns automatic hiding off; a moderator always reviews."),
    )

    objects = PageManager.from_queryset(ConsultationPageQuerySet)()

    search_fields = [
        *Page.search_fields,
        index.SearchField("question", boost=2),
        index.SearchField("context"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("question"),
        FieldPanel("context"),
        FieldPanel("goals"),
        FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
        InlinePanel(
            "phases",
            label=_("Phases"),
            heading=_("Phases (they may overlap)"),
            min_num=1,
        ),
        MultiFieldPanel(
            [
                FieldPanel("supports_per_person"),
                FieldPanel("organisations_may_propose"),
                FieldPanel("moderation"),
                FieldPanel("report_threshold"),
            ],
            heading=_("Rules"),
        ),
        *SurveyFields.survey_panels,
    ]

    parent_page_types = ["consultations.ConsultationIndexPage", "goals.GoalPage"]
    subpage_types = ["consultations.ConsultationResponsePage"]

    class Meta:
        verbose_name = _("consultation")

    # Phases -------------------------------------------------------------------------
    # Every question below reads the phases once per instance: from a prefetch
    # (``prefetch_related("phases")``) when lists load many consultations, otherwise with
    # one query the first time (cheaper than a prefetch for a single consultation).

    def _phases(self):
        phases = self.__dict__.get("_phase_list")
        if phases is None:
            phases = sorted(self.phases.all(), key=lambda phase: (phase.starts_at, phase.pk or 0))
            self.__dict__["_phase_list"] = phases
        return phases

    def phases_for(self, action):
        return [phase for phase in self._phases() if phase.action == action]

    def is_open_for(self, action, at=None):
        at = at or timezone.now()
        return any(
            phase.action == action and phase.starts_at <= at < phase.ends_at
            for phase in self._phases()
        )

    def open_actions(self, at=None):
        """The actions open at ``at``, in phase order."""
        at = at or timezone.now()
        return [phase.action for phase in self._phases() if phase.starts_at <= at < phase.ends_at]

    def next_phase(self, at=None):
        """The next phase to open after ``at``, or ``None``."""
        at = at or timezone.now()
        upcoming = [phase for phase in self._phases() if phase.starts_at > at]
        return upcoming[0] if upcoming else None

    def has_started(self, at=None):
        at = at or timezone.now()
        return any(phase.starts_at <= at for phase in self._phases())

    def has_ended(self, at=None):
        at = at or timezone.now()
        phases = self._phases()
        return bool(phases) and all(phase.ends_at <= at for phase in phases)

    def state(self, at=None):
        """ "upcoming", "open" or "closed" (for labels; the querysets agree)."""
        if self.open_actions(at):
            return "open"
        if not self.has_started(at):
            return "upcoming"
        if self.has_ended(at):
            return "closed"
        return "between"  # between two phases

    def withdraw_deadline(self):
        """Authors may withdraw until the support phase closes (or, without one, until
        proposing closes)."""
        phases = self.phases_for(Action.SUPPORT) or self.phases_for(Action.PROPOSE)
        return max((phase.ends_at for phase in phases), default=None)

    def timeline(self, at=None):
        """Each phase with its state relative to ``at``, for the timeline."""
        at = at or timezone.now()
        rows = []
        for phase in self._phases():
            if phase.ends_at <= at:
                state = "past"
            elif phase.starts_at <= at:
                state = "current"
            else:
                state = "future"
            rows.append({"phase": phase, "state": state})
        return rows

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            selectors.consultation_page_context(
                self,
                response_pages=ConsultationResponsePage.objects.child_of(self),
            )
        )
        return context


class Phase(Orderable):
    consultation = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="phases")
    action = models.CharField(_("phase"), max_length=10, choices=Action.choices)
    starts_at = models.DateTimeField(_("opens"))
    ends_at = models.DateTimeField(_("closes"))

    class Meta(Orderable.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="phase_ends_after_it_starts",
            )
        ]
        verbose_name = _("phase")

    def __str__(self):
        return f"{self.get_action_display()}: {self.starts_at:%d %b %Y} – {self.ends_at:%d %b %Y}"

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A phase must close after it opens.")})


class ConsultationResponsePage(Page):
    """The convenor's “you said, we did” for a consultation."""

    summary = RichTextField(_("summary"), features=["h2", "h3", "bold", "italic", "link", "ul"])

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        InlinePanel(
            "outcomes",
            label=_("Outcome"),
            heading=_("What adopted ideas became (goals, ambitions, pledges)"),
        ),
    ]

    parent_page_types = ["consultations.ConsultationPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("consultation response")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        consultation = ConsultationPage.objects.filter(pk=self.get_parent().pk).first()
        outcomes = ProposalOutcome.objects.filter(page=self)
        context.update(selectors.response_page_context(consultation, outcomes))
        return context


class ProposalOutcome(Orderable):
    """On a response page: what an adopted proposal became (a goal, an ambition, a pledge)."""

    page = ParentalKey(ConsultationResponsePage, on_delete=models.CASCADE, related_name="outcomes")
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="outcomes"
    )
    goal = models.ForeignKey(
        "goals.GoalPage",
        verbose_name=_("became part of goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ambition = models.ForeignKey(
        "goals.Ambition",
        verbose_name=_("became ambition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pledge = models.ForeignKey(
        "pledges.Pledge",
        verbose_name=_("became pledge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("what happened"), max_length=300, blank=True)

    panels = [
        FieldPanel("proposal"),
        FieldPanel("goal"),
        FieldPanel("ambition"),
        FieldPanel("pledge"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self):
        return f"{self.proposal} → {self.goal or self.ambition or self.pledge or self.note}"
