from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models, transaction
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index


class ConsultationIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["consultations.ConsultationPage"]
    max_count = 1

    class Meta:
        verbose_name = _("consultation index")

    def get_context(self, request, *args, **kwargs):
        from consultations.selectors import consultations_by_state

        context = super().get_context(request, *args, **kwargs)
        context.update(consultations_by_state())
        return context


class Action(models.TextChoices):
    PROPOSE = "propose", _("Propose ideas")
    SUPPORT = "support", _("Support ideas")
    RESPOND = "respond", _("Responses")


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


class ConsultationPage(Page):
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
        from consultations.views.pages import consultation_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(consultation_page_context(request, self))
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
        from consultations.selectors import response_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(response_page_context(self))
        return context


class ModerationState(models.TextChoices):
    PENDING = "pending", _("Waiting for a moderator")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden by a moderator")
    REJECTED = "rejected", _("Rejected by a moderator")


# States the public sees: published items, and hidden ones as a placeholder with the reason.
PUBLIC_STATES = (ModerationState.PUBLISHED, ModerationState.HIDDEN)


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one visibility rule for proposals (views, templates, search, open data).

        Everyone sees published proposals, withdrawn ones (marked as withdrawn: the
        record stays public) and hidden ones (shown as "hidden by a moderator: REASON");
        authors also see their own pending and rejected proposals; moderators see
        everything. Only proposals of live consultations show.
        """
        from accounts.roles import is_moderator

        if user is not None and is_moderator(user):
            return self
        public = models.Q(moderation_state__in=PUBLIC_STATES, consultation__live=True)
        if user is not None and user.is_authenticated:
            public |= models.Q(author=user)
        return self.filter(public)

    def listed(self):
        """Proposals that count in public lists and tallies (published, not withdrawn)."""
        return self.filter(moderation_state=ModerationState.PUBLISHED, withdrawn_at__isnull=True)


class CommentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one visibility rule for comments: as for proposals, and the comment's
        proposal must be visible too."""
        from accounts.roles import is_moderator

        if user is not None and is_moderator(user):
            return self
        visible_proposals = Proposal.objects.visible_to(user).values("pk")
        public = models.Q(moderation_state__in=PUBLIC_STATES)
        if user is not None and user.is_authenticated:
            public |= models.Q(author=user)
        return self.filter(public, proposal__in=visible_proposals)


class Proposal(index.Indexed, models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UNDER_CONSIDERATION = "considering", _("Under consideration")
        ADOPTED = "adopted", _("Adopted")
        NOT_TAKEN_FORWARD = "not_taken", _("Not taken forward")
        MERGED = "merged", _("Merged")

    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="proposals"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=140)
    body = models.TextField(_("your idea"), max_length=5000)
    moderation_state = models.CharField(
        max_length=10, choices=ModerationState.choices, default=ModerationState.PUBLISHED
    )
    moderation_reason = models.TextField(blank=True)
    status = models.CharField(
        _("official status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    response = models.TextField(_("response"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    support_count = models.PositiveIntegerField(default=0, editable=False)
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    report_count = models.PositiveIntegerField(default=0, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("body"),
        index.FilterField("consultation"),
        index.FilterField("moderation_state"),
        index.FilterField("withdrawn_at"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["consultation", "-support_count", "-id"], name="proposal_by_support"
            ),
            models.Index(fields=["consultation", "-created_at", "-id"], name="proposal_by_newest"),
            models.Index(fields=["moderation_state", "created_at"], name="proposal_moderation"),
            # What the public lists page through (published or hidden, not withdrawn): a
            # deep page of a big consultation walks these alone (index-only scans), never
            # the table. Measured in bench/README.md.
            models.Index(
                fields=["consultation", "-support_count", "-id"],
                name="proposal_public_by_support",
                condition=models.Q(
                    moderation_state__in=["published", "hidden"], withdrawn_at__isnull=True
                ),
            ),
            models.Index(
                fields=["consultation", "-created_at", "-id"],
                name="proposal_public_by_newest",
                condition=models.Q(
                    moderation_state__in=["published", "hidden"], withdrawn_at__isnull=True
                ),
            ),
            # Site search joins Wagtail's index entries on the id as text
            # (object_id = id::varchar(50)); for the proposals search may show.
            models.Index(
                Cast("id", output_field=models.CharField(max_length=50)),
                name="proposal_searchable_by_text_id",
                condition=models.Q(moderation_state="published", withdrawn_at__isnull=True),
            ),
        ]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:proposal", kwargs={"pk": self.pk})

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    @property
    def is_hidden(self):
        return self.moderation_state == ModerationState.HIDDEN

    @property
    def has_response(self):
        return bool(self.response) and self.status != self.Status.OPEN


class SupportQuerySet(models.QuerySet):
    """Supports are added and removed only here, so ``Proposal.support_count`` moves in
    the same statement (PostgreSQL) or transaction (elsewhere) as the row.

    A support is the busiest write of a consultation's big day; on PostgreSQL each is one
    round trip: a data-modifying CTE inserts (or deletes) the row, the unique constraint
    turning a second click into nothing, and moves the count only if a row changed.
    """

    # What a support may be added to or withdrawn from with no further question: a
    # published proposal, not withdrawn, of a live consultation without a per-person
    # budget, while a support phase is open, by someone with a verified address. The
    # same answer as the permission predicates for those proposals
    # (tests/consultations/test_support_at_once.py); every other case is left to the
    # service's careful path, which decides and explains.
    _OPEN_TARGET = """
        SELECT proposal.id FROM {proposal} proposal
        JOIN {consultation} consultation ON consultation.page_ptr_id = proposal.consultation_id
        JOIN {page} page ON page.id = proposal.consultation_id
        WHERE EXISTS (
              SELECT 1 FROM {email_address} address
              WHERE address.user_id = %(user)s AND address.verified
          )
          AND proposal.id = %(proposal)s
          AND proposal.moderation_state = %(published)s
          AND proposal.withdrawn_at IS NULL
          AND page.live
          AND consultation.supports_per_person = 0
          AND EXISTS (
              SELECT 1 FROM {phase} phase
              WHERE phase.consultation_id = proposal.consultation_id
                AND phase.action = %(support)s
                AND phase.starts_at <= %(at)s AND phase.ends_at > %(at)s
          )
    """
    _ANY_TARGET = "SELECT %(proposal)s::bigint AS id"
    _ADD_SQL = """
        WITH target AS ({target}), added AS (
            INSERT INTO {support} (proposal_id, user_id, created_at)
            SELECT id, %(user)s, %(at)s FROM target
            ON CONFLICT DO NOTHING
            RETURNING id, proposal_id
        ), counted AS (
            UPDATE {proposal} SET support_count = support_count + 1
            WHERE id IN (SELECT proposal_id FROM added)
        )
        SELECT id FROM added
    """
    _REMOVE_SQL = """
        WITH target AS ({target}), removed AS (
            DELETE FROM {support}
            WHERE proposal_id IN (SELECT id FROM target) AND user_id = %(user)s
            RETURNING proposal_id
        ), counted AS (
            UPDATE {proposal} SET support_count = support_count - 1
            WHERE id IN (SELECT proposal_id FROM removed)
        )
        SELECT count(*) FROM removed
    """

    def _one_statement(self):
        return connections[self.db].vendor == "postgresql"

    def _run(self, template, *, only_if_open, proposal_id, user, at):
        connection = connections[self.db]
        tables = {
            name: connection.ops.quote_name(model._meta.db_table)
            for name, model in (
                ("support", Support),
                ("proposal", Proposal),
                ("consultation", ConsultationPage),
                ("page", Page),
                ("phase", Phase),
                ("email_address", EmailAddress),
            )
        }
        target = (self._OPEN_TARGET if only_if_open else self._ANY_TARGET).format(**tables)
        params = {
            "proposal": proposal_id,
            "user": user.pk,
            "at": at,
            "published": ModerationState.PUBLISHED,
            "support": Action.SUPPORT,
        }
        with connection.cursor() as cursor:
            cursor.execute(template.format(target=target, **tables), params)
            return cursor.fetchone()

    def _count(self, proposal, delta):
        Proposal.objects.using(self.db).filter(pk=proposal.pk).update(
            support_count=models.F("support_count") + delta
        )

    def add_counted(self, proposal, user):
        """``user`` supports ``proposal``; returns the new support, or ``None`` if they
        already supported it."""
        created_at = timezone.now()
        if self._one_statement():
            row = self._run(
                self._ADD_SQL, only_if_open=False, proposal_id=proposal.pk, user=user, at=created_at
            )
            if row is None:
                return None
            return Support(pk=row[0], proposal=proposal, user=user, created_at=created_at)
        with transaction.atomic(using=self.db):
            support, created = self.get_or_create(proposal=proposal, user=user)
            if not created:
                return None
            self._count(proposal, +1)
        return support

    def remove_counted(self, proposal, user) -> bool:
        """``user`` no longer supports ``proposal``; False if they did not."""
        if self._one_statement():
            row = self._run(
                self._REMOVE_SQL,
                only_if_open=False,
                proposal_id=proposal.pk,
                user=user,
                at=timezone.now(),
            )
            return row[0] > 0
        with transaction.atomic(using=self.db):
            removed, _detail = self.filter(proposal=proposal, user=user).delete()
            if removed:
                self._count(proposal, -1)
        return bool(removed)

    def add_counted_if_open(self, proposal_id, user, at) -> bool:
        """Add ``user``'s support of an open proposal (see ``_OPEN_TARGET``) without
        loading it; False if nothing was added (not open, already supported, or not
        PostgreSQL), for the caller to take the careful path."""
        if not self._one_statement():
            return False
        row = self._run(self._ADD_SQL, only_if_open=True, proposal_id=proposal_id, user=user, at=at)
        return row is not None

    def remove_counted_if_open(self, proposal_id, user, at) -> bool:
        """Withdraw ``user``'s support of an open proposal, as ``add_counted_if_open``."""
        if not self._one_statement():
            return False
        row = self._run(
            self._REMOVE_SQL, only_if_open=True, proposal_id=proposal_id, user=user, at=at
        )
        return row[0] > 0


class Support(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SupportQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"], name="unique_support_per_user_proposal"
            )
        ]
        indexes = [models.Index(fields=["user", "proposal"])]

    def __str__(self):
        return f"{self.user_id} supports {self.proposal_id}"


class Comment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    body = models.TextField(_("comment"), max_length=3000)
    moderation_state = models.CharField(
        max_length=10, choices=ModerationState.choices, default=ModerationState.PUBLISHED
    )
    moderation_reason = models.TextField(blank=True)
    report_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["proposal", "created_at"])]

    def __str__(self):
        return self.body[:60]

    def get_absolute_url(self):
        return f"{self.proposal.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_hidden(self):
        return self.moderation_state == ModerationState.HIDDEN


class Report(models.Model):
    class Reason(models.TextChoices):
        ABUSIVE = "abusive", _("Abusive, hateful or threatening")
        PERSONAL = "personal", _("Shares someone's personal information")
        SPAM = "spam", _("Spam or advertising")
        OFF_TOPIC = "off_topic", _("Off topic")
        UNLAWFUL = "unlawful", _("Possibly unlawful")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports"
    )
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    note = models.TextField(_("anything else a moderator should know"), blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proposal__isnull=False, comment__isnull=True)
                | models.Q(proposal__isnull=True, comment__isnull=False),
                name="report_targets_one_item",
            ),
            models.UniqueConstraint(
                fields=["user", "proposal"],
                condition=models.Q(proposal__isnull=False),
                name="unique_report_per_user_proposal",
            ),
            models.UniqueConstraint(
                fields=["user", "comment"],
                condition=models.Q(comment__isnull=False),
                name="unique_report_per_user_comment",
            ),
        ]

    def __str__(self):
        return f"Report {self.pk}: {self.get_reason_display()}"


class ModerationEvent(models.Model):
    """Who did what to which item, when and why. Never edited, never deleted."""

    class ActionTaken(models.TextChoices):
        APPROVE = "approve", _("Approved")
        HIDE = "hide", _("Hidden")
        AUTO_HIDE = "auto_hide", _("Hidden automatically after reports")
        RESTORE = "restore", _("Restored")
        REJECT = "reject", _("Rejected")
        STATUS = "status", _("Official status changed")

    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="moderation_events"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="moderation_events"
    )
    action = models.CharField(max_length=10, choices=ActionTaken.choices)
    reason = models.CharField(max_length=12, choices=Report.Reason.choices, blank=True)
    note = models.TextField(blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} at {self.at:%Y-%m-%d %H:%M}"


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
