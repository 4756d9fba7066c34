"""The demo's volume: a crowd of residents, enough ideas, supports, comments and pledges
for a council to judge the site at the size a real consultation reaches, and a partner
editor for every organisation that co-owns a demo goal. Called last by ``seed_demo``.

- 64 residents (``crowd.01@residents.lowbridge.example`` …), among them names written in
  Arabic and Hebrew, who all sign in with :data:`CROWD_PASSWORD`.
- The largest consultation ("Getting around Lowbridge") reaches 150 ideas or more from
  them, some in every official status, with supports (within the consultation's
  supports per person) and comments.
- 40 or more pledges in every status (active, met, partly met, missed, withdrawn).
- Every co-owner of every demo goal has an active partner editor.

Deterministic (everything follows from the row's number, dates from today) and
idempotent (what exists is found by its email, title or text and left alone). Rows go
in with ``bulk_create``; the counters are then set exactly from the rows they count, as
``manage.py check_counts`` would, and the page cache and open data are told.
"""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from wagtail.search.backends import get_search_backends

from accounts.models import User
from consultations.models import Comment, ConsultationPage, ModerationEvent, Proposal, Support
from core import opendata, page_cache
from core.counters import all_counters, mismatches, repair
from demo import accounts as accounts_demo
from goals.models import GoalPage
from organisations.models import Membership
from organisations.services import sync_partner_editor_group
from pledges.models import Pledge

#: Every demo account without a password of its own (demo/accounts.py) signs in with
#: this one (README, "Demo accounts"). Published on purpose: demo data only.
CROWD_PASSWORD = "lowbridge-demo-everyone"  # noqa: S105

LARGEST = "getting-around-lowbridge"
PROPOSALS_WANTED = 150
PLEDGES_PER_STATUS = 40

FIRST_NAMES = (
    "Amara", "Bilal", "Cara", "Declan", "Esme", "Farid", "Gwen", "Hamza", "Imogen", "Jonah",
    "Kiran", "Lena", "Marek", "Nia", "Omar", "Petra", "Quinn", "Rosa", "Samir", "Tess",
    "Usha", "Vik", "Wren", "Yusuf", "Zara", "Ada", "Bo", "Cyrus", "Dilys", "Emeka",
)  # fmt: skip
AREAS = ("Riverside", "Northgate", "Hillfield", "the Wharf", "Castle Hill", "Millbrook")
#: Names written right to left, so the demo shows them isolated in bylines and lists.
RIGHT_TO_LEFT = ("ليلى حداد", "نور الهدى", "יעל כהן", "נועם לוי")
CROWD_SIZE = 64

IDEAS = (
    ("A safe crossing", "A zebra or signal crossing, so children and older people can cross."),
    ("Covered cycle parking", "Secure, covered stands that a family's bikes fit in."),
    ("A 20 mph limit", "Slower traffic where people live, shop and go to school."),
    ("More benches", "Somewhere to rest every few hundred metres."),
    ("A bus shelter with seats", "Shelter from the rain and a timetable that is up to date."),
    ("Wider pavements", "Room for a pushchair and a wheelchair to pass each other."),
    ("Street trees", "Shade in summer and a street that feels looked after."),
    ("A school street", "No through traffic at the start and end of the school day."),
    ("A car club bay", "One shared car instead of three parked ones."),
    ("E-bike hire", "Docked e-bikes for the hills, paid by the minute."),
    ("Step-free access", "Lifts or ramps, so nobody is stuck at the steps."),
    ("Lighting on the path", "Lights that make the walk home feel safe after dark."),
    ("Bus lane cameras", "Keep the bus lane clear so the buses run on time."),
    ("A protected cycle lane", "Kerbs between the bikes and the traffic."),
    ("Dropped kerbs", "Kerbs a wheelchair or a walking frame can manage."),
)
PLACES = (
    "on Mill Lane", "by Castle Hill school", "in Riverside", "at the Wharf", "in Northgate",
    "on the ring road", "in Hillfield", "by the station", "on the high street",
    "by the hospital",
)  # fmt: skip
COMMENTS = (
    "Yes please: I walk this way every day.",
    "Good idea, but it needs to work for buses too.",
    "We asked for this at the last ward meeting.",
    "My children would use it every school day.",
    "Could it be tried for a month first?",
)
PLEDGE_TEXTS = (
    "I will walk or cycle for my journeys under two miles.",
    "I will switch to a green energy tariff.",
    "I will join a litter pick in my neighbourhood each month.",
    "I will plant a tree in my garden or street.",
    "I will check on an older neighbour through the winter.",
    "I will take the bus to work two days a week.",
    "I will draught-proof my home's doors and windows.",
    "I will volunteer an hour a week at the food bank.",
)


def _crowd_specs():
    specs = []
    for n in range(1, CROWD_SIZE + 1):
        if n <= len(RIGHT_TO_LEFT):
            name = RIGHT_TO_LEFT[n - 1]
        else:
            first = FIRST_NAMES[(n * 7) % len(FIRST_NAMES)]
            name = f"{first} from {AREAS[n % len(AREAS)]}"
        specs.append((f"crowd.{n:02d}@residents.lowbridge.example", name))
    return specs


def _password():
    """One hash (one salt) for the accounts made in one run: hashing each would take most
    of a minute. Set only when an account is made, so a second run changes nothing."""
    return make_password(CROWD_PASSWORD)


def _people(specs, *, is_staff=False):
    """The users for ``specs`` ((email, name) pairs), made with one bulk insert each for
    users and their verified addresses when missing. In the order of ``specs``."""
    existing = {u.email: u for u in User.objects.filter(email__in=[e for e, _n in specs])}
    missing = [(e, n) for e, n in specs if e not in existing]
    if missing:
        password = _password()
        made = User.objects.bulk_create(
            [
                User(email=e, display_name=n, password=password, is_staff=is_staff)
                for e, n in missing
            ]
        )
        if not all(u.pk for u in made):  # a backend that returns no ids
            made = list(User.objects.filter(email__in=[e for e, _n in missing]))
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in made]
        )
        existing.update({u.email: u for u in made})
    return [existing[e] for e, _n in specs]


def seed_crowd_proposals(page, crowd, convenor, now):
    """Ideas on the largest consultation up to :data:`PROPOSALS_WANTED`, by the crowd,
    one in every few in each official status, with supports and comments."""
    have = set(Proposal.objects.filter(consultation=page).values_list("title", flat=True))
    titles = [f"{idea} {place}" for place in PLACES for idea, _b in IDEAS]
    bodies = {f"{idea} {place}": body for place in PLACES for idea, body in IDEAS}
    wanted = max(0, PROPOSALS_WANTED - len(have))
    new_titles = [t for t in titles if t not in have][:wanted]
    if not new_titles:
        return 0
    propose_start = min(phase.starts_at for phase in page.phases.all())
    S = Proposal.Status
    statuses = {3: S.ADOPTED, 6: S.UNDER_CONSIDERATION, 9: S.NOT_TAKEN_FORWARD}
    answers = {
        S.ADOPTED: "Adopted: the partners will fund this in next year's transport plan.",
        S.UNDER_CONSIDERATION: "Under consideration: the highways team is costing it.",
        S.NOT_TAKEN_FORWARD: "Not taken forward: the road is too narrow for it here.",
        S.MERGED: "Merged with a similar idea, so their supports count together.",
    }
    rows = []
    for n, title in enumerate(new_titles):
        status = statuses.get(n % 12, S.OPEN)
        rows.append(
            Proposal(
                consultation=page,
                author=crowd[n % len(crowd)],
                title=title,
                body=bodies[title],
                status=status,
                response=answers.get(status, ""),
                responded_by=convenor if status != S.OPEN else None,
                responded_at=now - datetime.timedelta(days=1) if status != S.OPEN else None,
            )
        )
    made = Proposal.objects.bulk_create(rows)
    if not all(p.pk for p in made):
        made = list(Proposal.objects.filter(consultation=page, title__in=new_titles))
    for n, proposal in enumerate(made):
        proposal.created_at = min(
            now - datetime.timedelta(hours=1), propose_start + datetime.timedelta(hours=3 * n + 1)
        )
    Proposal.objects.bulk_update(made, ["created_at"])
    # Merged: every twelfth idea into the idea before it (both stay in the record).
    merged = [p for n, p in enumerate(made) if n % 12 == 11]
    for proposal in merged:
        proposal.status, proposal.response = S.MERGED, answers[S.MERGED]
        proposal.merged_into = made[made.index(proposal) - 1]
        proposal.responded_by, proposal.responded_at = convenor, now - datetime.timedelta(days=1)
    Proposal.objects.bulk_update(
        merged, ["status", "response", "merged_into", "responded_by", "responded_at"]
    )
    ModerationEvent.objects.bulk_create(
        [
            ModerationEvent(
                proposal=p,
                action=ModerationEvent.ActionTaken.STATUS,
                note=f"open → {p.status}",
                moderator=convenor,
            )
            for p in made
            if p.status != S.OPEN
        ]
    )
    # Supports: each person up to the consultation's supports per person, spread so the
    # counts differ (the first ideas are the most supported).
    limit = page.supports_per_person or 5
    used = dict.fromkeys((u.pk for u in crowd), 0)
    for row in Support.objects.filter(proposal__consultation=page, user__in=crowd).values("user"):
        used[row["user"]] = used.get(row["user"], 0) + 1
    supports = []
    for n, proposal in enumerate(made):
        for k in range(max(0, 12 - n // 12)):
            person = crowd[(n * 5 + k * 3) % len(crowd)]
            if person.pk != proposal.author_id and used[person.pk] < limit:
                used[person.pk] += 1
                supports.append(Support(proposal=proposal, user=person))
    Support.objects.bulk_create(supports, ignore_conflicts=True)
    comments = [
        Comment(
            proposal=proposal,
            author=crowd[(n * 11 + k) % len(crowd)],
            body=COMMENTS[(n + k) % len(COMMENTS)],
        )
        for n, proposal in enumerate(made)
        if n % 3 == 0
        for k in range(1 + n % 4)
    ]
    Comment.objects.bulk_create(comments)
    # bulk_create sends no signals: put the ideas into the search index here.
    for backend in get_search_backends():
        backend.add_bulk(Proposal, made)
    return len(made)


def seed_crowd_pledges(crowd, goals, today, now):
    """Pledges by the crowd until each status has :data:`PLEDGES_PER_STATUS`."""
    S = Pledge.Status
    rows = []
    for status in (S.ACTIVE, S.MET, S.PARTLY_MET, S.MISSED, S.WITHDRAWN):
        have = Pledge.objects.filter(status=status).count()
        for n in range(max(0, PLEDGES_PER_STATUS - have)):
            author = crowd[(n * 3 + len(rows)) % len(crowd)]
            goal = goals[(n + len(rows)) % len(goals)]
            text = PLEDGE_TEXTS[(n + len(rows)) % len(PLEDGE_TEXTS)]
            due = today + datetime.timedelta(days=30 + n) if status == S.ACTIVE else None
            if status in (S.MET, S.PARTLY_MET, S.MISSED):
                due = today - datetime.timedelta(days=10 + n)
            rows.append(
                Pledge(
                    goal=goal,
                    made_from=goal,
                    author=author,
                    text=text,
                    status=status,
                    show_name=n % 5 != 0,
                    due_date=due,
                    # Reminders for these already went out: the scheduler has nothing to do.
                    week_reminder_sent_at=now,
                    due_reminder_sent_at=now,
                )
            )
    # Made by (goal, author, text): a second run finds each status full and adds none.
    oldest = Pledge.objects.order_by("created_at").values_list("created_at", flat=True).first()
    made = Pledge.objects.bulk_create(rows)
    # Made in the months before the demo's own pledges, so the walls open on those (each
    # status, an overdue one, a conditional one) and the crowd's fill the pages behind.
    start = min(oldest or now, now) - datetime.timedelta(days=1)
    for n, pledge in enumerate(made):
        pledge.created_at = start - datetime.timedelta(days=n % 120, hours=n % 24)
    Pledge.objects.bulk_update([p for p in made if p.pk], ["created_at"])
    return len(rows)


def seed_partner_editors():
    """An active partner editor for every organisation co-owning a demo goal that has
    none: ``editor.<slug>@partners.lowbridge.example``, staff in Partner editors."""
    co_owners = {
        org.pk: org
        for goal in GoalPage.objects.prefetch_related("co_owners")
        for org in goal.co_owners.all()
    }
    with_editor = set(
        Membership.objects.filter(
            organisation__in=co_owners,
            status=Membership.Status.ACTIVE,
            is_editor=True,
        ).values_list("organisation_id", flat=True)
    )
    lacking = sorted((o for pk, o in co_owners.items() if pk not in with_editor), key=str)
    if not lacking:
        return []
    specs = [
        (f"editor.{o.slug}@partners.lowbridge.example", f"Editor at {o.name}") for o in lacking
    ]
    editors = _people(specs, is_staff=True)
    Membership.objects.bulk_create(
        [
            Membership(
                user=user,
                organisation=org,
                role=Membership.Role.ADMIN,
                status=Membership.Status.ACTIVE,
                is_editor=True,
                show_publicly=True,
            )
            for user, org in zip(editors, lacking, strict=True)
        ],
        ignore_conflicts=True,
    )
    for user in editors:
        sync_partner_editor_group(user)
        accounts_demo.seed_demo_totp(user)  # DEBUG only: the published secret
    return editors


def give_passwords_to_the_demo_people():
    """Demo people made without one (older demos, the other demo modules) get
    :data:`CROWD_PASSWORD`: every demo account can be signed in to (README)."""
    named = {spec.email for spec in accounts_demo.DEMO_USERS}
    unusable = [
        u.pk
        for u in User.objects.filter(email__endswith="lowbridge.example").exclude(email__in=named)
        if not u.has_usable_password()
    ]
    if unusable:
        User.objects.filter(pk__in=unusable).update(password=_password())
    return len(unusable)


def repair_counters():
    """Every counter equal to the rows it counts, as ``check_counts`` checks."""
    for counter in all_counters():
        repair(counter, mismatches(counter))


def seed(stdout):
    """The crowd, its ideas and pledges, and the missing partner editors; safe to run
    again (the second run changes nothing)."""
    page = ConsultationPage.objects.filter(slug=LARGEST).first()
    goals = list(GoalPage.objects.live().order_by("path"))
    if page is None or not goals:
        stdout.write("Crowd demo: no consultation or goals, skipped.")
        return
    now, today = timezone.now(), timezone.localdate()
    with transaction.atomic():
        crowd = _people(_crowd_specs())
        convenor = User.objects.filter(email=accounts_demo.CONVENOR).first()
        proposals = seed_crowd_proposals(page, crowd, convenor, now)
        pledges = seed_crowd_pledges(crowd, goals, today, now)
        editors = seed_partner_editors()
        passwords = give_passwords_to_the_demo_people()
        repair_counters()
        if proposals or pledges or editors or passwords:
            page_cache.bump()
            transaction.on_commit(opendata.bump, robust=True)
    stdout.write(
        f"Crowd: {len(crowd)} residents, {proposals} new ideas, {pledges} new pledges, "
        f"{len(editors)} new partner editors."
    )
