from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person. Email is the login; a display name is what others see.

    Location is at most an area (a ward or neighbourhood, chosen from the list or found
    from a postcode district), never an address.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("The name shown next to what you write. You can use a nickname."),
    )
    area = models.ForeignKey(
        "places.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional: the ward or neighbourhood you live in. Never your address."),
    )
    email_on_response = models.BooleanField(
        _("email me when something I took part in gets a response"), default=True
    )
    email_on_phase = models.BooleanField(
        _("email me when a consultation I follow opens a new phase"), default=True
    )
    email_digest = models.BooleanField(_("send me a daily digest"), default=False)

    class DigestFrequency(models.TextChoices):
        IMMEDIATELY = "immediately", _("As it happens")
        DAILY = "daily", _("In a daily digest")
        WEEKLY = "weekly", _("In a weekly digest")
        NEVER = "never", _("Never: I will look at “What’s new for you”")

    digest_frequency = models.CharField(
        _("email me what happened to ideas I proposed, supported or follow"),
        max_length=12,
        choices=DigestFrequency.choices,
        default=DigestFrequency.DAILY,
        db_default=DigestFrequency.DAILY,
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["email"]

    def __str__(self):
        return self.public_name

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def public_name(self) -> str:
        if self.is_anonymised:
            return str(_("a former participant"))
        return self.display_name or str(_("a resident"))

    def get_full_name(self):
        return self.public_name

    def get_short_name(self):
        return self.public_name


class Follow(models.Model):
    """A person following a page (a consultation, a goal) to hear of its news."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follows")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="unique_follow_per_user_page")
        ]

    def __str__(self):
        return f"{self.user_id} follows {self.page_id}"


class NotificationItem(models.Model):
    """One thing a person should hear about, from any app: the outbox of their digest
    and the list on their “What's new for you” page (``accounts.digest``).

    It keeps what a line says (``title``, ``url``, the idea it came from) as it was when
    it happened, so the apps above accounts can add to it without accounts knowing their
    models, and a line costs no query. Written in the same transaction as the change it
    tells of; ``emailed_at`` is set once an email carried it (never for a person who
    chose not to be emailed: the page still lists it). ``key`` names an occasion that
    must be told once (a response, a phase opening), so a task run twice adds nothing.

    The table is the one the model had in ``commitments``, where it began."""

    class Kind(models.TextChoices):
        # commitments
        CREATED = "created", _("became a commitment")
        EDITED = "edited", _("commitment changed")
        UPDATE = "update", _("progress reported")
        STATUS = "status", _("status changed")
        # consultations
        RESPONSE = "response", _("has an official response")
        PHASE = "phase", _("a new phase is open")
        PUBLISHED = "published", _("“you said, we did” is published")

    class Reason(models.TextChoices):
        AUTHOR = "author", _("you proposed the idea")
        SUPPORTER = "supporter", _("you supported the idea")
        FOLLOWER = "follower", _("you follow the consultation")

    #: ``{status code: label}`` of every app that adds items with a status, filled by
    #: their ``AppConfig.ready`` (the codes do not overlap).
    STATUS_LABELS: dict = {}

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.CharField(max_length=10, choices=Reason.choices)
    title = models.CharField(max_length=200, default="")
    url = models.CharField(max_length=300, default="")
    via = models.CharField(_("the idea it came from"), max_length=200, blank=True, default="")
    status = models.CharField(max_length=12, blank=True)
    key = models.CharField(max_length=80, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "commitments_notificationitem"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_newest"),
            models.Index(
                fields=["user", "created_at"],
                name="notification_pending",
                condition=Q(emailed_at__isnull=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="notification_once_per_key"
            )
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return f"{self.kind} for {self.user_id}: {self.title[:40]}"

    @property
    def status_label(self) -> str:
        return str(self.STATUS_LABELS.get(self.status, self.status))
