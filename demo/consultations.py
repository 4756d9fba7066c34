"""Demo consultations for Lowbridge; called by ``manage.py seed_demo`` after demo/goals.py.

Four consultations, one in each state: proposing and supporting now, supporting only,
upcoming, and closed with a published "you said, we did" response. Phases are computed
from today's date (09:00 UTC), so something is always open; run twice on the same day,
the second run changes nothing. Proposals, supports and comments come from the demo
people (demo/accounts.py) and a few demo residents; organisations and goals come from
demo/goals.py when it has run (looked up by slug, skipped if absent).
"""

from datetime import UTC, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import Follow, User
from consultations.counters import COUNTERS
from consultations.models import (
    Action,
    Comment,
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationResponsePage,
    ModerationEvent,
    ModerationState,
    Phase,
    Proposal,
    ProposalOutcome,
    Report,
    Support,
)
from core.counters import mismatches, repair
from demo import accounts as accounts_demo
from goals.models import Ambition, GoalPage
from home.models import HomePage
from organisations.models import Organisation

RESIDENTS = [
    ("alex.moor@residents.lowbridge.example", "Alex from Northgate"),
    ("bea.ng@residents.lowbridge.example", "Bea N."),
    ("chris.dale@residents.lowbridge.example", "Chris from Hillfield"),
    ("dana.okoro@residents.lowbridge.example", "Dana O."),
    ("eli.frost@residents.lowbridge.example", "Eli from the Wharf"),
    ("fatima.aziz@residents.lowbridge.example", "Fatima A."),
    ("gus.hart@residents.lowbridge.example", "Gus, Riverside"),
    ("hana.ito@residents.lowbridge.example", "Hana I."),
    ("ian.reid@residents.lowbridge.example", "Ian from Castle Hill"),
    ("jas.kaur@residents.lowbridge.example", "Jas K."),
]


def _start():
    return datetime.combine(timezone.now().astimezone(UTC).date(), time(9, 0), tzinfo=UTC)


def _days(n):
    return timedelta(days=n)


def consultation_specs(start):
    return [
        {
            "slug": "getting-around-lowbridge",
            "title": "How should Lowbridge get around?",
            "question": "What one change would make it easier to walk or cycle for short "
            "journeys in your part of Lowbridge?",
            "context": "<p>Half of all car journeys in Lowbridge are under three miles. The "
            "transport authority and the council want to know what would make walking and "
            "cycling the easy choice, street by street.</p>",
            "goals": ["walking-and-cycling-for-short-journeys", "clean-air-for-every-street"],
            "phases": {
                Action.PROPOSE: (start - _days(10), start + _days(18)),
                Action.SUPPORT: (start - _days(3), start + _days(32)),
                Action.RESPOND: (start + _days(32), start + _days(60)),
            },
            "rules": {"supports_per_person": 5, "organisations_may_propose": True},
        },
        {
            "slug": "clean-air-near-schools",
            "title": "Clean air near schools",
            "question": "Which of these ideas for cleaner air at the school gates should we "
            "try first?",
            "context": "<p>Ideas came in over the autumn. Now tell us which ones you support: "
            "each person has three supports.</p>",
            "goals": ["clean-air-for-every-street"],
            "phases": {
                Action.PROPOSE: (start - _days(40), start - _days(6)),
                Action.SUPPORT: (start - _days(6), start + _days(21)),
                Action.RESPOND: (start + _days(21), start + _days(50)),
            },
            "rules": {"supports_per_person": 3, "moderation": "pre"},
        },
        {
            "slug": "better-parks",
            "title": "What would make our parks better?",
            "question": "What would make you use Lowbridge's parks and green spaces more?",
            "context": "<p>Opens soon. Follow this consultation to get an email when you can "
            "send your ideas.</p>",
            "goals": ["a-greener-city"],
            "phases": {
                Action.PROPOSE: (start + _days(12), start + _days(40)),
                Action.SUPPORT: (start + _days(26), start + _days(54)),
                Action.RESPOND: (start + _days(54), start + _days(90)),
            },
            "rules": {},
        },
        {
            "slug": "warm-homes-first-steps",
            "title": "Warm homes: what should come first?",
            "question": "What should partners do first so that every home in Lowbridge is "
            "warm and dry?",
            "context": "<p>This consultation has closed. Read what people said and what the "
            "partners decided.</p>",
            "goals": ["a-warm-dry-home-for-everyone"],
            "phases": {
                Action.PROPOSE: (start - _days(120), start - _days(90)),
                Action.SUPPORT: (start - _days(100), start - _days(70)),
                Action.RESPOND: (start - _days(70), start - _days(20)),
            },
            "rules": {"supports_per_person": 0},
        },
    ]


PROPOSALS = {
    "getting-around-lowbridge": [
        # title, body, author key, organisation slug, supporters (count)
        (
            "Protected cycle lane on the Wyre Road",
            "The Wyre Road is the straight route into town from Riverside, but the painted "
            "lane puts you next to lorries. A kerbed lane from the bridge to the station "
            "would get my whole street cycling.\n\nThe council's own map shows it: "
            "https://example.org/lowbridge/cycle-map",
            "resident",
            None,
            8,
        ),
        (
            "Secure bike parking at every tram stop",
            "Lockers or a covered rack at each stop, so people can cycle the first mile and "
            "take the tram the rest.",
            "member",
            "lowbridge-cycle-hub",
            6,
        ),
        (
            "School streets for every primary school",
            "Close the road outside each primary school to cars at drop-off and pick-up "
            "time, as Hillfield Primary did last spring.",
            "r:alex.moor@residents.lowbridge.example",
            None,
            5,
        ),
        (
            "Dropped kerbs and benches on the walk to the shops",
            "For people with pushchairs, wheelchairs or who need a rest: a bench every few "
            "hundred metres on the main walking routes.",
            "r:fatima.aziz@residents.lowbridge.example",
            None,
            3,
        ),
        (
            "Free cycle training for adults",
            "Many of us never learned as children. Saturday morning sessions in the parks "
            "would help.",
            "r:hana.ito@residents.lowbridge.example",
            None,
            1,
        ),
    ],
    "clean-air-near-schools": [
        (
            "No idling zones outside schools",
            "Signs and friendly reminders for parents who wait with their engines running.",
            "r:bea.ng@residents.lowbridge.example",
            None,
            4,
        ),
        (
            "Green screens of ivy along school railings",
            "A living screen between the playground and the traffic.",
            "r:dana.okoro@residents.lowbridge.example",
            None,
            2,
        ),
    ],
    "warm-homes-first-steps": [
        (
            "Free loft insulation for private renters",
            "Landlords rarely insulate. Offer it free to tenants with the landlord's consent.",
            "resident",
            None,
            9,
        ),
        (
            "A damp and mould hotline",
            "One number to call, which sends someone round within a week.",
            "r:gus.hart@residents.lowbridge.example",
            None,
            6,
        ),
        (
            "Heat pumps on every council house by next year",
            "All of them at once.",
            "r:ian.reid@residents.lowbridge.example",
            None,
            2,
        ),
    ],
}

RESPONSES = {
    "Free loft insulation for private renters": (
        Proposal.Status.ADOPTED,
        "Adopted. From April the council's Warm Homes team offers free loft insulation to "
        "private renters, with the landlord's consent. It is now an ambition of the warm "
        "homes goal.",
    ),
    "A damp and mould hotline": (
        Proposal.Status.ADOPTED,
        "Adopted. The hotline opened in January, run by Riverside Residents with the "
        "council's housing team.",
    ),
    "Heat pumps on every council house by next year": (
        Proposal.Status.NOT_TAKEN_FORWARD,
        "Not taken forward: there are 14,000 council homes and the grid connections alone "
        "take longer than a year. We have started with the 600 homes in Hillfield instead.",
    ),
}


def seed_people():
    people = {}
    for key, email in (
        ("resident", accounts_demo.RESIDENT),
        ("member", accounts_demo.ORGANISATION_MEMBER),
        ("moderator", accounts_demo.MODERATOR),
        ("convenor", accounts_demo.CONVENOR),
    ):
        user = User.objects.filter(email=email).first()
        if user is not None:
            people[key] = user
    for email, name in RESIDENTS:
        user, created = User.objects.get_or_create(email=email, defaults={"display_name": name})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
        people[f"r:{email}"] = user
    return people


def seed_index(home):
    index = ConsultationIndexPage.objects.first()
    if index is None:
        index = ConsultationIndexPage(
            title="Take part",
            slug="take-part",
            show_in_menus=True,
            intro="<p>Propose ideas, support the ones you want, and hear what happens.</p>",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    elif not index.show_in_menus:  # a demo seeded before "Take part" was in the header
        index.show_in_menus = True
        index.save(update_fields=["show_in_menus"])
    return index


def seed_consultation(index, spec):
    page = ConsultationPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if page is None:
        page = ConsultationPage(
            title=spec["title"],
            slug=spec["slug"],
            question=spec["question"],
            context=spec["context"],
            **spec["rules"],
        )
        page.phases = [
            Phase(action=action, starts_at=start, ends_at=end, sort_order=order)
            for order, (action, (start, end)) in enumerate(spec["phases"].items())
        ]
        page.goals = list(GoalPage.objects.filter(slug__in=spec["goals"]))
        index.add_child(instance=page)
        page.save_revision().publish()
    else:
        # Keep the phases relative to today, so a re-seeded demo still has one open.
        for action, (start, end) in spec["phases"].items():
            Phase.objects.filter(consultation=page, action=action).exclude(
                starts_at=start, ends_at=end
            ).update(starts_at=start, ends_at=end)
    return ConsultationPage.objects.get(pk=page.pk)


def seed_proposals(page, specs, people, organisations):
    supporters = [p for key, p in people.items() if key.startswith("r:")] + [
        people[k] for k in ("resident", "member") if k in people
    ]
    proposals = []
    propose_start = min(phase.starts_at for phase in page.phases.all())
    for order, (title, body, author_key, org_slug, support_total) in enumerate(specs):
        author = people.get(author_key)
        if author is None:
            continue
        proposal, created = Proposal.objects.get_or_create(
            consultation=page,
            title=title,
            defaults={
                "author": author,
                "body": body,
                "organisation": organisations.get(org_slug) if org_slug else None,
            },
        )
        if created:
            Proposal.objects.filter(pk=proposal.pk).update(
                created_at=propose_start + timedelta(days=1 + order, hours=order)
            )
        for person in supporters[:support_total]:
            Support.objects.get_or_create(proposal=proposal, user=person)
        proposals.append(proposal)
    return proposals


def _comment(proposal, author, body, parent=None, **fields):
    comment, _created = Comment.objects.get_or_create(
        proposal=proposal, author=author, body=body, defaults={"parent": parent, **fields}
    )
    return comment


def seed_conversation(proposals, people):
    """Comments with replies, a hidden comment with its reason, an open report."""
    if not proposals:
        return
    first = proposals[0]
    alex = people["r:alex.moor@residents.lowbridge.example"]
    bea = people["r:bea.ng@residents.lowbridge.example"]
    eli = people["r:eli.frost@residents.lowbridge.example"]
    top = _comment(first, alex, "Yes please. The bridge junction is the scariest bit.")
    _comment(first, bea, "Agreed, and it needs a safe crossing at the station end too.", top)
    hidden = _comment(
        first,
        eli,
        "Anyone who cycles on that road deserves what they get.",
        moderation_state=ModerationState.HIDDEN,
        moderation_reason=str(Report.Reason.ABUSIVE.label),
    )
    moderator = people.get("moderator")
    ModerationEvent.objects.get_or_create(
        comment=hidden,
        action=ModerationEvent.ActionTaken.HIDE,
        defaults={
            "reason": Report.Reason.ABUSIVE,
            "note": "Please disagree with ideas, not people.",
            "moderator": moderator,
        },
    )
    if len(proposals) > 1:
        second = proposals[1]
        spam = _comment(second, eli, "Cheap bike locks at www.example.com/deals!!!")
        reporter = people["r:jas.kaur@residents.lowbridge.example"]
        Report.objects.get_or_create(
            user=reporter, comment=spam, defaults={"reason": Report.Reason.SPAM}
        )
        Comment.objects.filter(pk=spam.pk).update(
            report_count=Report.objects.filter(comment=spam).count()
        )
        _comment(second, bea, "The tram stop at Castle Hill has room for a shelter.")


def seed_pending(page, people):
    """A comment waiting for a moderator (the consultation is pre-moderated)."""
    proposal = Proposal.objects.filter(consultation=page).order_by("pk").first()
    if proposal is not None:
        _comment(
            proposal,
            people["r:chris.dale@residents.lowbridge.example"],
            "Our school tried this. It worked once the head teacher stood at the gate.",
            moderation_state=ModerationState.PENDING,
        )


def seed_response(page, proposals, people):
    convenor = people.get("convenor")
    for proposal in proposals:
        status, text = RESPONSES.get(proposal.title, (None, None))
        if status and proposal.status != status:
            Proposal.objects.filter(pk=proposal.pk).update(
                status=status,
                response=text,
                responded_by=convenor,
                responded_at=page.phases.get(action=Action.RESPOND).starts_at + timedelta(days=7),
            )
            ModerationEvent.objects.get_or_create(
                proposal=proposal,
                action=ModerationEvent.ActionTaken.STATUS,
                defaults={"note": f"open → {status}", "moderator": convenor},
            )
    if ConsultationResponsePage.objects.child_of(page).exists():
        return
    goal = GoalPage.objects.filter(slug="a-warm-dry-home-for-everyone").first()
    ambition = Ambition.objects.filter(goal=goal).order_by("sort_order").first() if goal else None
    by_title = {p.title: p for p in proposals}
    outcomes = []
    if "Free loft insulation for private renters" in by_title:
        outcomes.append(
            ProposalOutcome(
                proposal=by_title["Free loft insulation for private renters"],
                goal=goal,
                ambition=ambition,
                note="Free insulation for private renters from April.",
            )
        )
    if "A damp and mould hotline" in by_title:
        outcomes.append(
            ProposalOutcome(
                proposal=by_title["A damp and mould hotline"],
                goal=goal,
                note="The hotline opened in January.",
            )
        )
    response = ConsultationResponsePage(
        title="Warm homes: you said, we did",
        slug="you-said-we-did",
        # No numbers typed here: the page states them from the data.
        summary="<p>Here is what the partners are doing with the ideas you supported most, "
        "and why some will not happen yet.</p>",
    )
    response.outcomes = outcomes
    page.add_child(instance=response)
    response.save_revision(user=convenor).publish(user=convenor, skip_permission_checks=True)


def seed_follows(page, people):
    if "resident" in people:
        Follow.objects.get_or_create(user=people["resident"], page=page)


def repair_counters():
    for counter in COUNTERS:
        repair(counter, mismatches(counter))


def seed(stdout):
    """Create this app's demo content; safe to run again (it changes nothing the second time)."""
    home = HomePage.objects.first()
    if home is None:
        stdout.write("consultations demo: no home page, skipped.")
        return
    with transaction.atomic():
        people = seed_people()
        organisations = {o.slug: o for o in Organisation.objects.all()}
        index = seed_index(home)
        pages = {}
        for spec in consultation_specs(_start()):
            pages[spec["slug"]] = seed_consultation(index, spec)
        made = {
            slug: seed_proposals(pages[slug], specs, people, organisations)
            for slug, specs in PROPOSALS.items()
        }
        seed_conversation(made["getting-around-lowbridge"], people)
        seed_pending(pages["clean-air-near-schools"], people)
        seed_response(pages["warm-homes-first-steps"], made["warm-homes-first-steps"], people)
        seed_follows(pages["better-parks"], people)
        seed_follows(pages["getting-around-lowbridge"], people)
        repair_counters()
    total = sum(len(p) for p in made.values())
    stdout.write(f"Consultations: {len(pages)} consultations, {total} proposals.")
