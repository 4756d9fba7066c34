"""Demo pledges for Lowbridge; called last by ``manage.py seed_demo``.

Pledges from organisations and individuals across the goals, in every status (active,
met, partly met, missed, withdrawn, and one overdue), progress updates with evidence
links, and three conditional pledges: one that succeeded, one that lapsed and one still
open. Some are made from a consultation page when the consultations demo has one.

Deterministic: dates are whole days relative to the day it runs, the text is fixed.
Idempotent: each pledge is found by (goal, author, text) and left alone once it exists,
so running it again changes nothing.
"""

import datetime

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from consultations.models import ConsultationPage
from core import opendata
from core.audit import record
from goals.models import GoalPage
from organisations.models import Organisation
from pledges.models import Pledge, PledgeJoin, PledgeUpdate

S = Pledge.Status
C = Pledge.Condition

PEOPLE = [
    # email, display name (they sign in with demo/crowd.py's CROWD_PASSWORD; the named
    # demo logins come from demo/accounts.py and demo/goals.py)
    ("aisha.khan@lowbridge.example", "Aisha Khan"),
    ("ben.walsh@lowbridge.example", "Ben Walsh"),
    ("chloe.evans@lowbridge.example", "Chloe Evans"),
    ("dan.moore@lowbridge.example", "Dan Moore"),
    ("ella.shaw@lowbridge.example", "Ella Shaw"),
    ("finn.clarke@lowbridge.example", "Finn Clarke"),
    ("grace.lee@lowbridge.example", "Grace Lee"),
    ("hassan.ali@lowbridge.example", "Hassan Ali"),
    ("isla.reid@lowbridge.example", "Isla Reid"),
    ("jack.ward@lowbridge.example", "Jack Ward"),
    ("kerry.long@lowbridge.example", "Kerry Long"),
    ("leo.grant@lowbridge.example", "Leo Grant"),
    ("maya.patel@lowbridge.example", "Maya Patel"),
    ("noah.hughes@lowbridge.example", "Noah Hughes"),
]
RESIDENT = "resident@lowbridge.example"
MEMBER = "member@lowbridge.example"
CONVENOR = "convenor@lowbridge.example"
EDITOR = "partner.editor@lowbridge.example"

EVIDENCE = "https://lowbridge.example/evidence/"

# goal slug, author email, organisation slug, text, status, due (days from today),
# show name, created (days ago), updates [(days ago, text, evidence path, status)],
# condition: None or (threshold, deadline days from today, joiners, condition)
PLEDGES = [
    (
        "clean-air-for-every-street",
        "dev.okafor@lowbridge.example",
        "lowbridge-cycle-hub",
        "We will run free bike repair sessions every Saturday in Riverside Park, all year.",
        S.MET,
        -30,
        True,
        200,
        [
            (150, "Twelve Saturdays so far, 214 bikes fixed.", "bike-repair-spring", S.ACTIVE),
            (28, "A full year: 52 sessions and 911 bikes back on the road.", "bike-repair", S.MET),
        ],
        None,
    ),
    (
        "clean-air-for-every-street",
        RESIDENT,
        None,
        "I will walk my children to school instead of driving, every day this term.",
        S.ACTIVE,
        5,
        True,
        40,
        [(10, "Five weeks in and we have not used the car once.", "", S.ACTIVE)],
        None,
    ),
    (
        "net-zero-by-2038",
        "aisha.khan@lowbridge.example",
        None,
        "I will switch my household to a green energy tariff and insulate our loft.",
        S.ACTIVE,
        -3,
        False,  # counted, not named
        90,
        [],
        None,
    ),
    (
        "net-zero-by-2038",
        CONVENOR,
        "lowbridge-city-council",
        "We will fit solar panels to 20 council buildings.",
        S.PARTLY_MET,
        -60,
        True,
        400,
        [
            (200, "Panels are on the first eight buildings.", "solar-phase-1", S.ACTIVE),
            (
                55,
                "Fourteen of 20 buildings done; six roofs needed repairs we could not fund "
                "this year. They are in next year's budget.",
                "solar-phase-2",
                S.PARTLY_MET,
            ),
        ],
        None,
    ),
    (
        "a-warm-dry-home-for-everyone",
        "maureen.hale@lowbridge.example",
        "riverside-residents",
        "We will knock on every door in Riverside to share free insulation advice.",
        S.MISSED,
        -20,
        True,
        180,
        [
            (
                18,
                "We reached 640 of about 1,900 homes before volunteers ran out. What we "
                "learned: evenings work, leaflets alone do not.",
                "door-knocking-report",
                S.MISSED,
            )
        ],
        None,
    ),
    (
        "walking-and-cycling-for-short-journeys",
        MEMBER,
        "lowbridge-cycle-hub",
        "We will lend 100 bikes to people who have never cycled to work.",
        S.ACTIVE,
        60,
        True,
        30,
        [(7, "37 bikes out on loan so far.", "bike-loans", S.ACTIVE)],
        None,
    ),
    (
        "buses-people-choose",
        "tom.price@lowbridge.example",
        "wyre-valley-transport",
        "We will publish live punctuality figures for every bus route each month.",
        S.WITHDRAWN,
        None,
        True,
        150,
        [
            (
                100,
                "Withdrawn: the regional open data service now publishes these figures, so "
                "a second set would only confuse.",
                "",
                S.WITHDRAWN,
            )
        ],
        None,
    ),
    (
        "no-one-is-lonely",
        "ben.walsh@lowbridge.example",
        None,
        "I will run a weekly tea-and-chat morning at St Mary's hall.",
        S.MET,
        -45,
        True,
        220,
        [(44, "Every Tuesday since spring, 15 to 25 people each week.", "tea-and-chat", S.MET)],
        None,
    ),
    (
        "everyone-lives-healthier-for-longer",
        EDITOR,
        "lowbridge-nhs-trust",
        "We will offer free health checks at ten community venues.",
        S.ACTIVE,
        120,
        True,
        60,
        [(14, "Four venues running; six more booked.", "health-checks", S.ACTIVE)],
        None,
    ),
    (
        "rivers-clean-enough-to-swim-in",
        "chloe.evans@lowbridge.example",
        None,
        "I will organise a clean-up of the Wyre from the weir to Mill Bridge, "
        "if 10 others join me.",
        S.ACTIVE,
        20,
        True,
        50,
        [],
        (10, -10, 12, C.SUCCEEDED),
    ),
    (
        "a-greener-city",
        "dan.moore@lowbridge.example",
        None,
        "I will plant a street tree outside my house, if 15 neighbours do the same.",
        S.WITHDRAWN,
        None,
        True,
        45,
        [],
        (15, -5, 4, C.LAPSED),
    ),
    (
        "no-one-goes-hungry",
        "ella.shaw@lowbridge.example",
        None,
        "I will give £10 a month to the Lowbridge food bank, if 20 others do the same.",
        S.ACTIVE,
        None,
        False,
        6,
        [],
        (20, 21, 6, C.OPEN),
    ),
]


def _person(email, display_name):
    user, created = User.objects.get_or_create(email=email, defaults={"display_name": display_name})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return user


def _consultation_for(goal):
    """A live consultation serving the goal, if the consultations demo made one."""
    return (
        ConsultationPage.objects.live().filter(goals=goal).order_by("path").first()
        or ConsultationPage.objects.live().descendant_of(goal).order_by("path").first()
    )


def seed(stdout):
    """Create the demo pledges; safe to run again (it changes nothing the second time)."""
    goals = {goal.slug: goal for goal in GoalPage.objects.live()}
    if not goals:
        stdout.write("Pledges demo: no goals, skipped.")
        return
    organisations = {org.slug: org for org in Organisation.objects.all()}
    today = timezone.localdate()
    now = timezone.now()
    created_count = 0
    with transaction.atomic():
        people = [_person(email, name) for email, name in PEOPLE]
        by_email = {user.email: user for user in people}
        for index, (
            goal_slug,
            email,
            org_slug,
            text,
            status,
            due,
            show_name,
            days_ago,
            updates,
            condition,
        ) in enumerate(PLEDGES):
            goal = goals.get(goal_slug)
            if goal is None:
                continue
            author = by_email.get(email) or User.objects.filter(email=email).first()
            if author is None:
                author = _person(email, email.split("@")[0].replace(".", " ").title())
            organisation = organisations.get(org_slug) if org_slug else None
            if org_slug and organisation is None:
                continue
            if Pledge.objects.filter(goal=goal, author=author, text=text).exists():
                continue
            made_at = now - datetime.timedelta(days=days_ago)
            fields = {
                "goal": goal,
                "author": author,
                "organisation": organisation,
                "text": text,
                "status": status,
                "show_name": show_name,
                "due_date": today + datetime.timedelta(days=due) if due is not None else None,
                "made_from": (_consultation_for(goal) if index % 3 == 1 else None) or goal,
            }
            joiners = []
            if condition:
                threshold, deadline, joins, state = condition
                fields.update(
                    threshold=threshold,
                    join_deadline=today + datetime.timedelta(days=deadline),
                    condition=state,
                    join_count=joins,
                )
                if state != C.OPEN:
                    decided = now + datetime.timedelta(days=min(deadline, -1))
                    fields.update(condition_decided_at=decided, author_told_outcome_at=decided)
                joiners = [person for person in people if person != author][:joins]
            if due is not None and due <= 7 and status == S.ACTIVE:
                # The demo's reminders already went out; the scheduler has nothing to do.
                fields["week_reminder_sent_at"] = now
                if due <= 0:
                    fields["due_reminder_sent_at"] = now
            pledge = Pledge.objects.create(**fields)
            Pledge.objects.filter(pk=pledge.pk).update(created_at=made_at, updated_at=made_at)
            for joiner in joiners:
                PledgeJoin.objects.get_or_create(
                    pledge=pledge,
                    user=joiner,
                    defaults={"told_outcome_at": fields.get("condition_decided_at")},
                )
            previous = S.ACTIVE
            for update_days_ago, update_text, evidence, update_status in updates:
                update = PledgeUpdate.objects.create(
                    pledge=pledge,
                    author=author,
                    text=update_text,
                    evidence_url=EVIDENCE + evidence if evidence else "",
                    status=update_status,
                )
                at = now - datetime.timedelta(days=update_days_ago)
                PledgeUpdate.objects.filter(pk=update.pk).update(created_at=at)
                if update_status != previous:
                    event = record(
                        author, "pledge.status", pledge, {"from": previous, "to": update_status}
                    )
                    type(event).objects.filter(pk=event.pk).update(at=at)
                    previous = update_status
            if condition and condition[3] == C.LAPSED:
                record(None, "pledge.condition", pledge, {"from": C.OPEN, "to": C.LAPSED})
                record(None, "pledge.status", pledge, {"from": S.ACTIVE, "to": S.WITHDRAWN})
            elif condition and condition[3] == C.SUCCEEDED:
                record(None, "pledge.condition", pledge, {"from": C.OPEN, "to": C.SUCCEEDED})
            created_count += 1
        transaction.on_commit(opendata.bump)
    stdout.write(
        f"Pledges: {created_count} new, {Pledge.objects.count()} in all "
        f"({Pledge.objects.filter(condition__in=[C.OPEN, C.SUCCEEDED, C.LAPSED]).count()} "
        "conditional)."
    )
