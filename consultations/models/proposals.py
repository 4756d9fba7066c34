"""What people write in a consultation: proposals, their supports and comments, with the
querysets that hold the one visibility rule (``visible_to``) and the counted writes of
supports."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import connections, models, transaction
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.search import index

from accounts.roles import is_moderator
from consultations.models.choices import PUBLIC_STATES, Action, ModerationState


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one visibility rule for proposals (views, templates, search, open data).

        Everyone sees published proposals, withdrawn ones (marked as withdrawn: the
        record stays public) and hidden ones (shown as "hidden by a moderator: REASON");
        authors also see their own pending and rejected proposals; moderators see
        everything. Only proposals of live consultations show.
        """
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
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="proposals"
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
    areas = models.ManyToManyField(
        "places.Area", verbose_name=_("areas"), blank=True, related_name="+"
    )
    # A place on the map the idea is about (a crossing, a park): the idea's, never the
    # author's. Longitude and latitude, WGS 84; both or neither.
    point_lon = models.FloatField(null=True, blank=True)
    point_lat = models.FloatField(null=True, blank=True)
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
        # The consultation and its phases are reached through the relations: the page
        # models import this module (through the selectors), never the other way round.
        consultation = Proposal._meta.get_field("consultation").related_model
        phase = consultation._meta.get_field("phases").related_model
        tables = {
            name: connection.ops.quote_name(model._meta.db_table)
            for name, model in (
                ("support", Support),
                ("proposal", Proposal),
                ("consultation", consultation),
                ("page", Page),
                ("phase", phase),
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
        """The comment's own address, which finds the page of the thread that shows it."""
        return reverse("consultations:comment_link", kwargs={"pk": self.pk})

    @property
    def is_hidden(self):
        return self.moderation_state == ModerationState.HIDDEN
