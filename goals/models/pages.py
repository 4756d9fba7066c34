from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PagePermissionTester, Revision
from wagtail.search import index

from core.blocks import NarrativeBlock
from core.pages import PageManager
from core.personal import SharedPageMixin
from goals import selectors
from goals.models.themes import Theme
from organisations.models import Organisation
from organisations.permissions import editor_organisation_ids


class GoalIndexPage(SharedPageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    objects = PageManager()

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["goals.GoalPage"]
    max_count = 1
    goals_per_page = 24

    class Meta:
        verbose_name = _("goal index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        goals = GoalPage.objects.child_of(self).live().public()
        context.update(selectors.goal_index_context(goals, request.GET, self.goals_per_page))
        return context


class GoalPage(SharedPageMixin, Page):
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

    objects = PageManager()

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
        return GoalPagePermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        trials = TrialPage.objects.child_of(self) if self.pk else TrialPage.objects.none()
        context.update(selectors.goal_page_context(self, trials))
        return context

    # --- partner sign-off -------------------------------------------------------------

    def sign_off_organisation_ids(self, revision=None) -> set[int]:
        """Organisations that must sign off a change to this goal: its co-owners now, and
        those in ``revision`` (adding or removing a partner needs that partner's word);
        the convening organisation when there are none."""
        through = GoalPage.co_owners.through
        ids = set(
            through.objects.filter(goalpage_id=self.pk).values_list("organisation_id", flat=True)
        )
        if revision is not None and revision.object_id == str(self.pk):
            ids |= {org.pk for org in revision.as_object().co_owners.all()}
        if not ids and self.convened_by_id:
            ids = {self.convened_by_id}
        return ids

    def partners_signed_off(self) -> bool:
        """Has every organisation that must sign off this goal signed its latest revision?"""
        latest_id = (
            Page.objects.filter(pk=self.pk).values_list("latest_revision_id", flat=True).first()
        )
        if latest_id is None:
            return False
        required = self.sign_off_organisation_ids(Revision.objects.get(pk=latest_id))
        signed = set(
            Organisation.objects.filter(sign_offs__revision_id=latest_id).values_list(
                "pk", flat=True
            )
        )
        return required <= signed


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
    areas = ParentalManyToManyField(
        "places.Area",
        verbose_name=_("areas"),
        blank=True,
        related_name="+",
        help_text=_("Where it is tried, if not the whole place."),
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

    objects = PageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("hypothesis"),
        FieldPanel("what_was_tried"),
        FieldRowPanel([FieldPanel("started_on"), FieldPanel("ended_on")]),
        FieldPanel("indicators_watched", widget=forms.CheckboxSelectMultiple),
        FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
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
        return GoalPagePermissionTester(user, self)

    @property
    def is_stopped(self):
        return self.decision == self.Decision.STOP

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.trial_page_context(self, goal_for_page(self)))
        return context


def goal_for_page(page):
    """The goal a page belongs to: the page itself if it is a goal, else its nearest goal
    ancestor (a trial, a consultation under a goal), else ``None``."""
    if page is None:
        return None
    if isinstance(page, GoalPage):
        return page
    steplen, path = page.steplen, page.path or ""
    ancestors = [path[:i] for i in range(steplen, len(path) + 1, steplen)]
    return GoalPage.objects.filter(path__in=ancestors).order_by("-depth").first()


class GoalPagePermissionTester(PagePermissionTester):
    """Wagtail's tester for goal and trial pages, plus *change* for the editors of the
    goal's co-owners, and *publish* for a goal only once its partners have signed off
    the latest revision (see goals/permissions.py for why)."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if (
            user.is_active
            and not user.is_superuser
            and "change" not in self.permissions
            and self._edits_for_a_co_owner()
        ):
            self.permissions = {*self.permissions, "change"}

    def _edits_for_a_co_owner(self) -> bool:
        organisations = editor_organisation_ids(self.user)
        if not organisations:
            return False
        # Asked of the database, not of the page: the page may be an unsaved revision,
        # whose co-owners are an in-memory list that the editor may have just changed.
        goal = goal_for_page(self.page)
        return (
            goal is not None
            and GoalPage.co_owners.through.objects.filter(
                goalpage_id=goal.pk, organisation_id__in=organisations
            ).exists()
        )

    def can_publish(self):
        if not super().can_publish():
            return False
        if self.user.is_superuser or not isinstance(self.page, GoalPage):
            return True
        return self.page.partners_signed_off()
