"""The benchmark's city at scale, written deterministically and fast.

Pages (goals, consultations: a few dozen) go through Wagtail's page API; everything
people create (people, organisations, proposals, supports, comments, pledges, joins) is
written with PostgreSQL COPY. The same seed gives the same rows on every run.

Counters are written equal to the rows they count (``support_count``, ``comment_count``,
``join_count``), as the application's services keep them; the benchmark checks them
again after the load.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from itertools import accumulate

from bench.progress import Bar, log
from bench.text import (
    GOAL_THEMES,
    GOAL_TITLES,
    INDICATOR_NAMES,
    WARDS,
    Words,
)

SEED = 20261126
EPOCH = dt.datetime(2025, 1, 1, 9, 0, tzinfo=dt.UTC)
BENCH_PASSWORD = "bench-password-not-secret"  # noqa: S105 (bench users only)
EMAIL_DOMAIN = "bench.lowbridge.example"


@dataclass(frozen=True)
class Scale:
    """How big the city is. ``consultation_sizes`` lists the proposals per consultation
    for the first consultations (the first one is "the largest"); the remaining
    proposals are spread evenly over the other consultations."""

    people: int = 50_000
    organisations: int = 300
    memberships_per_organisation: int = 10
    goals: int = 20
    indicators_per_goal: int = 5
    values_per_indicator: int = 120
    consultations: int = 40
    proposals: int = 20_000
    areas: int = 50  # wards on a 10 × 5 grid; people, proposals and pledges across them
    consultation_sizes: tuple[int, ...] = (5_000,)
    supports: int = 500_000
    comments: int = 100_000
    hot_comments: int = 200
    pledges: int = 20_000
    conditional_pledges: int = 5_000
    joins: int = 100_000
    pledge_updates: int = 5_000
    survey_responses: int = 20_000
    commitments: int = 2_000
    commitment_updates: int = 4_000

    def scaled(self, factor: float) -> Scale:
        """A proportionally smaller city (for the tests of the harness)."""

        def s(n, low=1):
            return max(low, int(n * factor))

        return replace(
            self,
            people=s(self.people, 200),
            organisations=s(self.organisations, 5),
            goals=min(self.goals, s(self.goals, 3)),
            values_per_indicator=s(self.values_per_indicator, 3),
            consultations=min(self.consultations, s(self.consultations, 3)),
            proposals=s(self.proposals, 50),
            consultation_sizes=tuple(s(n, 20) for n in self.consultation_sizes),
            supports=s(self.supports, 200),
            comments=s(self.comments, 100),
            hot_comments=min(self.hot_comments, s(self.comments, 100) // 2),
            pledges=s(self.pledges, 40),
            conditional_pledges=s(self.conditional_pledges, 10),
            joins=s(self.joins, 50),
            pledge_updates=s(self.pledge_updates, 10),
            survey_responses=s(self.survey_responses, 50),
            commitments=s(self.commitments, 20),
            commitment_updates=s(self.commitment_updates, 20),
        )


FULL = Scale()


def scale_mode(largest: int) -> Scale:
    """The data set for ``bench scale``: one consultation of ``largest`` proposals, the
    rest of the city smaller so that three sizes fit in the time budget."""
    return replace(
        FULL,
        proposals=largest + 5_000,
        consultation_sizes=(largest,),
        consultations=10,
        supports=min(500_000, (largest + 5_000) * 10),
        comments=20_000,
        pledges=2_000,
        conditional_pledges=500,
        joins=10_000,
        pledge_updates=500,
    )


@dataclass
class Built:
    """What the load needs to find its way around the data set."""

    scale: Scale
    home_url: str = "/"
    goal_index_url: str = ""
    goal_urls: list[str] = field(default_factory=list)
    goal_ids: list[int] = field(default_factory=list)
    consultation_urls: list[str] = field(default_factory=list)
    consultation_ids: list[int] = field(default_factory=list)
    largest_consultation_id: int = 0
    largest_consultation_url: str = ""
    hot_proposal_id: int = 0
    organisation_slug: str = ""
    organisation_id: int = 0
    survey_consultation_id: int = 0
    area_slug: str = ""
    commitment_id: int = 0
    survey_results_consultation_id: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def as_dict(self):
        data = {k: v for k, v in self.__dict__.items() if k != "scale"}
        data["scale"] = self.scale.__dict__.copy()
        data["scale"]["consultation_sizes"] = list(self.scale.consultation_sizes)
        return data


def ts(seconds: float) -> str:
    """A fixed timestamp ``seconds`` after the epoch, as PostgreSQL text."""
    return (EPOCH + dt.timedelta(seconds=int(seconds))).strftime("%Y-%m-%d %H:%M:%S+00")


def coprime_strides(n: int) -> list[int]:
    """Strides that visit every residue modulo ``n`` once: ``(start + i*s) % n`` is
    distinct for ``i < n``. Used to give each proposal distinct supporters quickly."""
    strides = []
    candidate = 7
    while len(strides) < 64:
        if math.gcd(candidate, n) == 1:
            strides.append(candidate)
        candidate += 2
    return strides


def spread(total: int, n: int, rng: random.Random, cap: int, alpha: float = 1.2) -> list[int]:
    """``n`` non-negative integers summing exactly to ``total``, each at most ``cap``,
    long-tailed (Pareto) like real support counts: a few very popular, most modest."""
    if n == 0:
        return []
    if total > n * cap:
        raise ValueError(f"cannot spread {total} over {n} items capped at {cap}")
    weights = [rng.paretovariate(alpha) for _ in range(n)]
    scale = total / sum(weights)
    counts = [min(cap, int(w * scale)) for w in weights]
    remainder = total - sum(counts)
    order = sorted(range(n), key=lambda i: -weights[i])
    while remainder > 0:
        for i in order:
            if remainder == 0:
                break
            if counts[i] < cap:
                counts[i] += 1
                remainder -= 1
    return counts


class Copier:
    """COPY rows into a model's table, filling columns the generator does not name
    from the model's defaults, so a field added later does not break the bench."""

    def __init__(self, connection):
        self.connection = connection

    def _fillers(self, model, columns):
        from django.db import models as djm

        names, values = [], []
        for f in model._meta.concrete_fields:
            if f.column in columns or f.primary_key:
                continue
            if f.null:
                continue
            if f.has_default():
                value = f.get_default()
            elif isinstance(f, djm.DateTimeField) and (f.auto_now or f.auto_now_add):
                value = EPOCH
            elif isinstance(f, (djm.CharField, djm.TextField)) and f.blank:
                value = ""
            else:
                raise RuntimeError(
                    f"{model.__name__}.{f.name} is required and has no default: "
                    "give it a value in bench/dataset.py"
                )
            names.append(f.column)
            values.append(f.get_db_prep_save(value, self.connection))
        return names, tuple(values)

    def copy(self, model, columns: list[str], rows, total: int, label: str) -> int:
        extra_names, extra_values = self._fillers(model, columns)
        cols = ", ".join(f'"{c}"' for c in [*columns, *extra_names])
        statement = f'COPY "{model._meta.db_table}" ({cols}) FROM STDIN'
        written = 0
        self.connection.ensure_connection()
        raw = self.connection.connection
        with Bar(label, total) as bar, raw.cursor() as cursor, cursor.copy(statement) as copy:
            step = 0
            for row in rows:
                copy.write_row(row + extra_values if extra_values else row)
                written += 1
                step += 1
                if step == 20_000:
                    bar.advance(step)
                    step = 0
            bar.advance(step)
        if "id" in columns:
            with self.connection.cursor() as cursor:
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    f'COALESCE((SELECT MAX(id) FROM "{table}"), 1))',
                    [table],
                )
        return written


def build(scale: Scale = FULL, seed: int = SEED) -> Built:
    """Fill the (freshly migrated, empty) database with the city. Returns the targets."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    built = Built(scale=scale)
    rng = random.Random(seed)
    words = Words(rng)
    copier = Copier(connection)
    timings = built.seconds

    def timed(name):
        class _T:
            def __enter__(self):
                self.t = time.monotonic()

            def __exit__(self, *exc):
                timings[name] = round(time.monotonic() - self.t, 2)

        return _T()

    password_hash = make_password(BENCH_PASSWORD)  # computed once, shared by every person

    with transaction.atomic():
        # Areas (before people, who point at them) ----------------------------------------
        with timed("areas"):
            _build_areas(built, scale)

        # People -----------------------------------------------------------------------
        from allauth.account.models import EmailAddress

        from accounts.models import User

        n = scale.people
        with timed("people"):
            copier.copy(
                User,
                [
                    "id",
                    "password",
                    "is_superuser",
                    "is_staff",
                    "is_active",
                    "date_joined",
                    "email",
                    "display_name",
                    "area_id",
                    "email_on_response",
                    "email_on_phase",
                    "email_digest",
                ],
                (
                    (
                        i,
                        password_hash,
                        False,
                        False,
                        True,
                        ts(i * 60),
                        f"person{i}@{EMAIL_DOMAIN}",
                        words.person(i),
                        1 + i % scale.areas if i % 3 else None,  # ids from _build_areas
                        True,
                        i % 4 != 0,
                        i % 10 == 0,
                    )
                    for i in range(1, n + 1)
                ),
                n,
                "people",
            )
            copier.copy(
                EmailAddress,
                ["id", "email", "verified", "primary", "user_id"],
                ((i, f"person{i}@{EMAIL_DOMAIN}", True, True, i) for i in range(1, n + 1)),
                n,
                "email addresses",
            )

        # Organisations ------------------------------------------------------------------
        from organisations.models import Membership, Organisation

        kinds = [k for k, _label in Organisation.Kind.choices]
        n_orgs = scale.organisations
        with timed("organisations"):
            copier.copy(
                Organisation,
                ["id", "name", "slug", "kind", "description", "website", "verified", "created_at"],
                (
                    (
                        o,
                        words.organisation(o - 1) + ("" if o <= 1500 else f" {o}"),
                        f"org-{o}",
                        kinds[o % len(kinds)],
                        words.paragraph(),
                        f"https://org{o}.lowbridge.example/",
                        o % 3 == 0,
                        ts(o * 3600),
                    )
                    for o in range(1, n_orgs + 1)
                ),
                n_orgs,
                "organisations",
            )
            per_org = scale.memberships_per_organisation
            copier.copy(
                Membership,
                [
                    "id",
                    "role",
                    "status",
                    "is_editor",
                    "show_publicly",
                    "requested_at",
                    "decided_at",
                    "user_id",
                    "organisation_id",
                ],
                (
                    (
                        (o - 1) * per_org + k + 1,
                        "admin" if k == 0 else "member",
                        "requested" if k == per_org - 1 else "active",
                        k == 1,
                        k % 2 == 0,
                        ts(o * 3600 + k),
                        None if k == per_org - 1 else ts(o * 3600 + k + 60),
                        (o * 97 + k * 313) % n + 1,
                        o,
                    )
                    for o in range(1, n_orgs + 1)
                    for k in range(per_org)
                ),
                n_orgs * per_org,
                "memberships",
            )
        built.organisation_id = 1
        built.organisation_slug = "org-1"

        # Goals (pages) ------------------------------------------------------------------
        with timed("goal pages"):
            _build_goals(built, scale, rng, words)

        # Consultations (pages) -------------------------------------------------------------
        with timed("consultation pages"):
            _build_consultations(built, scale, rng)

        # Proposals -------------------------------------------------------------------------
        with timed("assign proposals"):
            proposal_consultation = _assign_proposals(built, scale, rng)
        n_props = scale.proposals
        support_counts = spread(scale.supports, n_props, rng, cap=min(n, 20_000))
        # The hot proposal: the most supported in the largest consultation.
        largest = built.largest_consultation_id
        hot = max(
            (p for p in range(1, n_props + 1) if proposal_consultation[p - 1] == largest),
            key=lambda p: (support_counts[p - 1], p),
        )
        built.hot_proposal_id = hot

        # Comments: the hot proposal gets exactly ``hot_comments``; the rest follow support.
        other_comments = scale.comments - scale.hot_comments
        cum = list(
            accumulate(
                (0 if p == hot else support_counts[p - 1] + 1) for p in range(1, n_props + 1)
            )
        )
        comment_targets = [
            bisect_right(cum, rng.random() * cum[-1]) + 1 for _ in range(other_comments)
        ]
        comment_targets.extend([hot] * scale.hot_comments)
        comment_targets.sort()
        comment_counts = [0] * n_props
        for p in comment_targets:
            comment_counts[p - 1] += 1

        from consultations.models import Comment, Proposal, Support

        states = ["published"] * 98 + ["hidden", "pending"]
        proposal_created = [ts(86_400 * 30 + p * 600) for p in range(1, n_props + 1)]
        with timed("proposals"):
            copier.copy(
                Proposal,
                [
                    "id",
                    "title",
                    "body",
                    "moderation_state",
                    "moderation_reason",
                    "status",
                    "support_count",
                    "comment_count",
                    "created_at",
                    "author_id",
                    "consultation_id",
                    "organisation_id",
                ],
                (
                    (
                        p,
                        words.proposal_title(),
                        words.proposal_body(),
                        (state := states[p % 100] if p != hot else "published"),
                        "Shares someone's personal information." if state == "hidden" else "",
                        "open",
                        support_counts[p - 1],
                        comment_counts[p - 1],
                        proposal_created[p - 1],
                        (p * 7919) % n + 1,
                        proposal_consultation[p - 1],
                        (p % n_orgs) + 1 if p % 10 == 0 else None,
                    )
                    for p in range(1, n_props + 1)
                ),
                n_props,
                "proposals",
            )

        strides = coprime_strides(n)
        with timed("supports"):

            def support_rows():
                sid = 0
                for p in range(1, n_props + 1):
                    k = support_counts[p - 1]
                    if not k:
                        continue
                    start = rng.randrange(n)
                    stride = strides[p % len(strides)]
                    created = 86_400 * 31 + p * 600
                    for i in range(k):
                        sid += 1
                        yield (sid, ts(created + i * 7), p, (start + i * stride) % n + 1)

            copier.copy(
                Support,
                ["id", "created_at", "proposal_id", "user_id"],
                support_rows(),
                scale.supports,
                "supports",
            )

        with timed("comments"):

            def comment_rows():
                top_level: dict[int, int] = {}
                for cid, p in enumerate(comment_targets, start=1):
                    parent = None
                    if p in top_level and cid % 4 == 0:
                        parent = top_level[p]
                    elif cid % 4 != 0:
                        top_level[p] = cid
                    yield (
                        cid,
                        words.comment(),
                        "published",
                        "",
                        ts(86_400 * 32 + p * 600 + cid),
                        (cid * 104_729) % n + 1,
                        parent,
                        p,
                    )

            copier.copy(
                Comment,
                [
                    "id",
                    "body",
                    "moderation_state",
                    "moderation_reason",
                    "created_at",
                    "author_id",
                    "parent_id",
                    "proposal_id",
                ],
                comment_rows(),
                scale.comments,
                "comments",
            )

        # Pledges ---------------------------------------------------------------------------
        with timed("pledges"):
            _build_pledges(built, scale, rng, words, copier, strides)

        # A survey ------------------------------------------------------------------------
        with timed("survey"):
            _build_survey(built, scale)

        with timed("places"):
            _place_across_areas(scale)

        # Follows: every third person follows the largest consultation --------------------
        with timed("follows"):
            _build_follows(built, scale, copier)
        # Commitments -----------------------------------------------------------------------
        with timed("commitments"):
            _build_commitments(built, scale, words, copier)

    return built


def _build_areas(built, scale):
    """``scale.areas`` square wards (ids 1…n) tiling a grid ten wide."""
    from places.models import Area

    step, rows = 0.02, []
    for i in range(scale.areas):
        west, south = -1.95 + (i % 10) * step, 53.40 + (i // 10) * step
        ring = [[west, south], [west + step, south], [west + step, south + step]]
        ring += [[west, south + step], [west, south]]
        area = Area(
            pk=i + 1,
            code=f"E05{i:06d}",
            name=f"Bench ward {i + 1}",
            slug=f"bench-ward-{i + 1}",
            population=5_000 + (i * 733) % 9_000,
            boundary={"type": "Polygon", "coordinates": [ring]},
        )
        area.save()  # computes the bounding box and label point
        rows.append(area)
    built.area_slug = rows[scale.areas // 2].slug


def _place_across_areas(scale):
    """Every proposal, pledge and commitment in one area (some in two), by id."""
    from django.db import connection

    from commitments.models import Commitment
    from consultations.models import Proposal
    from pledges.models import Pledge

    n = scale.areas
    with connection.cursor() as cursor:
        for model in (Proposal, Pledge, Commitment):
            through = model.areas.through
            table, source = through._meta.db_table, model._meta.db_table
            column = through._meta.get_field(model._meta.model_name).column
            cursor.execute(
                f"INSERT INTO {table} ({column}, area_id) "
                f"SELECT id, 1 + (id * 7) %% %s FROM {source} "
                f"UNION SELECT id, 1 + (id * 13) %% %s FROM {source} WHERE id %% 10 = 0",
                [n, n],
            )


def _build_goals(built, scale, rng, words):
    from goals.models import Ambition, GoalIndexPage, GoalPage, Indicator, Theme
    from goals.models.indicators import IndicatorValue
    from home.models import HomePage
    from organisations.models import Organisation

    home = HomePage.objects.get(depth=2)
    themes = [
        Theme.objects.create(name=name, slug=slug, description=f"Goals about {name.lower()}.")
        for name, slug in GOAL_THEMES
    ]
    index = home.add_child(
        instance=GoalIndexPage(
            title="Our goals", slug="goals", intro="<p>The city's shared goals.</p>"
        )
    )
    built.goal_index_url = index.get_url() or "/goals/"
    n_orgs = scale.organisations
    for g in range(scale.goals):
        title = GOAL_TITLES[g % len(GOAL_TITLES)] + ("" if g < len(GOAL_TITLES) else f" ({g})")
        goal = GoalPage(
            title=title,
            slug=f"goal-{g + 1}",
            statement=f"By {2030 + g % 6}, {title[0].lower()}{title[1:]}.",
            narrative=[
                ("heading", "Why this matters"),
                ("paragraph", f"<p>{words.paragraph()}</p>"),
                ("heading", "What we will do together"),
                ("paragraph", f"<p>{words.paragraph()}</p>"),
            ],
            theme=themes[g % len(themes)],
            horizon_year=2030 + g % 6,
            lifecycle=GoalPage.Lifecycle.ENDORSED,
            endorsed_by="Lowbridge City Partnership",
            endorsed_on=dt.date(2025, 3, 1),
            convened_by_id=1,
            co_owners=list(
                Organisation.objects.filter(
                    pk__in={1 + ((g * 7 + k * 31) % n_orgs) for k in range(4)}
                )
            ),
            ambitions=[
                Ambition(title=f"Ambition {a + 1}: {words.proposal_title()}", target_year=2030)
                for a in range(3)
            ],
        )
        index.add_child(instance=goal)
        built.goal_ids.append(goal.pk)
        built.goal_urls.append(goal.get_url())
        indicators = Indicator.objects.bulk_create(
            [
                Indicator(
                    goal=goal,
                    sort_order=i,
                    name=INDICATOR_NAMES[(g + i) % len(INDICATOR_NAMES)][0],
                    kind="commitment" if i % 2 == 0 else "context",
                    unit=INDICATOR_NAMES[(g + i) % len(INDICATOR_NAMES)][1],
                    direction=INDICATOR_NAMES[(g + i) % len(INDICATOR_NAMES)][2],
                    baseline_value=50,
                    baseline_date=dt.date(2016, 1, 1),
                    target_value=(30 if i % 2 == 0 else None),
                    target_date=(dt.date(2035, 1, 1) if i % 2 == 0 else None),
                    source_publisher="Office for National Statistics",
                    source_url="https://www.ons.gov.uk/",
                )
                for i in range(scale.indicators_per_goal)
            ]
        )
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(
                    indicator=ind,
                    date=dt.date(2016 + m // 12, m % 12 + 1, 1),
                    value=round(50 + 10 * math.sin(m / 9 + ind.pk) - m * 0.05, 3),
                    provisional=m == scale.values_per_indicator - 1,
                )
                for ind in indicators
                for m in range(scale.values_per_indicator)
            ],
            batch_size=2000,
        )
    log(f"  {scale.goals} goal pages with {scale.indicators_per_goal} indicators each")


def _build_consultations(built, scale, rng):
    from consultations.models import ConsultationIndexPage, ConsultationPage, Phase
    from goals.models import GoalPage
    from home.models import HomePage

    home = HomePage.objects.get(depth=2)
    index = home.add_child(
        instance=ConsultationIndexPage(
            title="Take part", slug="consultations", intro="<p>Have your say.</p>"
        )
    )
    far_past = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    far_future = dt.datetime(2099, 1, 1, tzinfo=dt.UTC)
    for c in range(scale.consultations):
        # The first consultation (the largest) is open for proposals and supports for
        # the whole life of the bench; the others are a mix of open, closed and upcoming.
        kind = "open" if c == 0 else ["open", "closed", "upcoming", "open"][c % 4]
        if kind == "open":
            windows = [("propose", far_past, far_future), ("support", far_past, far_future)]
        elif kind == "closed":
            windows = [
                ("propose", far_past, far_past + dt.timedelta(days=30)),
                ("support", far_past, far_past + dt.timedelta(days=60)),
                ("respond", far_past + dt.timedelta(days=60), far_future),
            ]
        else:
            windows = [
                ("propose", far_future - dt.timedelta(days=60), far_future),
                ("support", far_future - dt.timedelta(days=30), far_future),
            ]
        page = ConsultationPage(
            title=(
                "What should Lowbridge do first for its parks and green spaces?"
                if c == 0
                else f"Consultation {c + 1}: how should we improve {WARDS[c % len(WARDS)]}?"
            ),
            slug=f"consultation-{c + 1}",
            question="What would make the biggest difference where you live?",
            context="<p>We want to hear from everyone who lives, works or studies here.</p>",
            supports_per_person=0,
            moderation=ConsultationPage.Moderation.POST,
            phases=[
                Phase(action=a, starts_at=s, ends_at=e, sort_order=i)
                for i, (a, s, e) in enumerate(windows)
            ],
            goals=list(
                GoalPage.objects.filter(
                    pk__in=built.goal_ids[c % len(built.goal_ids) : c % len(built.goal_ids) + 2]
                )
            ),
        )
        index.add_child(instance=page)
        built.consultation_ids.append(page.pk)
        built.consultation_urls.append(page.get_url())
    built.largest_consultation_id = built.consultation_ids[0]
    built.largest_consultation_url = built.consultation_urls[0]
    log(f"  {scale.consultations} consultation pages")


BENCH_SURVEY_MODES = ["Walk", "Bike", "Bus", "Car"]


def bench_survey_sections():
    """One section: a required single choice, a required scale, optional long text."""

    def q(kind, qid, label, **value):
        return {
            "type": kind,
            "id": qid,
            "value": {
                "question": label,
                "hint": "",
                "required": value.pop("required", False),
                "closed": False,
                "show_if_question": "",
                "show_if_answer": "",
                **value,
            },
        }

    return [
        {
            "type": "section",
            "id": "bench-s1",
            "value": {
                "title": "How you travel",
                "intro": "",
                "questions": [
                    q(
                        "single_choice",
                        "bench-mode",
                        "How do you usually travel?",
                        required=True,
                        options=BENCH_SURVEY_MODES,
                        allow_other=False,
                    ),
                    q(
                        "scale",
                        "bench-rating",
                        "How good are buses here?",
                        required=True,
                        points=5,
                        low_label="Very poor",
                        high_label="Very good",
                    ),
                    q("long_text", "bench-ideas", "Any ideas?", max_length=3000),
                ],
            },
        }
    ]


def _build_survey(built, scale):
    """Two surveys of ``scale.survey_responses`` sent responses each: one open (answers
    without an account allowed, so the anonymous survey page can be loaded), for the
    survey page and POSTs; one closed with its results published, for the public
    results page."""
    from consultations.models import SurveyResultsPublication

    opened = _survey_with_responses(
        scale,
        title="Lowbridge travel survey",
        slug="travel-survey",
        span=(dt.datetime(2025, 1, 1, tzinfo=dt.UTC), dt.datetime(2099, 1, 1, tzinfo=dt.UTC)),
        prefix="B",
    )
    closed = _survey_with_responses(
        scale,
        title="Lowbridge travel survey 2024",
        slug="travel-survey-2024",
        span=(dt.datetime(2024, 1, 1, tzinfo=dt.UTC), dt.datetime(2024, 6, 1, tzinfo=dt.UTC)),
        prefix="C",
    )
    SurveyResultsPublication.objects.create(
        consultation=closed, published_at=dt.datetime(2024, 6, 2, tzinfo=dt.UTC)
    )
    built.survey_consultation_id = opened.pk
    built.survey_results_consultation_id = closed.pk
    built.counts["survey_responses"] = 2 * scale.survey_responses
    log(f"  2 surveys of {scale.survey_responses} responses (one closed, results published)")


def _survey_with_responses(scale, *, title, slug, span, prefix):
    from consultations.models import ConsultationIndexPage, ConsultationPage, Phase, SurveyResponse
    from consultations.services.surveys import current_version

    index = ConsultationIndexPage.objects.get()
    page = ConsultationPage(
        title=title,
        slug=slug,
        question="How do you get around?",
        survey=bench_survey_sections(),
        survey_allows_anonymous=True,
        phases=[Phase(action="survey", starts_at=span[0], ends_at=span[1], sort_order=0)],
    )
    index.add_child(instance=page)
    version = current_version(page)
    responses = []
    for n in range(scale.survey_responses):
        answers = {
            "bench-mode": BENCH_SURVEY_MODES[(n * 7) % 4],
            "bench-rating": 1 + (n * 3) % 5,
        }
        if n % 3 == 0:
            answers["bench-ideas"] = "More buses after ten at night, and safer crossings."
        responses.append(
            SurveyResponse(
                consultation=page,
                version=version,
                channel="online" if n % 10 else "paper",
                reference=f"{prefix}{n:08d}",
                answers=answers,
                status="submitted",
                submitted_at=EPOCH + dt.timedelta(minutes=n),
            )
        )
    SurveyResponse.objects.bulk_create(responses, batch_size=2_000)
    return page


def _build_follows(built, scale, copier):
    """Signed-in pages show whether the reader follows: a third of the people do."""
    from accounts.models import Follow

    followers = range(3, scale.people + 1, 3)
    copier.copy(
        Follow,
        ["user_id", "page_id", "created_at"],
        ((u, built.largest_consultation_id, ts(86_400 * 30 + u)) for u in followers),
        len(followers),
        "follows",
    )
    built.counts["follows"] = len(followers)


def _assign_proposals(built, scale, rng) -> list[int]:
    """Which consultation each proposal (by id order) belongs to: the named sizes first,
    the rest spread evenly, interleaved in time as real submissions would be."""
    ids = built.consultation_ids
    sizes = list(scale.consultation_sizes)[: len(ids)]
    rest = scale.proposals - sum(sizes)
    others = ids[len(sizes) :]
    assignment = []
    for cid, size in zip(ids, sizes, strict=False):
        assignment.extend([cid] * size)
    if others:
        for k in range(rest):
            assignment.append(others[k % len(others)])
    else:
        assignment.extend([ids[0]] * rest)
    rng.shuffle(assignment)
    return assignment


def _build_pledges(built, scale, rng, words, copier, strides):
    from goals.models import Ambition
    from pledges.models import Pledge, PledgeJoin, PledgeUpdate

    n = scale.people
    goal_ids = built.goal_ids
    ambitions_by_goal: dict[int, list[int]] = {}
    for amb_id, goal_id in Ambition.objects.values_list("id", "goal_id"):
        ambitions_by_goal.setdefault(goal_id, []).append(amb_id)
    n_pledges = scale.pledges
    conditional = set(range(1, scale.conditional_pledges + 1))
    cond_ids = sorted(conditional)
    join_counts_list = spread(scale.joins, len(cond_ids), rng, cap=min(n, 5_000), alpha=1.5)
    join_counts = dict(zip(cond_ids, join_counts_list, strict=True))
    statuses = ["active"] * 6 + ["met", "partly_met", "missed", "withdrawn"]

    def pledge_row(p):
        goal = goal_ids[p % len(goal_ids)]
        joins = join_counts.get(p, 0)
        if p in conditional:
            if joins == 0:
                condition, threshold = "open", 5
            else:
                condition = ["open", "succeeded", "lapsed", "succeeded"][p % 4]
                threshold = max(1, joins - 1) if condition == "succeeded" else joins + 5
            deadline = dt.date(2026 if condition == "open" else 2025, 12, 31)
        else:
            condition, threshold, deadline = "none", None, None
        ambitions = ambitions_by_goal.get(goal) or [None]
        return (
            p,
            words.pledge(),
            dt.date(2026, 1 + p % 12, 1 + p % 28),
            p % 10 < 7,
            statuses[p % len(statuses)],
            condition,
            threshold,
            deadline,
            joins,
            ts(86_400 * 40 + p * 300),
            ts(86_400 * 40 + p * 300),
            ambitions[p % len(ambitions)] if p % 3 == 0 else None,
            (p * 6_151) % n + 1,
            goal,
            built.consultation_ids[p % len(built.consultation_ids)] if p % 5 == 0 else None,
            (p % scale.organisations) + 1 if p % 4 == 0 else None,
        )

    copier.copy(
        Pledge,
        [
            "id",
            "text",
            "due_date",
            "show_name",
            "status",
            "condition",
            "threshold",
            "join_deadline",
            "join_count",
            "created_at",
            "updated_at",
            "ambition_id",
            "author_id",
            "goal_id",
            "made_from_id",
            "organisation_id",
        ],
        (pledge_row(p) for p in range(1, n_pledges + 1)),
        n_pledges,
        "pledges",
    )

    def join_rows():
        jid = 0
        for p in cond_ids:
            k = join_counts[p]
            start = rng.randrange(n)
            stride = strides[(p + 3) % len(strides)]
            for i in range(k):
                jid += 1
                yield (jid, ts(86_400 * 41 + p * 300 + i), p, (start + i * stride) % n + 1)

    copier.copy(
        PledgeJoin,
        ["id", "created_at", "pledge_id", "user_id"],
        join_rows(),
        scale.joins,
        "pledge joins",
    )
    copier.copy(
        PledgeUpdate,
        ["id", "text", "evidence_url", "status", "created_at", "author_id", "pledge_id"],
        (
            (
                u,
                "We did what we said: " + words.paragraph(low=1, high=2),
                "https://evidence.lowbridge.example/" + str(u) if u % 2 else "",
                statuses[((u * 7) % n_pledges + 1) % len(statuses)],
                ts(86_400 * 60 + u * 100),
                (((u * 7) % n_pledges + 1) * 6_151) % n + 1,
                (u * 7) % n_pledges + 1,
            )
            for u in range(1, scale.pledge_updates + 1)
        ),
        scale.pledge_updates,
        "pledge updates",
    )


COMMITMENT_STATUSES = ["planned", "in_progress", "in_progress", "done", "done", "dropped"]


def _build_commitments(built, scale, words, copier):
    """The ledger: each commitment led by one organisation, with up to two partners (the
    second of every fifth still to accept), towards a goal and two of its indicators,
    one in four from an idea; done ones have a date, dropped ones a reason; updates are
    spread over them. Nothing on a commitment is a stored counter."""
    from commitments.models import Commitment, CommitmentOrganisation, CommitmentUpdate
    from goals.models import Indicator

    n_commitments, n_orgs = scale.commitments, scale.organisations
    goal_ids = built.goal_ids
    indicators_by_goal: dict[int, list[int]] = {}
    for indicator_id, goal_id in Indicator.objects.order_by("pk").values_list("id", "goal_id"):
        indicators_by_goal.setdefault(goal_id, []).append(indicator_id)

    def lead(c):
        return (c * 31) % n_orgs + 1

    def partners(c):
        found = []
        for org in [(c * 31 + 7) % n_orgs + 1, (c * 31 + 13) % n_orgs + 1][: c % 3]:
            if org != lead(c) and org not in found:
                found.append(org)
        return found

    def commitment_row(c):
        status = COMMITMENT_STATUSES[c % len(COMMITMENT_STATUSES)]
        due = dt.date(2025, 1, 1) + dt.timedelta(days=(c * 37) % 1_100)
        return (
            c,
            words.pledge(),
            words.paragraph(low=1, high=2),
            due,
            status,
            "The money went to a bigger scheme." if status == "dropped" else "",
            due - dt.timedelta(days=c % 60) if status == "done" else None,
            ts(86_400 * 50 + c * 900),
            ts(86_400 * 50 + c * 900),
            goal_ids[c % len(goal_ids)],
            lead(c),
        )

    copier.copy(
        Commitment,
        [
            "id",
            "title",
            "description",
            "due_date",
            "status",
            "dropped_reason",
            "completed_on",
            "created_at",
            "updated_at",
            "goal_id",
            "lead_organisation_id",
        ],
        (commitment_row(c) for c in range(1, n_commitments + 1)),
        n_commitments,
        "commitments",
    )

    def named_rows():
        rid = 0
        for c in range(1, n_commitments + 1):
            accepted = ts(86_400 * 50 + c * 900)
            rid += 1
            yield (rid, True, accepted, c, lead(c))
            for k, org in enumerate(partners(c)):
                rid += 1
                awaiting = k == 1 and c % 5 == 0
                yield (rid, False, None if awaiting else accepted, c, org)

    total_named = sum(1 + len(partners(c)) for c in range(1, n_commitments + 1))
    copier.copy(
        CommitmentOrganisation,
        ["id", "is_lead", "accepted_at", "commitment_id", "organisation_id"],
        named_rows(),
        total_named,
        "commitment organisations",
    )

    def indicator_rows():
        rid = 0
        for c in range(1, n_commitments + 1):
            for indicator_id in indicators_by_goal.get(goal_ids[c % len(goal_ids)], [])[:2]:
                rid += 1
                yield (rid, c, indicator_id)

    copier.copy(
        Commitment.indicators.through,
        ["id", "commitment_id", "indicator_id"],
        indicator_rows(),
        2 * n_commitments,
        "commitment indicators",
    )
    from_ideas = range(4, n_commitments + 1, 4)
    copier.copy(
        Commitment.proposals.through,
        ["id", "commitment_id", "proposal_id"],
        ((i, c, (c * 13) % scale.proposals + 1) for i, c in enumerate(from_ideas, start=1)),
        len(from_ideas),
        "commitment ideas",
    )
    copier.copy(
        CommitmentUpdate,
        ["id", "happened_on", "text", "evidence_urls", "status", "created_at", "commitment_id"],
        (
            (
                u,
                dt.date(2025, 1, 1) + dt.timedelta(days=u % 600),
                "Progress: " + words.paragraph(low=1, high=2),
                '["https://evidence.lowbridge.example/' + str(u) + '"]' if u % 2 else "[]",
                "",
                ts(86_400 * 60 + u * 300),
                (u * 7) % n_commitments + 1,
            )
            for u in range(1, scale.commitment_updates + 1)
        ),
        scale.commitment_updates,
        "commitment updates",
    )
    # The commitment page the bench loads: a joint one with updates and indicators.
    built.commitment_id = next(
        c for c in range(1, n_commitments + 1) if len(partners(c)) == 2 and c % 5
    )


def build_search_index(built: Built) -> None:
    """Index proposals and organisations in Wagtail's database search backend (pages
    were indexed as they were created), in bulk."""
    from wagtail.search.backends import get_search_backend

    from consultations.models import Proposal
    from organisations.models import Organisation

    backend = get_search_backend()
    for model in (Organisation, Proposal):
        index = backend.get_index_for_model(model)
        if index is None:
            continue
        qs = model._default_manager.order_by("pk")
        total = qs.count()
        with Bar(f"index {model._meta.model_name}", total) as bar:
            last = 0
            while True:
                chunk = list(qs.filter(pk__gt=last)[:2000])
                if not chunk:
                    break
                index.add_items(model, chunk)
                last = chunk[-1].pk
                bar.advance(len(chunk))


def analyze() -> None:
    from django.db import connection

    started = time.monotonic()
    old = connection.connection.autocommit
    connection.connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    finally:
        connection.connection.autocommit = old
    log(f"VACUUM ANALYZE in {time.monotonic() - started:.1f}s")


def counts() -> dict[str, int]:
    from django.db import connection

    tables = {
        "people": "accounts_user",
        "organisations": "goals_organisation",
        "goals": "goals_goalpage",
        "indicator_values": "goals_indicatorvalue",
        "consultations": "consultations_consultationpage",
        "proposals": "consultations_proposal",
        "supports": "consultations_support",
        "comments": "consultations_comment",
        "pledges": "goals_pledge",
        "pledge_joins": "goals_pledgejoin",
        "survey_responses": "consultations_surveyresponse",
        "follows": "accounts_follow",
        "commitments": "commitments_commitment",
        "commitment_updates": "commitments_commitmentupdate",
    }
    result = {}
    with connection.cursor() as cursor:
        for name, table in tables.items():
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            result[name] = cursor.fetchone()[0]
    return result
