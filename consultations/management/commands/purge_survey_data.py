"""Keep the privacy notice's promise on surveys: two years after a survey closes, its
equality monitoring records are deleted and its responses lose the link to the people
who gave them (the answers stay, anonymous, behind the results). Run daily."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from consultations.models import Action, ConsultationPage, EqualityRecord, SurveyResponse

KEEP_FOR = timedelta(days=730)


class Command(BaseCommand):
    help = "Delete equality records and unlink responses of surveys closed two years ago."

    def handle(self, *args, **options):
        cutoff = timezone.now() - KEEP_FOR
        pages = (
            ConsultationPage.objects.filter(phases__action=Action.SURVEY)
            .exclude(phases__action=Action.SURVEY, phases__ends_at__gt=cutoff)
            .distinct()
        )
        ids = list(pages.values_list("pk", flat=True))
        with transaction.atomic():
            equality, _ = EqualityRecord.objects.filter(consultation_id__in=ids).delete()
            unlinked = SurveyResponse.objects.filter(
                consultation_id__in=ids, respondent__isnull=False
            ).update(respondent=None)
        self.stdout.write(f"{equality} equality records deleted, {unlinked} responses unlinked.")
