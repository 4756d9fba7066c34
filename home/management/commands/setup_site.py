"""``manage.py setup_site --name Lowbridge --url https://… --convenor-email …``: a fresh
site for a place on an empty, migrated database (home.setup.setup_site)."""

from django.core.management.base import BaseCommand, CommandError

from home.setup import SetupRefused, setup_site


class Command(BaseCommand):
    help = (
        "Set up a fresh site: the page tree, standard pages, staff groups, the partner "
        "sign-off workflow and the first convenor, who is emailed a link to set a "
        "password. Safe to run again; refuses a database that holds a different site."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="The place, e.g. Lowbridge.")
        parser.add_argument("--url", required=True, help="The site's address; must equal SITE_URL.")
        parser.add_argument(
            "--convenor-email", required=True, help="The first convenor's email address."
        )
        parser.add_argument(
            "--contact-email",
            default="",
            help="The address the public writes to (default: the convenor's).",
        )

    def handle(self, *args, **options):
        try:
            result = setup_site(
                name=options["name"],
                url=options["url"],
                convenor_email=options["convenor_email"],
                contact_email=options["contact_email"],
            )
        except SetupRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        if result.created:
            self.stdout.write("Created: " + ", ".join(result.created) + ".")
        else:
            self.stdout.write("Nothing to do: the site is already set up.")
        if result.invited:
            self.stdout.write(
                f"Emailed {result.convenor.email} a link to set a password and enrol "
                "two-factor authentication."
            )
        self.stdout.write(self.style.SUCCESS("The site is set up."))
