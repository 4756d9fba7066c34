"""Surveys in a consultation: the questions (on the page, ``SurveyFields``), the
versions respondents answered, the responses and their answers, equality monitoring
(kept apart), the themes convenors code free text with, and results publication.

Answers are one JSON object per response, keyed by question id (the StreamField block
id): the CSV export is then one row read per response, and the results are one pass
over ``answers`` (cached per survey, see ``consultations.selectors_surveys``). Skipped
and show-if-hidden questions are simply absent.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField

from consultations.models.survey_blocks import SurveyStreamBlock, question_definitions


class SurveyFields(models.Model):
    """The survey part of a consultation page (mixed into ``ConsultationPage``)."""

    survey = StreamField(
        SurveyStreamBlock(),
        verbose_name=_("survey questions"),
        blank=True,
        help_text=_(
            "Sections of questions; each section is one page for the respondent. Open it "
            "with a “Survey” phase. A question with answers cannot be deleted or change "
            "type: close it instead."
        ),
    )
    survey_intro = models.TextField(_("survey introduction"), blank=True)
    survey_allows_anonymous = models.BooleanField(
        _("people may answer the survey without an account"),
        default=False,
        help_text=_("They cannot save and come back, or change their answers afterwards."),
    )
    survey_equality_monitoring = models.BooleanField(
        _("ask the optional equality monitoring questions"), default=False
    )

    survey_panels = [
        MultiFieldPanel(
            [
                FieldPanel("survey_intro"),
                FieldPanel("survey_allows_anonymous"),
                FieldPanel("survey_equality_monitoring"),
                FieldPanel("survey"),
            ],
            heading=_("Survey"),
            classname="collapsed",
        )
    ]

    class Meta:
        abstract = True

    @property
    def has_survey(self):
        return bool(self.survey)

    def clean(self):
        super().clean()
        errors = survey_change_errors(self)
        if errors:
            raise ValidationError({"survey": errors})


class SurveyVersion(models.Model):
    """The questions as they stood when published; each response names the one it
    answered, so a reworded question is read against the words people saw."""

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="survey_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    sections = models.JSONField(_("sections and questions"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="survey_version_number_unique"
            )
        ]
        ordering = ["consultation", "-number"]

    def __str__(self):
        return f"{self.consultation_id} v{self.number}"

    def questions(self):
        return [q for section in self.sections for q in section["questions"]]


REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference():
    """A reference people can read out on the phone: no 0/O or 1/I."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


class SurveyResponse(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Paper")
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")
        WORKSHOP = "workshop", _("Workshop")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Saved, not sent")
        SUBMITTED = "submitted", _("Sent")

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="survey_responses"
    )
    version = models.ForeignKey(
        SurveyVersion, on_delete=models.PROTECT, related_name="responses", null=True
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The convenor who typed in a paper, phone, email or workshop response."),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    workshop = models.CharField(_("workshop"), max_length=120, blank=True)
    reference = models.CharField(max_length=9, unique=True, default=new_reference)
    answers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "respondent"],
                condition=models.Q(respondent__isnull=False),
                name="one_survey_response_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(submitted_at__isnull=False),
                name="submitted_survey_response_has_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["consultation", "status", "channel"], name="survey_resp_by_channel"
            )
        ]
        permissions = [
            ("enter_survey_responses", "Can enter paper, phone and workshop survey responses"),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED


class EqualityRecord(models.Model):
    """Equality monitoring answers: deliberately linked to no person and no response,
    and dated only by month, so they cannot be joined back to anyone's answers."""

    class AgeBand(models.TextChoices):
        UNDER_16 = "u16", _("Under 16")
        A16_24 = "16-24", _("16 to 24")
        A25_34 = "25-34", _("25 to 34")
        A35_44 = "35-44", _("35 to 44")
        A45_54 = "45-54", _("45 to 54")
        A55_64 = "55-64", _("55 to 64")
        A65_74 = "65-74", _("65 to 74")
        A75 = "75+", _("75 or over")
        PREFER_NOT = "prefer_not", _("Prefer not to say")

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        PREFER_NOT = "prefer_not", _("Prefer not to say")

    class YesNo(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        PREFER_NOT = "prefer_not", _("Prefer not to say")

    class Ethnicity(models.TextChoices):
        ASIAN = "asian", _("Asian or Asian British")
        BLACK = "black", _("Black, Black British, Caribbean or African")
        MIXED = "mixed", _("Mixed or multiple ethnic groups")
        WHITE = "white", _("White")
        OTHER = "other", _("Another ethnic group")
        PREFER_NOT = "prefer_not", _("Prefer not to say")

    class Religion(models.TextChoices):
        NONE = "none", _("No religion")
        BUDDHIST = "buddhist", _("Buddhist")
        CHRISTIAN = "christian", _("Christian")
        HINDU = "hindu", _("Hindu")
        JEWISH = "jewish", _("Jewish")
        MUSLIM = "muslim", _("Muslim")
        SIKH = "sikh", _("Sikh")
        OTHER = "other", _("Any other religion or belief")
        PREFER_NOT = "prefer_not", _("Prefer not to say")

    class Orientation(models.TextChoices):
        STRAIGHT = "straight", _("Straight or heterosexual")
        GAY = "gay", _("Gay or lesbian")
        BI = "bi", _("Bisexual")
        OTHER = "other", _("Another sexual orientation")
        PREFER_NOT = "prefer_not", _("Prefer not to say")

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="equality_records"
    )
    month = models.DateField(help_text=_("The first of the month it was given."))
    age_band = models.CharField(_("Age"), max_length=10, choices=AgeBand.choices, blank=True)
    sex = models.CharField(_("Sex"), max_length=10, choices=Sex.choices, blank=True)
    gender_same_as_birth = models.CharField(
        _("Is the gender you identify with the same as your sex registered at birth?"),
        max_length=10,
        choices=YesNo.choices,
        blank=True,
    )
    disability = models.CharField(
        _(
            "Do you have a physical or mental health condition or illness lasting or expected "
            "to last 12 months or more?"
        ),
        max_length=10,
        choices=YesNo.choices,
        blank=True,
    )
    ethnicity = models.CharField(
        _("Ethnic group"), max_length=10, choices=Ethnicity.choices, blank=True
    )
    religion = models.CharField(
        _("Religion or belief"), max_length=10, choices=Religion.choices, blank=True
    )
    sexual_orientation = models.CharField(
        _("Sexual orientation"), max_length=10, choices=Orientation.choices, blank=True
    )
    caring = models.CharField(
        _(
            "Do you look after, or give help or support to, anyone because of a long-term "
            "condition, disability or problems related to old age?"
        ),
        max_length=10,
        choices=YesNo.choices,
        blank=True,
    )

    QUESTIONS = (
        "age_band",
        "sex",
        "gender_same_as_birth",
        "disability",
        "ethnicity",
        "religion",
        "sexual_orientation",
        "caring",
    )

    class Meta:
        indexes = [models.Index(fields=["consultation"], name="equality_by_consultation")]

    def __str__(self):
        return f"{self.consultation_id} {self.month:%Y-%m}"


class SurveyTheme(models.Model):
    """A theme of one consultation's coding frame, for free-text answers and proposals."""

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="survey_themes"
    )
    name = models.CharField(_("theme"), max_length=80)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "name"], name="theme_name_unique")
        ]
        ordering = ["name"]

    def __str__(self):
        return self.name


class ThemeTag(models.Model):
    """A theme given to one free-text answer (response + question) or to one proposal."""

    theme = models.ForeignKey(SurveyTheme, on_delete=models.CASCADE, related_name="tags")
    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, null=True, blank=True, related_name="tags"
    )
    question_id = models.CharField(max_length=64, blank=True)
    proposal = models.ForeignKey(
        "consultations.Proposal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="theme_tags",
    )
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "response", "question_id"],
                condition=models.Q(response__isnull=False),
                name="theme_tag_answer_unique",
            ),
            models.UniqueConstraint(
                fields=["theme", "proposal"],
                condition=models.Q(proposal__isnull=False),
                name="theme_tag_proposal_unique",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(response__isnull=False, proposal__isnull=True)
                    | models.Q(response__isnull=True, proposal__isnull=False)
                ),
                name="theme_tag_one_target",
            ),
        ]

    def __str__(self):
        return f"{self.theme_id}: {self.response_id or self.proposal_id}"


class ApprovedAnswer(models.Model):
    """A free-text answer a convenor approved for the public results page."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="+")
    question_id = models.CharField(max_length=64)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question_id"], name="approved_answer_unique"
            )
        ]

    def __str__(self):
        return f"{self.response_id}:{self.question_id}"


class SurveyResultsPublication(models.Model):
    """A convenor published the survey's aggregated results (kept off the page's own
    fields so publishing a page revision never undoes it)."""

    consultation = models.OneToOneField(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="survey_results"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField()

    def __str__(self):
        return f"{self.consultation_id} {self.published_at:%Y-%m-%d}"


def survey_change_errors(page):
    """What is wrong with ``page``'s survey as edited: show-if rules that point nowhere,
    and answered questions deleted or given another type (close them instead)."""
    try:
        sections = question_definitions(page.survey)
    except ValidationError as error:
        return list(error.messages)
    if not page.pk:
        return []
    now_types = {q["id"]: q["type"] for section in sections for q in section["questions"]}
    before = {}
    for version in SurveyVersion.objects.filter(consultation_id=page.pk).order_by("number"):
        for question in version.questions():
            before[question["id"]] = question
    errors = []
    answered = SurveyResponse.objects.filter(consultation_id=page.pk)
    for question_id, question in before.items():
        if now_types.get(question_id) == question["type"]:
            continue
        if not answered.filter(answers__has_key=question_id).exists():
            continue
        if question_id not in now_types:
            errors.append(
                _("“%(q)s” has answers, so it cannot be deleted. Tick “Closed” instead.")
                % {"q": question["label"]}
            )
        else:
            errors.append(
                _(
                    "“%(q)s” has answers, so its type cannot change. Close it and add a new "
                    "question instead."
                )
                % {"q": question["label"]}
            )
    return errors
