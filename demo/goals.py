"""Demo data for Lowbridge's goals: themes, organisations, goals with ambitions,
indicators and their figures, test-and-learn trials, the "Partner sign-off" workflow
and the demo people's memberships. Called by ``manage.py seed_demo`` after demo/home.py.

Deterministic (no randomness: figures follow fixed formulas) and idempotent (every
object is found by a fixed key: slug, name, email; a goal that already exists is left
as it is, so editors' changes to the demo survive a second run).

Other demo modules can rely on these goal slugs: see ``GOALS`` (for example
"clean-air-for-every-street", "a-warm-dry-home-for-everyone").
"""

import uuid
from datetime import date
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import User
from core import opendata
from demo import accounts as accounts_demo
from goals.models import (
    Ambition,
    GoalIndexPage,
    GoalPage,
    Indicator,
    IndicatorValue,
    Theme,
    TrialPage,
)
from goals.setup import ensure_partner_signoff_workflow
from home.models import HomePage
from organisations.models import Membership, Organisation
from organisations.services import sync_partner_editor_group

try:  # the accounts part names its demo people; fall back to the same addresses
    MEMBER_EMAIL = accounts_demo.ORGANISATION_MEMBER
    PARTNER_EDITOR_EMAIL = accounts_demo.PARTNER_EDITOR
    CONVENOR_EMAIL = accounts_demo.CONVENOR
    RESIDENT_EMAIL = accounts_demo.RESIDENT
except (ImportError, AttributeError):  # pragma: no cover
    MEMBER_EMAIL = "member@lowbridge.example"
    PARTNER_EDITOR_EMAIL = "partner.editor@lowbridge.example"
    CONVENOR_EMAIL = "convenor@lowbridge.example"
    RESIDENT_EMAIL = "resident@lowbridge.example"

NAMESPACE = uuid.UUID("2b0f8a43-1f0e-4c55-9d6c-6a2f1c9e4b21")
OGL = "Open Government Licence v3.0"

THEMES = [
    ("health", "Health and wellbeing", "Living longer, healthier lives, and closing the gap."),
    ("climate", "Climate and nature", "Net zero, cleaner air and a greener, wilder city."),
    ("getting-around", "Getting around", "Walking, cycling and buses that people choose."),
    ("homes", "Homes and neighbourhoods", "Warm, safe, affordable homes and lively places."),
    ("learning-work", "Learning and work", "Good schools, skills and fair, secure work."),
    ("communities", "Safe and connected communities", "Feeling safe and never alone."),
]

P, V, B, E, H, F, R = (k.value for k in Organisation.Kind)  # public, voluntary, business …
ORGANISATIONS = [
    # slug, name, kind, verified, description
    (
        "lowbridge-city-council",
        "Lowbridge City Council",
        P,
        True,
        "The city council. It convenes City Goals: it opens consultations, moderates them and "
        "publishes the answers.",
    ),
    (
        "lowbridge-and-wyre-police",
        "Lowbridge and Wyre Police",
        P,
        True,
        "Neighbourhood policing teams across the city and the Wyre valley.",
    ),
    (
        "wyre-valley-fire-and-rescue",
        "Wyre Valley Fire and Rescue Service",
        P,
        True,
        "Fire and rescue, and home safety visits for people most at risk.",
    ),
    (
        "wyre-valley-transport",
        "Wyre Valley Transport Authority",
        P,
        True,
        "Plans and funds the buses, trams and cycle routes of the city region.",
    ),
    (
        "lowbridge-nhs-trust",
        "Lowbridge NHS Foundation Trust",
        H,
        True,
        "Runs Lowbridge General Hospital and community health services.",
    ),
    (
        "lowbridge-primary-care-network",
        "Lowbridge Primary Care Network",
        H,
        True,
        "The city's GP practices, working together on prevention and long-term conditions.",
    ),
    (
        "st-aidans-hospice",
        "St Aidan's Hospice",
        H,
        True,
        "Care at the end of life, at the hospice and in people's homes.",
    ),
    (
        "university-of-lowbridge",
        "University of Lowbridge",
        E,
        True,
        "A civic university of 19,000 students on two city-centre campuses.",
    ),
    (
        "lowbridge-college",
        "Lowbridge College",
        E,
        True,
        "Further education, apprenticeships and adult learning.",
    ),
    (
        "riverside-primary-school",
        "Riverside Primary School",
        E,
        False,
        "A two-form entry primary school by the river.",
    ),
    (
        "st-annes-academy",
        "St Anne's Academy",
        E,
        True,
        "A secondary school and sixth form in Northgate.",
    ),
    (
        "lowbridge-cycle-hub",
        "Lowbridge Cycle Hub",
        V,
        True,
        "A community bike workshop: repairs, rides and cycle training for all ages.",
    ),
    (
        "lowbridge-food-network",
        "Lowbridge Food Network",
        V,
        True,
        "Food banks, community fridges and cooking clubs working together.",
    ),
    (
        "wyre-rivers-trust",
        "Wyre Rivers Trust",
        V,
        True,
        "Looks after the rivers Wyre and Lune and the wildlife that depends on them.",
    ),
    (
        "lowbridge-citizens-advice",
        "Citizens Advice Lowbridge",
        V,
        True,
        "Free, confidential advice on money, housing, work and benefits.",
    ),
    (
        "youth-lowbridge",
        "Youth Lowbridge",
        V,
        False,
        "Youth clubs and detached youth work in six neighbourhoods.",
    ),
    (
        "lowbridge-chamber-of-commerce",
        "Lowbridge Chamber of Commerce",
        B,
        True,
        "The voice of 900 local businesses, large and small.",
    ),
    ("wyre-valley-buses", "Wyre Valley Buses", B, True, "Runs most of the city's bus routes."),
    (
        "canalside-makers",
        "Canalside Makers Co-operative",
        B,
        False,
        "Forty small makers sharing workshops on the canal.",
    ),
    (
        "lowbridge-community-energy",
        "Lowbridge Community Energy",
        B,
        True,
        "A community benefit society putting solar panels on schools and halls.",
    ),
    (
        "lowbridge-council-of-faiths",
        "Lowbridge Council of Faiths",
        F,
        True,
        "Brings together the city's churches, mosques, temples, gurdwara and synagogue.",
    ),
    (
        "st-marys-church",
        "St Mary's Church, Lowbridge",
        F,
        False,
        "A parish church with a warm space and a lunch club.",
    ),
    (
        "lowbridge-central-mosque",
        "Lowbridge Central Mosque",
        F,
        True,
        "A mosque and community centre that runs a food bank and youth sports.",
    ),
    (
        "riverside-residents",
        "Riverside Residents' Association",
        R,
        True,
        "Residents of the Riverside estate, meeting monthly since 1978.",
    ),
    (
        "northgate-tenants",
        "Northgate Tenants and Residents",
        R,
        False,
        "Tenants of Northgate's council and housing association homes.",
    ),
    (
        "hillfield-community-association",
        "Hillfield Community Association",
        R,
        True,
        "Runs Hillfield community centre and its summer fair.",
    ),
    (
        "lowbridge-housing-trust",
        "Lowbridge Housing Trust",
        V,
        True,
        "A housing association with 6,000 homes in the city.",
    ),
    (
        "lowbridge-carers-centre",
        "Lowbridge Carers Centre",
        V,
        True,
        "Support, breaks and advice for unpaid carers.",
    ),
]

# Indicators: (name, unit, direction, baseline, target or None, pace). ``pace`` says how
# the figures move: 1 keeps to the trajectory, above 1 runs ahead (on track), below 1
# lags (off track). Without a target, ``pace`` is the change a year. Figures are yearly
# from 2019 (the baseline) to 2025; the 2025 figure of every other indicator is provisional.
GOALS = [
    {
        "slug": "everyone-lives-healthier-for-longer",
        "title": "Everyone lives healthier for longer",
        "theme": "health",
        "statement": "By 2035, people in every part of Lowbridge can expect to live as many "
        "years in good health as the national average.",
        "co_owners": [
            "lowbridge-nhs-trust",
            "lowbridge-primary-care-network",
            "lowbridge-city-council",
            "lowbridge-council-of-faiths",
        ],
        "horizon": 2035,
        "lifecycle": "endorsed",
        "narrative": "The gap in healthy life expectancy between Hillfield and Northgate is "
        "eleven years. Most of it is made before anyone sees a doctor: in homes, jobs, "
        "food and the air. This goal asks every partner to act on those causes.",
        "ambitions": [
            ("Halve the gap in healthy life expectancy between neighbourhoods", 2035),
            ("Every adult at risk offered a health check each year", 2027),
            ("Smoking below 8% of adults", 2030),
        ],
        "indicators": [
            ("Healthy life expectancy gap between neighbourhoods", "years", "lower", 11, 5.5, 0.6),
            ("Adults who smoke", "%", "lower", 15.2, 8, 1.3),
            ("Health checks taken up by eligible adults", "%", "higher", 38, 75, 0.7),
            (
                "Emergency hospital admissions for falls (per 100,000 over-65s)",
                "",
                "lower",
                2410,
                None,
                -35,
            ),
        ],
    },
    {
        "slug": "good-mental-health-support-when-you-need-it",
        "title": "Good mental health support when you need it",
        "theme": "health",
        "statement": "Anyone in Lowbridge who needs help with their mental health gets it "
        "within four weeks, close to home.",
        "co_owners": ["lowbridge-nhs-trust", "youth-lowbridge", "university-of-lowbridge"],
        "horizon": 2030,
        "lifecycle": "consultation",
        "narrative": "Waiting lists grew through the pandemic. Partners are opening "
        "drop-in support in community venues and training people who work with the public.",
        "ambitions": [
            ("Nobody waits more than four weeks for talking therapy", 2028),
            ("A mental health drop-in in every ward", 2027),
        ],
        "indicators": [
            ("People waiting more than four weeks for talking therapy", "%", "lower", 46, 5, 0.5),
            ("Young people seen within four weeks", "%", "higher", 52, 95, 1.1),
            ("Wards with a mental health drop-in", "wards", "higher", 3, 21, 1.2),
        ],
    },
    {
        "slug": "no-one-goes-hungry",
        "title": "No one goes hungry",
        "theme": "health",
        "statement": "By 2030, no household in Lowbridge has to rely on emergency food.",
        "co_owners": [
            "lowbridge-food-network",
            "lowbridge-citizens-advice",
            "lowbridge-central-mosque",
            "st-marys-church",
        ],
        "horizon": 2030,
        "lifecycle": "endorsed",
        "narrative": "Food banks are a symptom. Partners are moving from emergency parcels "
        "to advice on income, affordable food clubs and free school meals for all who "
        "qualify.",
        "ambitions": [
            ("Every eligible child receives free school meals", 2026),
            ("A community food club within a mile of every home", 2028),
        ],
        "indicators": [
            ("Emergency food parcels given out a year", "parcels", "lower", 21500, 5000, 0.4),
            ("Eligible children registered for free school meals", "%", "higher", 81, 100, 1.2),
            ("Community food clubs open", "clubs", "higher", 4, 20, 1.4),
        ],
    },
    {
        "slug": "net-zero-by-2038",
        "title": "Net zero by 2038",
        "theme": "climate",
        "statement": "Lowbridge's emissions fall to net zero by 2038, and the way there "
        "makes homes warmer and bills lower.",
        "co_owners": [
            "lowbridge-city-council",
            "university-of-lowbridge",
            "lowbridge-community-energy",
            "lowbridge-chamber-of-commerce",
        ],
        "horizon": 2038,
        "lifecycle": "endorsed",
        "narrative": "Most of the city's emissions come from heating buildings and from "
        "transport. The partners publish their own emissions every year.",
        "ambitions": [
            ("Cut the city's emissions by two thirds from 2019", 2030),
            ("Solar panels on every school that can take them", 2028),
            ("All partner organisations' own buildings net zero", 2032),
        ],
        "indicators": [
            ("City carbon emissions", "kt CO₂e", "lower", 1450, 480, 0.8),
            ("Schools with solar panels", "schools", "higher", 6, 60, 1.3),
            ("Electricity from local renewable sources", "%", "higher", 4, 30, 0.9),
            ("Partners reporting their own emissions", "partners", "higher", 3, 28, 1.5),
        ],
    },
    {
        "slug": "clean-air-for-every-street",
        "title": "Clean air for every street",
        "theme": "climate",
        "statement": "Every street in Lowbridge meets the World Health Organization's "
        "guideline for nitrogen dioxide by 2030.",
        "co_owners": [
            "lowbridge-city-council",
            "lowbridge-nhs-trust",
            "wyre-valley-transport",
            "riverside-residents",
        ],
        "horizon": 2030,
        "lifecycle": "endorsed",
        "narrative": "Traffic on the inner ring road gives Riverside some of the dirtiest air "
        "in the region. Residents measure it themselves with diffusion tubes.",
        "ambitions": [
            ("No monitoring site above 40 µg/m³ of nitrogen dioxide", 2026),
            ("School streets at every primary school on a main road", 2027),
        ],
        "indicators": [
            ("Monitoring sites above the legal limit for NO₂", "sites", "lower", 14, 0, 1.2),
            ("Average NO₂ at roadside sites", "µg/m³", "lower", 38.5, 20, 0.7),
            ("Primary schools with a school street", "schools", "higher", 2, 24, 1.1),
            ("Asthma admissions for children (per 100,000)", "", "lower", 212, None, -6),
        ],
    },
    {
        "slug": "rivers-clean-enough-to-swim-in",
        "title": "Rivers clean enough to swim in",
        "theme": "climate",
        "statement": "The Wyre and the Lune are clean enough to swim in through the city "
        "by 2035, and full of life.",
        "co_owners": [
            "wyre-rivers-trust",
            "lowbridge-city-council",
            "hillfield-community-association",
        ],
        "horizon": 2035,
        "lifecycle": "review",
        "narrative": "Storm overflows still discharge into the Wyre after heavy rain. "
        "Volunteers sample the water every fortnight and publish the results.",
        "ambitions": [
            ("Designated bathing water at Wyre Meadows", 2030),
            ("Hours of sewage discharge cut by 80%", 2032),
        ],
        "indicators": [
            ("Hours of storm overflow discharge into the Wyre", "hours", "lower", 3100, 600, 0.45),
            ("River samples meeting bathing water standard", "%", "higher", 41, 90, 0.6),
            ("Otter sightings reported", "sightings", "higher", 12, None, 3),
        ],
    },
    {
        "slug": "a-greener-city",
        "title": "A greener city for people and wildlife",
        "theme": "climate",
        "statement": "Every home in Lowbridge is within five minutes' walk of green space, "
        "and tree cover reaches a quarter of the city.",
        "co_owners": ["lowbridge-city-council", "wyre-rivers-trust", "northgate-tenants"],
        "horizon": 2035,
        "lifecycle": "endorsed",
        "narrative": "Tree cover is lowest where people have least garden space. Planting "
        "starts there.",
        "ambitions": [
            ("Plant 50,000 street and park trees", 2030),
            ("A pocket park in every neighbourhood without green space", 2029),
        ],
        "indicators": [
            ("Tree canopy cover", "%", "higher", 16, 25, 1.1),
            ("Homes within five minutes' walk of green space", "%", "higher", 78, 100, 0.8),
            ("Trees planted (cumulative)", "trees", "higher", 0, 50000, 1.05),
        ],
    },
    {
        "slug": "walking-and-cycling-for-short-journeys",
        "title": "Walking and cycling for short journeys",
        "theme": "getting-around",
        "statement": "By 2030, half of all journeys under five miles in Lowbridge are "
        "walked, wheeled or cycled.",
        "co_owners": [
            "wyre-valley-transport",
            "lowbridge-cycle-hub",
            "lowbridge-city-council",
            "lowbridge-nhs-trust",
        ],
        "horizon": 2030,
        "lifecycle": "consultation",
        "narrative": "Most car trips in the city are short. Safe routes, bikes people can "
        "afford and somewhere to park them make the difference.",
        "ambitions": [
            ("A protected cycle route within 400 metres of every home", 2030),
            ("Free cycle training for every child and any adult who asks", 2026),
        ],
        "indicators": [
            ("Short journeys walked, wheeled or cycled", "%", "higher", 31, 50, 0.6),
            ("Kilometres of protected cycle route", "km", "higher", 12, 120, 0.9),
            ("People trained to cycle this year", "people", "higher", 900, 4000, 1.3),
            ("People killed or seriously injured on the roads", "people", "lower", 118, 60, 1.1),
        ],
    },
    {
        "slug": "buses-people-choose",
        "title": "Buses people choose",
        "theme": "getting-around",
        "statement": "Buses in Lowbridge are frequent, reliable and affordable enough that "
        "people choose them over the car.",
        "co_owners": [
            "wyre-valley-transport",
            "wyre-valley-buses",
            "lowbridge-chamber-of-commerce",
        ],
        "horizon": 2030,
        "lifecycle": "endorsed",
        "narrative": "Bus use fell by a third in a decade. The partners have agreed a "
        "simpler network and a capped fare.",
        "ambitions": [
            ("A bus every 12 minutes on the ten busiest routes", 2027),
            ("A £2 cap on any single journey in the city", 2025),
        ],
        "indicators": [
            ("Bus passenger journeys a year", "million", "higher", 24.0, 32.0, 0.5),
            ("Buses on time", "%", "higher", 78, 92, 1.1),
            ("Routes running every 12 minutes or better", "routes", "higher", 3, 10, 0.7),
        ],
    },
    {
        "slug": "a-warm-dry-home-for-everyone",
        "title": "A warm, dry home for everyone",
        "theme": "homes",
        "statement": "By 2032, no one in Lowbridge lives in a cold, damp or unsafe home.",
        "co_owners": [
            "lowbridge-housing-trust",
            "lowbridge-city-council",
            "lowbridge-nhs-trust",
            "northgate-tenants",
        ],
        "horizon": 2032,
        "lifecycle": "endorsed",
        "narrative": "Damp and mould make people ill. Landlords, the NHS and tenants have "
        "agreed one way to report it and a deadline to put it right.",
        "ambitions": [
            ("Every social home at energy rating C or better", 2030),
            ("Damp and mould reports fixed within 28 days", 2026),
        ],
        "indicators": [
            ("Social homes rated C or better for energy", "%", "higher", 54, 100, 1.1),
            ("Damp and mould repairs finished within 28 days", "%", "higher", 48, 95, 0.6),
            ("Households in fuel poverty", "%", "lower", 17.5, 9, 0.4),
        ],
    },
    {
        "slug": "homes-people-can-afford",
        "title": "Homes people can afford",
        "theme": "homes",
        "statement": "Enough genuinely affordable homes are built for everyone who needs "
        "one, and no one sleeps rough.",
        "co_owners": ["lowbridge-housing-trust", "lowbridge-city-council", "st-marys-church"],
        "horizon": 2030,
        "lifecycle": "draft",
        "narrative": "The waiting list for a social home is over 7,000 households.",
        "ambitions": [
            ("800 social rent homes built", 2030),
            ("Nobody sleeping rough for a second night", 2027),
        ],
        "indicators": [
            ("Social rent homes completed (cumulative)", "homes", "higher", 0, 800, 0.7),
            ("People sleeping rough on a single night", "people", "lower", 34, 0, 1.2),
            ("Households on the housing waiting list", "households", "lower", 7100, None, 120),
        ],
    },
    {
        "slug": "neighbourhoods-with-life-in-them",
        "title": "Neighbourhoods with life in them",
        "theme": "homes",
        "statement": "Every neighbourhood has somewhere to meet, a shop within walking "
        "distance and things for young people to do.",
        "co_owners": [
            "hillfield-community-association",
            "riverside-residents",
            "youth-lowbridge",
            "lowbridge-council-of-faiths",
        ],
        "horizon": 2030,
        "lifecycle": "consultation",
        "narrative": "Community centres and youth clubs closed over the last decade. "
        "Faith groups and residents' associations have kept many spaces open.",
        "ambitions": [
            ("A community space open six days a week in every neighbourhood", 2029),
            ("Youth provision every weekday evening in every ward", 2028),
        ],
        "indicators": [
            (
                "Neighbourhoods with a community space open six days a week",
                "neighbourhoods",
                "higher",
                9,
                21,
                0.9,
            ),
            ("Young people using youth clubs each week", "young people", "higher", 1400, 3000, 1.2),
            ("Empty shop units on neighbourhood high streets", "%", "lower", 14, 7, 0.5),
        ],
    },
    {
        "slug": "every-child-ready-for-school",
        "title": "Every child ready for school",
        "theme": "learning-work",
        "statement": "Every child in Lowbridge starts school ready to learn, whatever their "
        "family's income.",
        "co_owners": [
            "riverside-primary-school",
            "lowbridge-city-council",
            "lowbridge-primary-care-network",
        ],
        "horizon": 2030,
        "lifecycle": "endorsed",
        "narrative": "Speech and language support in the early years makes the biggest "
        "difference, and it works best in places families already go.",
        "ambitions": [
            ("Eight in ten children at a good level of development at five", 2030),
            ("Every two-year-old offered a development check", 2026),
        ],
        "indicators": [
            ("Children at a good level of development at age five", "%", "higher", 64, 80, 0.8),
            ("Two-year-olds receiving a development check", "%", "higher", 71, 98, 1.3),
            ("Eligible two-year-olds in funded early education", "%", "higher", 67, 90, 1.0),
        ],
    },
    {
        "slug": "skills-and-good-jobs",
        "title": "Skills and good jobs for all",
        "theme": "learning-work",
        "statement": "Everyone in Lowbridge can get the skills for a secure job that pays "
        "at least the Real Living Wage.",
        "co_owners": [
            "lowbridge-college",
            "university-of-lowbridge",
            "lowbridge-chamber-of-commerce",
            "canalside-makers",
        ],
        "horizon": 2032,
        "lifecycle": "endorsed",
        "narrative": "One job in five in the city pays less than the Real Living Wage.",
        "ambitions": [
            ("200 Real Living Wage employers", 2028),
            ("1,000 apprenticeships started each year", 2027),
        ],
        "indicators": [
            ("Jobs paying below the Real Living Wage", "%", "lower", 21, 10, 0.9),
            ("Accredited Real Living Wage employers", "employers", "higher", 35, 200, 1.2),
            ("Apprenticeships started a year", "apprenticeships", "higher", 640, 1000, 0.6),
            (
                "Young people not in education, employment or training",
                "%",
                "lower",
                6.1,
                None,
                -0.2,
            ),
        ],
    },
    {
        "slug": "safe-streets-day-and-night",
        "title": "Safe streets, day and night",
        "theme": "communities",
        "statement": "Everyone feels safe in Lowbridge's streets and public spaces, day and night.",
        "co_owners": [
            "lowbridge-and-wyre-police",
            "lowbridge-city-council",
            "wyre-valley-fire-and-rescue",
            "lowbridge-council-of-faiths",
        ],
        "horizon": 2030,
        "lifecycle": "endorsed",
        "narrative": "Women and girls tell us they feel least safe after dark. Lighting, "
        "late buses and staffed places to go all help.",
        "ambitions": [
            ("Nine in ten women feel safe walking alone after dark", 2030),
            ("Safe havens open late in the city centre every weekend", 2025),
        ],
        "indicators": [
            ("Women who feel safe walking alone after dark", "%", "higher", 48, 90, 0.55),
            ("Residents who feel safe in their neighbourhood", "%", "higher", 72, 90, 1.0),
            ("Accidental house fires", "fires", "lower", 186, 120, 1.3),
        ],
    },
    {
        "slug": "no-one-is-lonely",
        "title": "No one is lonely who does not want to be",
        "theme": "communities",
        "statement": "People of every age in Lowbridge have someone to turn to and "
        "somewhere to go.",
        "co_owners": [
            "st-aidans-hospice",
            "lowbridge-carers-centre",
            "lowbridge-council-of-faiths",
            "st-marys-church",
            "lowbridge-food-network",
        ],
        "horizon": 2030,
        "lifecycle": "endorsed",
        "narrative": "Unpaid carers and older people living alone are the loneliest. "
        "Warm spaces, lunch clubs and befriending reach them.",
        "ambitions": [
            ("A warm space within a mile of every home, all winter", 2026),
            ("Every unpaid carer offered a break each year", 2028),
        ],
        "indicators": [
            ("Adults who often or always feel lonely", "%", "lower", 9.5, 5, 0.8),
            ("Warm spaces open through the winter", "spaces", "higher", 12, 40, 1.4),
            ("Unpaid carers given a break this year", "carers", "higher", 450, 2000, 1.1),
        ],
    },
]

TRIALS = [
    {
        "goal": "walking-and-cycling-for-short-journeys",
        "slug": "free-bike-loans-for-nhs-staff",
        "title": "Free bike loans for hospital staff",
        "hypothesis": "If hospital staff can borrow an e-bike free for three months, a "
        "quarter of them will keep cycling to work afterwards.",
        "tried": "<p>Lowbridge Cycle Hub lent 60 e-bikes to staff at Lowbridge General, with "
        "a route map and a buddy ride in the first week.</p>",
        "started": date(2023, 4, 1),
        "ended": date(2024, 3, 31),
        "decision": "scale",
        "outcome": "41% of borrowers still cycled to work six months after handing the "
        "bike back; car park demand fell on the days they rode.",
        "learned": "The buddy ride mattered more than the bike: people who had one were "
        "twice as likely to keep going. The scheme is extending to the university.",
        "watch": [0, 2],
    },
    {
        "goal": "clean-air-for-every-street",
        "slug": "anti-idling-signs-at-school-gates",
        "title": "Anti-idling signs at school gates",
        "hypothesis": "Signs asking drivers to switch off their engines at school gates will "
        "cut nitrogen dioxide at pick-up time by a tenth.",
        "tried": "<p>Signs at six primary schools, with pupils' posters, for one school "
        "year. Riverside residents measured the air before and during the trial.</p>",
        "started": date(2022, 9, 1),
        "ended": date(2023, 7, 21),
        "decision": "stop",
        "outcome": "No measurable change in nitrogen dioxide at any of the six schools. "
        "Idling was rare; the pollution came from through traffic on the main roads.",
        "learned": "Signs treated the wrong cause. The money is going into school streets, "
        "which close the road at drop-off and pick-up and did cut pollution.",
        "watch": [1],
    },
    {
        "goal": "no-one-goes-hungry",
        "slug": "advice-in-the-food-bank",
        "title": "Money advice in the food bank",
        "hypothesis": "An adviser at food bank sessions will help people raise their income "
        "so they need fewer emergency parcels.",
        "tried": "<p>Citizens Advice Lowbridge advisers at two food banks every session for "
        "a year.</p>",
        "started": date(2024, 1, 8),
        "ended": None,
        "decision": "adapt",
        "outcome": "People advised gained £1,900 a year on average; repeat visits fell by a "
        "third at one food bank but not at the other.",
        "learned": "Appointments worked better than drop-in where the room was busy. The "
        "second food bank is trying booked appointments.",
        "watch": [0],
    },
    {
        "goal": "a-warm-dry-home-for-everyone",
        "slug": "damp-sensors-in-tenants-homes",
        "title": "Damp sensors in tenants' homes",
        "hypothesis": "Humidity sensors will spot damp early enough to fix it before mould grows.",
        "tried": "<p>Lowbridge Housing Trust fitted sensors in 300 homes in Northgate, with "
        "tenants' agreement; alerts went straight to the repairs team.</p>",
        "started": date(2025, 1, 13),
        "ended": None,
        "decision": "ongoing",
        "outcome": "",
        "learned": "",
        "watch": [1],
    },
]

EXTRA_PEOPLE = [
    # email, display name: people who run demo organisations (they cannot sign in)
    ("dev.okafor@lowbridge.example", "Dev Okafor"),
    ("maureen.hale@lowbridge.example", "Maureen Hale"),
    ("tom.price@lowbridge.example", "Tom Price"),
]


def _uid(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def seed_themes() -> dict[str, Theme]:
    themes = {}
    for slug, name, description in THEMES:
        theme, _created = Theme.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
        themes[slug] = theme
    return themes


def seed_organisations() -> dict[str, Organisation]:
    existing = {
        o.slug: o for o in Organisation.objects.filter(slug__in=[o[0] for o in ORGANISATIONS])
    }
    for slug, name, kind, verified, description in ORGANISATIONS:
        if slug not in existing:
            organisation = Organisation.objects.create(
                slug=slug, name=name, kind=kind, verified=verified, description=description
            )
            organisation.save_revision(log_action=False)
            existing[slug] = organisation
    return existing


def _goal_index(home) -> GoalIndexPage:
    index = GoalIndexPage.objects.first()
    if index is None:
        index = GoalIndexPage(
            title="City goals",
            slug="goals",
            show_in_menus=True,
            intro="<p>The goals Lowbridge's organisations have agreed to work on together, "
            "and how each one is going.</p>",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _figures(baseline, target, pace, years):
    """Yearly figures from a fixed formula (no randomness): along the trajectory at
    ``pace``, with a small fixed wobble; or a steady trend of ``pace`` a year."""
    baseline = float(baseline)
    values = []
    for n, year in enumerate(years, start=1):
        wobble = ((n * 37) % 7 - 3) / 100  # −3% … +3%
        if target is None:
            value = baseline + pace * n
            value += abs(pace) * wobble * 5
        else:
            share = n / (2030 - 2019 if target is not None else 1)
            value = baseline + (float(target) - baseline) * share * pace
            value += (float(target) - baseline) * wobble * 0.15
        values.append((date(year, 3, 31), value))
    return values


def _decimal(value, like) -> Decimal:
    places = 1 if (float(like) != int(float(like)) or abs(float(like)) < 100) else 0
    return Decimal(str(round(value, places)))


def seed_goals(index, themes, orgs) -> dict[str, GoalPage]:
    council = orgs["lowbridge-city-council"]
    goals = {}
    for spec in GOALS:
        goal = GoalPage.objects.child_of(index).filter(slug=spec["slug"]).first()
        if goal is not None:
            goals[spec["slug"]] = goal.specific
            continue
        goal = GoalPage(
            title=spec["title"],
            slug=spec["slug"],
            statement=spec["statement"],
            theme=themes[spec["theme"]],
            horizon_year=spec["horizon"],
            lifecycle=spec["lifecycle"],
            convened_by=council,
            narrative=[
                {
                    "type": "paragraph",
                    "value": f"<p>{spec['narrative']}</p>",
                    "id": _uid(spec["slug"], 0),
                }
            ],
        )
        if spec["lifecycle"] == "endorsed":
            goal.endorsed_by = "Lowbridge City Partnership Board"
            goal.endorsed_on = date(2024, 3, 14)
        goal.co_owners = [orgs[slug] for slug in spec["co_owners"]]
        goal.ambitions = [
            Ambition(title=title, target_year=year, sort_order=i)
            for i, (title, year) in enumerate(spec["ambitions"])
        ]
        index.add_child(instance=goal)
        goal.save_revision(log_action=False).publish(log_action=False)
        goals[spec["slug"]] = goal
    return goals


def seed_indicators(goals) -> int:
    have = set(Indicator.objects.filter(goal__in=goals.values()).values_list("goal_id", flat=True))
    new_indicators, figures = [], []
    years = range(2020, 2026)
    for spec in GOALS:
        goal = goals[spec["slug"]]
        if goal.pk in have:
            continue
        for position, (name, unit, direction, baseline, target, pace) in enumerate(
            spec["indicators"]
        ):
            indicator = Indicator(
                goal=goal,
                sort_order=position,
                name=name,
                kind=Indicator.Kind.COMMITMENT if target is not None else Indicator.Kind.CONTEXT,
                unit=unit,
                direction=direction,
                baseline_value=_decimal(baseline, baseline),
                baseline_date=date(2019, 3, 31),
                target_value=None if target is None else _decimal(target, baseline),
                target_date=None if target is None else date(2030, 3, 31),
                source_publisher=(
                    "Office for National Statistics" if position == 0 else "Lowbridge City Council"
                ),
                source_url="https://data.lowbridge.example/" + spec["slug"],
                source_licence=OGL,
            )
            new_indicators.append(indicator)
            values = _figures(baseline, target, pace, years)
            figures.append((indicator, values, position % 2 == 0))
    Indicator.objects.bulk_create(new_indicators)
    rows = []
    for indicator, values, provisional_last in figures:
        for i, (when, value) in enumerate(values):
            last = i == len(values) - 1
            rows.append(
                IndicatorValue(
                    indicator=indicator,
                    date=when,
                    value=_decimal(max(value, 0), indicator.baseline_value),
                    provisional=last and provisional_last,
                    note="Provisional until the annual survey is published."
                    if last and provisional_last
                    else "",
                )
            )
    IndicatorValue.objects.bulk_create(rows, batch_size=1000)
    return len(new_indicators)


def seed_trials(goals) -> None:
    for spec in TRIALS:
        goal = goals[spec["goal"]]
        if TrialPage.objects.child_of(goal).filter(slug=spec["slug"]).exists():
            continue
        trial = TrialPage(
            title=spec["title"],
            slug=spec["slug"],
            hypothesis=spec["hypothesis"],
            what_was_tried=spec["tried"],
            started_on=spec["started"],
            ended_on=spec["ended"],
            decision=spec["decision"],
            outcome=spec["outcome"],
            what_was_learned=spec["learned"],
        )
        indicators = list(Indicator.objects.filter(goal=goal).order_by("sort_order"))
        trial.indicators_watched = [indicators[i] for i in spec["watch"] if i < len(indicators)]
        goal.add_child(instance=trial)
        trial.save_revision(log_action=False).publish(log_action=False)


def seed_workflow(index) -> None:
    """The "Partner sign-off" workflow on the goals index (goals.setup, as setup_site)."""
    ensure_partner_signoff_workflow(index)


def _person(email, display_name):
    user, created = User.objects.get_or_create(email=email, defaults={"display_name": display_name})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return user


def seed_memberships(orgs) -> None:
    people = {email: _person(email, name) for email, name in EXTRA_PEOPLE}
    member = _person(MEMBER_EMAIL, "Priya at Lowbridge Cycle Hub")
    editor = _person(PARTNER_EDITOR_EMAIL, "Jo at Lowbridge NHS Trust")
    convenor = _person(CONVENOR_EMAIL, "Lowbridge convenor")
    resident = _person(RESIDENT_EMAIL, "Sam from Riverside")
    A, M = Membership.Role.ADMIN, Membership.Role.MEMBER
    active, requested = Membership.Status.ACTIVE, Membership.Status.REQUESTED
    wanted = [
        # user, organisation, role, status, is_editor, show_publicly
        (people["dev.okafor@lowbridge.example"], "lowbridge-cycle-hub", A, active, True, True),
        (member, "lowbridge-cycle-hub", M, active, False, True),
        (people["maureen.hale@lowbridge.example"], "riverside-residents", A, active, True, True),
        (resident, "riverside-residents", M, requested, False, False),
        (editor, "lowbridge-nhs-trust", A, active, True, True),
        (editor, "lowbridge-primary-care-network", M, active, True, False),
        (convenor, "lowbridge-city-council", A, active, True, True),
        (people["tom.price@lowbridge.example"], "wyre-valley-transport", A, active, True, True),
    ]
    for user, slug, role, status, is_editor, show in wanted:
        Membership.objects.get_or_create(
            user=user,
            organisation=orgs[slug],
            defaults={
                "role": role,
                "status": status,
                "is_editor": is_editor,
                "show_publicly": show,
            },
        )
    for user in {w[0] for w in wanted}:
        sync_partner_editor_group(user)


def seed(stdout):
    """Create this app's demo content; safe to run again (it changes nothing the second time)."""
    home = HomePage.objects.first()
    if home is None:
        stdout.write("goals demo: no home page, skipped.")
        return
    with transaction.atomic():
        themes = seed_themes()
        orgs = seed_organisations()
        index = _goal_index(home)
        goals = seed_goals(index, themes, orgs)
        created = seed_indicators(goals)
        seed_trials(goals)
        seed_workflow(index)
        seed_memberships(orgs)
        transaction.on_commit(opendata.bump)
    stdout.write(f"Goals: {len(goals)} goals, {len(orgs)} organisations, {created} new indicators.")
