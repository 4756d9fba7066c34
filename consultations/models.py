from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index


class ConsultationIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["home.HomePage"]
    subpage_types = ["consultations.ConsultationPage"]
    max_count = 1

    class Meta:
        verbose_name = _("consultation index")


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

    parent_page_types = ["consultations.ConsultationIndexPage", "goals.GoalPage"]
    subpage_types = ["consultations.ConsultationResponsePage"]

    class Meta:
        verbose_name = _("consultation")

    def is_open_for(self, action, at=None):
        at = at or timezone.now()
        return any(
            phase.action == action and phase.starts_at <= at < phase.ends_at
            for phase in self.phases.all()
        )


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


class ConsultationResponsePage(Page):
    """The convenor's “you said, we did” for a consultation."""

    summary = RichTextField(_("summary"), features=["h2", "h3", "bold", "italic", "link", "ul"])

    parent_page_types = ["consultations.ConsultationPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("consultation response")


class ModerationState(models.TextChoices):
    PENDING = "pending", _("Waiting for a moderator")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden by a moderator")
    REJECTED = "rejected", _("Rejected by a moderator")


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
        "goals.Organisation",
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
        ]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:proposal", kwargs={"pk": self.pk})


class Support(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

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

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["proposal", "created_at"])]

    def __str__(self):
        return self.body[:60]


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
