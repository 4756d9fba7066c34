from django.core.management.base import BaseCommand
from django.db import transaction

from demo import commitments as commitments_demo
from demo import consultations as consultations_demo
from demo import crowd as crowd_demo
from demo import goals as goals_demo
from demo import home as home_demo
from demo import pledges as demo_pledges
from demo import surveys as surveys_demo
from demo import wards as wards_demo


class Command(BaseCommand):
    help = (
        "Fill the database with the demo city of Lowbridge. Deterministic and idempotent: "
        "running it twice changes nothing."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            wards_demo.seed(self.stdout)
            home_demo.seed(self.stdout)
            goals_demo.seed(self.stdout)
            consultations_demo.seed(self.stdout)
            surveys_demo.seed(self.stdout)
            demo_pledges.seed(self.stdout)
            commitments_demo.seed(self.stdout)
            crowd_demo.seed(self.stdout)
            wards_demo.spread(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
