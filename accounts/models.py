from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
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
        IMMEDIATELY = "immediately", _("As it happens (at most one email an hour)")
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
