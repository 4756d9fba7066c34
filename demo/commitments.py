"""Demo commitments for Lowbridge; called by ``manage.py seed_demo`` after the pledges.

Thirty-three commitments by more than twenty organisations, in every status: planned, in
progress, done (on time and late), dropped (with the public reason), and some overdue.
Several are joint, one still waiting for a partner to accept; two come from the ideas
adopted in the warm homes consultation (``demo/consultations.py``), with updates; the
people behind those ideas find them in "What's new for you" (``accounts.digest``).

Deterministic: dates are whole days relative to the day it runs, the text is fixed.
Idempotent: each commitment is found by (goal, lead organisation, title) and left alone
once it exists, so running it again changes nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from commitments import notifications
from commitments.models import Commitment, CommitmentOrganisation, CommitmentUpdate
from consultations.models import Proposal
from core import opendata
from goals.models import GoalPage, Indicator
from organisations.models import Organisation

P, IP, D, X = "planned", "in_progress", "done", "dropped"
EVIDENCE = "https://lowbridge.example/evidence/"

# title, goal slug, lead, partners, status, due (days from today), done (days from
# today, for done), dropped reason, updates [(days ago, text, status or "")],
# adopted proposals (titles), partners still to accept
COMMITMENTS = [
    (
        "We will offer free loft insulation to private renters",
        "a-warm-dry-home-for-everyone",
        "lowbridge-city-council",
        ["lowbridge-housing-trust"],
        IP,
        120,
        None,
        "",
        [
            (60, "The Warm Homes team has surveyed 140 rented homes; 52 are booked in.", IP),
            (10, "88 lofts insulated so far.", ""),
        ],
        ["Free loft insulation for private renters"],
        [],
    ),
    (
        "We will run a damp and mould hotline, open six days a week",
        "a-warm-dry-home-for-everyone",
        "riverside-residents",
        ["lowbridge-city-council"],
        D,
        -40,
        -45,
        "",
        [
            (90, "Volunteers trained; phone line set up.", IP),
            (45, "The hotline is open: 212 calls in its first month.", D),
        ],
        ["A damp and mould hotline"],
        [],
    ),
    (
        "We will fit damp sensors in 300 tenants' homes",
        "a-warm-dry-home-for-everyone",
        "lowbridge-housing-trust",
        ["northgate-tenants"],
        IP,
        -12,
        None,
        "",
        [(50, "180 sensors fitted; the rest wait for parts.", IP)],
        [],
        [],
    ),
    (
        "We will insulate 600 council homes in Hillfield",
        "a-warm-dry-home-for-everyone",
        "lowbridge-city-council",
        ["hillfield-community-association"],
        P,
        300,
        None,
        "",
        [],
        [],
        ["hillfield-community-association"],
    ),
    (
        "We will open two more bike libraries",
        "walking-and-cycling-for-short-journeys",
        "lowbridge-cycle-hub",
        [],
        D,
        -20,
        -10,
        "",
        [(40, "Northgate library open.", IP), (10, "Hillfield library open.", D)],
        [],
        [],
    ),
    (
        "We will build a protected cycle lane on the ring road",
        "walking-and-cycling-for-short-journeys",
        "wyre-valley-transport",
        ["lowbridge-city-council"],
        IP,
        400,
        None,
        "",
        [(30, "Design consultation closed with 1,200 responses.", IP)],
        [],
        [],
    ),
    (
        "We will give every Year 6 pupil cycle training",
        "walking-and-cycling-for-short-journeys",
        "riverside-primary-school",
        ["lowbridge-cycle-hub"],
        P,
        150,
        None,
        "",
        [],
        [],
        [],
    ),
    (
        "We will light the canal towpath from the station to Riverside Park",
        "walking-and-cycling-for-short-journeys",
        "lowbridge-city-council",
        ["canalside-makers"],
        X,
        -30,
        None,
        "The Canal Trust would not allow fixed lighting; we are testing "
        "solar studs instead, as a new commitment.",
        [(35, "Dropped: see the reason.", X)],
        [],
        [],
    ),
    (
        "We will run a bus every 10 minutes on the Northgate line",
        "buses-people-choose",
        "wyre-valley-transport",
        [],
        IP,
        -5,
        None,
        "",
        [(70, "Six new drivers hired; 12-minute service from next month.", IP)],
        [],
        [],
    ),
    (
        "We will put real-time bus times at 100 stops",
        "buses-people-choose",
        "wyre-valley-transport",
        [],
        D,
        -60,
        -75,
        "",
        [(75, "All 100 displays are live.", D)],
        [],
        [],
    ),
    (
        "We will plant 5,000 street trees",
        "a-greener-city",
        "lowbridge-city-council",
        ["wyre-rivers-trust", "youth-lowbridge"],
        IP,
        500,
        None,
        "",
        [(100, "1,150 trees planted this winter.", IP), (20, "2,040 trees in the ground.", "")],
        [],
        [],
    ),
    (
        "We will open three community gardens on unused land",
        "a-greener-city",
        "hillfield-community-association",
        [],
        P,
        200,
        None,
        "",
        [],
        [],
        [],
    ),
    (
        "We will clean up the Wyre at Meadows bathing spot",
        "rivers-clean-enough-to-swim-in",
        "wyre-rivers-trust",
        ["lowbridge-city-council"],
        IP,
        -25,
        None,
        "",
        [(80, "Misconnected drains traced to 14 streets.", IP)],
        [],
        [],
    ),
    (
        "We will test the river weekly and publish the results",
        "rivers-clean-enough-to-swim-in",
        "wyre-rivers-trust",
        ["university-of-lowbridge"],
        D,
        -90,
        -92,
        "",
        [(92, "Weekly results are on our website.", D)],
        [],
        [],
    ),
    (
        "We will switch 20 council buildings to solar power",
        "net-zero-by-2038",
        "lowbridge-city-council",
        ["lowbridge-community-energy"],
        IP,
        180,
        None,
        "",
        [(55, "Fourteen buildings done.", IP)],
        [],
        [],
    ),
    (
        "We will cut our own carbon emissions by half",
        "net-zero-by-2038",
        "university-of-lowbridge",
        [],
        P,
        700,
        None,
        "",
        [],
        [],
        [],
    ),
    (
        "We will install 50 public electric car chargers",
        "net-zero-by-2038",
        "lowbridge-chamber-of-commerce",
        ["lowbridge-city-council"],
        X,
        -10,
        None,
        "The grid connection costs tripled; the money went to bus priority instead.",
        [(12, "Dropped: see the reason.", X)],
        [],
        [],
    ),
    (
        "We will stop engines idling at every school gate",
        "clean-air-for-every-street",
        "st-annes-academy",
        ["lowbridge-city-council"],
        D,
        -15,
        -5,
        "",
        [(5, "Signs and volunteer wardens at all 34 schools.", D)],
        [],
        [],
    ),
    (
        "We will monitor air quality at 40 more sites",
        "clean-air-for-every-street",
        "university-of-lowbridge",
        [],
        IP,
        90,
        None,
        "",
        [(25, "22 monitors installed.", IP)],
        [],
        [],
    ),
    (
        "We will put advice workers in every food bank",
        "no-one-goes-hungry",
        "lowbridge-citizens-advice",
        ["lowbridge-food-network"],
        D,
        -50,
        -55,
        "",
        [(55, "Advice in all six food banks, weekly.", D)],
        [],
        [],
    ),
    (
        "We will serve free breakfasts in 20 primary schools",
        "no-one-goes-hungry",
        "lowbridge-food-network",
        ["riverside-primary-school"],
        IP,
        -8,
        None,
        "",
        [(40, "14 schools serving breakfast.", IP)],
        [],
        [],
    ),
    (
        "We will open a community fridge in each ward",
        "no-one-goes-hungry",
        "lowbridge-council-of-faiths",
        ["st-marys-church", "lowbridge-central-mosque"],
        P,
        160,
        None,
        "",
        [],
        [],
        [],
    ),
    (
        "We will offer health checks in workplaces",
        "everyone-lives-healthier-for-longer",
        "lowbridge-primary-care-network",
        ["lowbridge-chamber-of-commerce"],
        IP,
        220,
        None,
        "",
        [(15, "Nine employers have signed up.", IP)],
        [],
        [],
    ),
    (
        "We will train 200 mental health first aiders",
        "good-mental-health-support-when-you-need-it",
        "lowbridge-nhs-trust",
        ["youth-lowbridge"],
        D,
        -100,
        -90,
        "",
        [(90, "212 people trained.", D)],
        [],
        [],
    ),
    (
        "We will open a drop-in crisis café",
        "good-mental-health-support-when-you-need-it",
        "lowbridge-nhs-trust",
        [],
        P,
        -3,
        None,
        "",
        [],
        [],
        [],
    ),
    (
        "We will visit every older person living alone in Northgate",
        "no-one-is-lonely",
        "lowbridge-carers-centre",
        ["northgate-tenants"],
        IP,
        60,
        None,
        "",
        [(30, "340 visits made.", IP)],
        [],
        [],
    ),
    (
        "We will run weekly lunch clubs in five places of worship",
        "no-one-is-lonely",
        "lowbridge-council-of-faiths",
        [],
        D,
        -30,
        -30,
        "",
        [(30, "All five clubs running.", D)],
        [],
        [],
    ),
    (
        "We will offer 100 apprenticeships a year",
        "skills-and-good-jobs",
        "lowbridge-college",
        ["lowbridge-chamber-of-commerce"],
        IP,
        330,
        None,
        "",
        [(60, "64 apprentices started this year.", IP)],
        [],
        [],
    ),
    (
        "We will give home fire safety visits to 2,000 homes",
        "safe-streets-day-and-night",
        "wyre-valley-fire-and-rescue",
        [],
        IP,
        -2,
        None,
        "",
        [(45, "1,420 homes visited.", IP)],
        [],
        [],
    ),
    (
        "We will walk the night-time economy with street pastors",
        "safe-streets-day-and-night",
        "lowbridge-and-wyre-police",
        ["st-marys-church"],
        D,
        -70,
        -80,
        "",
        [(80, "Patrols every Friday and Saturday.", D)],
        [],
        [],
    ),
    (
        "We will build 400 homes for social rent",
        "homes-people-can-afford",
        "lowbridge-housing-trust",
        ["lowbridge-city-council"],
        P,
        900,
        None,
        "",
        [],
        [],
        [],
    ),
    (
        "We will read with every child who is behind by the end of Year 1",
        "every-child-ready-for-school",
        "riverside-primary-school",
        ["lowbridge-college"],
        IP,
        100,
        None,
        "",
        [(20, "Volunteer readers in every class.", IP)],
        [],
        [],
    ),
    (
        "We will reopen the Hillfield high street market",
        "neighbourhoods-with-life-in-them",
        "canalside-makers",
        ["hillfield-community-association"],
        P,
        45,
        None,
        "",
        [],
        [],
        [],
    ),
]


def seed(stdout):
    """Create the demo commitments; safe to run again (it changes nothing the second
    time)."""
    goals = {goal.slug: goal for goal in GoalPage.objects.live()}
    organisations = {org.slug: org for org in Organisation.objects.all()}
    if not goals or not organisations:
        stdout.write("Commitments demo: no goals or organisations, skipped.")
        return
    adopted = {
        p.title: p for p in Proposal.objects.filter(status=Proposal.Status.ADOPTED).order_by("pk")
    }
    today = timezone.localdate()
    now = timezone.now()
    created_count = 0
    with transaction.atomic():
        for (
            title, goal_slug, lead_slug, partner_slugs, status, due, done, reason, updates,
            proposal_titles, awaiting,
        ) in COMMITMENTS:  # fmt: skip
            goal = goals.get(goal_slug)
            lead = organisations.get(lead_slug)
            if goal is None or lead is None:
                continue
            if Commitment.objects.filter(goal=goal, lead_organisation=lead, title=title).exists():
                continue
            commitment = Commitment.objects.create(
                title=title,
                goal=goal,
                lead_organisation=lead,
                due_date=today + datetime.timedelta(days=due),
                status=status,
                completed_on=today + datetime.timedelta(days=done) if status == D else None,
                dropped_reason=reason,
            )
            partners = [organisations[s] for s in partner_slugs if s in organisations]
            CommitmentOrganisation.objects.bulk_create(
                [
                    CommitmentOrganisation(
                        commitment=commitment,
                        organisation=org,
                        is_lead=org.pk == lead.pk,
                        accepted_at=None if org.slug in awaiting else now,
                    )
                    for org in [lead, *partners]
                ]
            )
            commitment.proposals.set([adopted[t] for t in proposal_titles if t in adopted])
            commitment.indicators.set(Indicator.objects.filter(goal=goal).order_by("pk")[:2])
            CommitmentUpdate.objects.bulk_create(
                [
                    CommitmentUpdate(
                        commitment=commitment,
                        organisation=lead,
                        happened_on=today - datetime.timedelta(days=days_ago),
                        text=text,
                        evidence_urls=[f"{EVIDENCE}commitment-{commitment.pk}-{days_ago}"],
                        status=update_status,
                    )
                    for days_ago, text, update_status in updates
                ]
            )
            if commitment.proposals.exists():
                # The ideas' authors, supporters and followers hear of it, as they would
                # (their "What's new for you" and their next digest).
                notifications.commitment_changed(commitment, "created")
            created_count += 1
        if created_count:
            transaction.on_commit(opendata.bump)
    stdout.write(f"Commitments demo: {created_count} commitments added.")
