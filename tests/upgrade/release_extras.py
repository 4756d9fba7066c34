"""More rows on top of ``manage.py seed_demo``, for the release dump (see README.md).

The demo already has organisations with one revision each, group permissions on the
organisation snippet, memberships, pledges and audit events. This adds what a live site
accumulates and a model move could lose: more proposals, supports and comments; pledges
with joins and updates; membership requests, one approved; an edited organisation (a
revision with a log entry); permissions on every model that moves, held by groups and by
a person; and partner sign-off workflows in three states (waiting, needs changes,
signed off and waiting for the convenors).

It uses the release's own services, so every row is one the release itself would write.
Run it from a checkout of the release, after ``migrate`` and ``seed_demo``::

    DATABASE_URL=... python manage.py shell -c \
        "import runpy; runpy.run_path('/path/to/tests/migrations/release_extras.py')"

It is meant for a fresh demo database, run once.
"""

from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from accounts import demo as accounts_demo
from accounts.models import User
from accounts.roles import CONVENORS, MODERATORS
from consultations import services as consultations
from consultations.models import ConsultationPage, Proposal
from goals.models import GoalPage, Organisation, PartnerSignOffTask, Pledge
from goals.services import memberships, pledges

RESIDENTS = [
    "alex.moor@residents.lowbridge.example",
    "bea.ng@residents.lowbridge.example",
    "chris.dale@residents.lowbridge.example",
    "dana.okoro@residents.lowbridge.example",
    "eli.frost@residents.lowbridge.example",
    "fatima.aziz@residents.lowbridge.example",
]
# Residents who still have supports left in the open consultation after the demo.
SUPPORTERS = [
    "gus.hart@residents.lowbridge.example",
    "hana.ito@residents.lowbridge.example",
    "ian.reid@residents.lowbridge.example",
    "jas.kaur@residents.lowbridge.example",
]


def person(email):
    return User.objects.get(email=email)


def open_consultation():
    """The demo consultation taking proposals today (phases follow today's date)."""
    from consultations import permissions

    resident = person(accounts_demo.RESIDENT)
    for consultation in ConsultationPage.objects.live().order_by("pk"):
        if permissions.can_propose(resident, consultation):
            return consultation
    raise SystemExit("No demo consultation is taking proposals today.")


def add_participation():
    consultation = open_consultation()
    residents = [person(email) for email in RESIDENTS]
    member = person(accounts_demo.ORGANISATION_MEMBER)
    cycle_hub = Organisation.objects.get(slug="lowbridge-cycle-hub")
    new = [
        consultations.submit_proposal(
            residents[0],
            consultation,
            title="Benches along the towpath",
            body="Somewhere to rest every few hundred metres would help older walkers.",
        ),
        consultations.submit_proposal(
            residents[1],
            consultation,
            title="A safe crossing at Mill Lane",
            body="Children cross four lanes of traffic to reach the school gate.",
        ),
        consultations.submit_proposal(
            member,
            consultation,
            title="Free bike checks on Saturdays",
            body="We will run them outside the market if the council lends us a gazebo.",
            organisation=cycle_hub,
        ),
    ]
    targets = new + list(
        Proposal.objects.filter(consultation=consultation).exclude(pk__in=[p.pk for p in new])[:2]
    )
    for supporter in map(person, SUPPORTERS):
        for proposal in targets[:3]:
            consultations.add_support(supporter, proposal)
    question = consultations.add_comment(
        residents[3], new[1], body="Would a zebra crossing be enough, or does it need lights?"
    )
    consultations.add_comment(
        residents[1], new[1], body="Lights: the traffic is too fast.", parent=question
    )
    consultations.add_comment(residents[4], new[0], body="Yes please, with arms to push up on.")


def add_pledges():
    residents = [person(email) for email in RESIDENTS]
    member = person(accounts_demo.ORGANISATION_MEMBER)
    cycle_hub = Organisation.objects.get(slug="lowbridge-cycle-hub")
    cycling = GoalPage.objects.get(slug="walking-and-cycling-for-short-journeys")
    hungry = GoalPage.objects.get(slug="no-one-goes-hungry")
    today = timezone.localdate()

    walk = pledges.make_pledge(
        residents[0],
        cycling,
        text="I will walk my children to school three days a week.",
        due_date=today + timedelta(days=120),
    )
    pledges.post_update(residents[0], walk.pk, text="Three weeks in, going well.")
    pledges.post_update(residents[0], walk.pk, text="Done for the whole term.", status="met")

    rides = pledges.make_pledge(
        member,
        cycling,
        text="We will lead a monthly beginners' ride if three people join us.",
        organisation=cycle_hub,
        due_date=today + timedelta(days=365),
        threshold=3,
        join_deadline=today + timedelta(days=30),
    )
    for joiner in residents[1:5]:  # the third join makes it succeed, the fourth is extra
        pledges.join_pledge(joiner, rides.pk)

    waiting = pledges.make_pledge(
        residents[5],
        hungry,
        text="I will give a bag of shopping to the food bank each week if five neighbours do.",
        threshold=5,
        join_deadline=today + timedelta(days=60),
        show_name=False,
    )
    pledges.join_pledge(residents[2], waiting.pk)
    pledges.join_pledge(residents[3], waiting.pk)
    pledges.leave_pledge(residents[3], waiting.pk)  # a join row deleted, an audit event kept


def add_memberships():
    convenor = person(accounts_demo.CONVENOR)
    admin = person("dev.okafor@lowbridge.example")  # admin of the cycle hub
    cycle_hub = Organisation.objects.get(slug="lowbridge-cycle-hub")
    food = Organisation.objects.get(slug="lowbridge-food-network")
    approved, _created = memberships.request_membership(person(RESIDENTS[0]), cycle_hub)
    memberships.approve(admin, cycle_hub, approved.pk)
    memberships.set_editor(admin, cycle_hub, approved.pk, True)
    memberships.request_membership(person(RESIDENTS[1]), cycle_hub)  # stays requested
    memberships.request_membership(person(RESIDENTS[2]), food)  # stays requested
    # An organisation without members gets its first admin from a convenor.
    memberships.add_member(convenor, food, person(RESIDENTS[3]), role="admin", is_editor=True)


def edit_organisation():
    """A second revision of one organisation, saved by a convenor with a log entry."""
    convenor = person(accounts_demo.CONVENOR)
    organisation = Organisation.objects.get(slug="lowbridge-food-network")
    organisation.description += " Open Tuesday and Friday mornings."
    organisation.save()
    organisation.save_revision(user=convenor, log_action=True)


def grant_permissions():
    """Permissions on every model that moves, so the dump has some to lose."""

    def perms(*labels):
        found = []
        for label in labels:
            app_label, codename = label.split(".")
            found.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        return found

    Group.objects.get(name=CONVENORS).permissions.add(
        *perms(
            "goals.view_pledge",
            "goals.change_pledge",
            "goals.view_pledgejoin",
            "goals.view_pledgeupdate",
            "goals.view_membership",
            "goals.change_membership",
            "accounts.view_auditevent",
        )
    )
    Group.objects.get(name=MODERATORS).permissions.add(
        *perms("goals.view_organisation", "accounts.view_auditevent")
    )
    person(accounts_demo.PARTNER_EDITOR).user_permissions.add(
        *perms("goals.view_pledge", "goals.view_membership")
    )


def submit_for_sign_off(goal, user):
    """Save a revision of ``goal`` and start its workflow, as "Submit for sign-off" does."""
    goal = goal.specific
    goal.endorsed_by = "Lowbridge Partnership Board"
    goal.save_revision(user=user)
    workflow = goal.get_workflow()
    return workflow.start(goal, user)


def sign(state, email, action="approve"):
    """One partner's editor acts on the sign-off task the workflow is waiting at."""
    task_state = state.current_task_state.specific
    task = task_state.task.specific
    assert isinstance(task, PartnerSignOffTask), task
    task.on_action(task_state, person(email), action, comment="")
    state.refresh_from_db()


def goal(slug):
    return GoalPage.objects.get(slug=slug)


def start_workflows():
    editor = accounts_demo.PARTNER_EDITOR  # NHS trust and primary care network
    convenor = accounts_demo.CONVENOR  # city council

    # Waiting: the NHS trust has signed, the council, the cycle hub and Wyre Valley
    # Transport have not.
    state = submit_for_sign_off(goal("walking-and-cycling-for-short-journeys"), person(editor))
    sign(state, editor)

    # Needs changes: the NHS trust asked for changes.
    state = submit_for_sign_off(goal("everyone-lives-healthier-for-longer"), person(convenor))
    sign(state, editor, action="reject")

    # Every partner signed: the workflow waits at the convenors' approval.
    state = submit_for_sign_off(goal("clean-air-for-every-street"), person(convenor))
    for email in (
        editor,
        convenor,
        "maureen.hale@lowbridge.example",  # riverside residents
        "tom.price@lowbridge.example",  # Wyre Valley Transport
    ):
        sign(state, email)
    assert state.current_task_state.task.specific.__class__.__name__ == "GroupApprovalTask"


def main():
    with transaction.atomic():
        add_participation()
        add_pledges()
        add_memberships()
        edit_organisation()
        grant_permissions()
        start_workflows()
    print(
        "Release extras added:",
        Proposal.objects.count(),
        "proposals,",
        Pledge.objects.count(),
        "pledges.",
    )


main()
