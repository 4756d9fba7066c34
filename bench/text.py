"""Deterministic, plausible text for the benchmark's data set (fictional Lowbridge)."""

import random

WARDS = [
    "Riverside",
    "Castle Hill",
    "Millbrook",
    "Northgate",
    "St Anne's",
    "Harbour",
    "Fenwick",
    "Oakfield",
    "Lowbridge Central",
    "Westmoor",
    "Ashby Park",
    "Kingsmead",
]
FIRST_NAMES = [
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Eleanor",
    "Femi",
    "Grace",
    "Hamza",
    "Isla",
    "Jack",
    "Kofi",
    "Lily",
    "Mohammed",
    "Niamh",
    "Oliver",
    "Priya",
    "Rhys",
    "Sofia",
    "Tom",
    "Yusuf",
    "Zara",
    "Callum",
    "Aisha",
    "Harry",
]
ORG_FIRST = [
    "Lowbridge",
    "Riverside",
    "Northgate",
    "Millbrook",
    "Castle Hill",
    "Harbour",
    "Oakfield",
    "Westmoor",
    "Kingsmead",
    "Fenwick",
]
ORG_SECOND = [
    "Community",
    "Food",
    "Cycling",
    "Youth",
    "Tenants'",
    "Green",
    "Arts",
    "Care",
    "Climate",
    "Business",
    "Health",
    "Learning",
    "Sports",
    "Heritage",
    "Allotment",
]
ORG_THIRD = [
    "Trust",
    "Network",
    "Association",
    "Collective",
    "Partnership",
    "Forum",
    "Club",
    "Alliance",
    "Project",
    "Society",
]
TOPICS = [
    "park",
    "bus",
    "cycle lane",
    "library",
    "food bank",
    "street trees",
    "youth club",
    "allotments",
    "air quality",
    "warm spaces",
    "river path",
    "playground",
    "community energy",
    "school streets",
    "benches",
    "public toilets",
    "recycling",
    "apprenticeships",
    "bus shelters",
    "crossings",
]
VERBS = [
    "Open",
    "Fund",
    "Extend",
    "Repair",
    "Plant",
    "Protect",
    "Light",
    "Widen",
    "Build",
    "Keep",
    "Trial",
    "Share",
]
PLACES = WARDS
SENTENCES = [
    "This would make a real difference to people who live here.",
    "Older residents have told us they feel cut off without it.",
    "The council could do this with the voluntary sector and local businesses.",
    "Other cities have tried something similar and it worked well.",
    "It would cost little and could start next spring.",
    "Children walk this way to school every day.",
    "We could measure it with the indicators on the goal page.",
    "At the moment the nearest one is over two miles away.",
    "Local groups are ready to help run it.",
    "It would cut car journeys and make the air cleaner.",
    "People on low incomes would benefit most.",
    "The space is already there and standing empty.",
    "We raised this at the ward forum last year.",
    "A trial for six months would show whether it works.",
    "Disabled residents need step-free access here.",
    "Please keep it open in the evenings and at weekends.",
]
COMMENT_SENTENCES = [
    "I agree, this is long overdue.",
    "Good idea, but who would pay for it?",
    "We tried this in Millbrook and it was popular.",
    "Please think about people with pushchairs and wheelchairs.",
    "Yes! My children would use this every day.",
    "Could this be combined with the library plans?",
    "I'm not sure this is the priority right now.",
    "Happy to volunteer if it goes ahead.",
    "The bus route already covers most of this.",
    "Strongly support. The current situation is not safe.",
    "Has anyone asked the residents' association?",
    "This worked well during the trial last summer.",
]
PLEDGE_STARTS = [
    "We will run a monthly repair café at",
    "I will cycle to work instead of driving from",
    "We will plant fifty trees near",
    "We will offer two apprenticeships to young people from",
    "I will volunteer at the food bank in",
    "We will switch our fleet to electric vans serving",
    "We will open our hall as a warm space in",
    "I will organise a litter pick in",
    "We will cut our energy use by a fifth at our site in",
    "We will host free coding clubs for children in",
]
GOAL_THEMES = [
    ("Health and care", "health"),
    ("Climate and nature", "climate"),
    ("Work and skills", "work"),
    ("Homes and neighbourhoods", "homes"),
    ("Getting around", "transport"),
    ("Children and young people", "young-people"),
]
GOAL_TITLES = [
    "Everyone can get to a green space within ten minutes",
    "Lowbridge is net zero by 2035",
    "No child goes hungry in the school holidays",
    "Every young person has a job, training or education",
    "Cleaner air on every street",
    "Warm, safe homes for everyone",
    "Half of all trips by foot, bike or bus",
    "Healthy life expectancy rises in every ward",
    "Nobody is lonely without someone to turn to",
    "A thriving, fair local economy",
    "Every child ready for school",
    "Safer streets, day and night",
    "Culture for everyone, in every neighbourhood",
    "Less waste, more reuse",
    "A river that is clean enough to swim in",
    "Digital skills and access for all",
    "Good work that pays a real living wage",
    "Older people live well at home",
    "Communities that shape their own places",
    "Food that is local, healthy and affordable",
]
INDICATOR_NAMES = [
    ("Residents within 10 minutes of green space", "%", "higher"),
    ("Nitrogen dioxide at roadside monitors", "µg/m³", "lower"),
    ("Households in fuel poverty", "%", "lower"),
    ("Journeys by bus, bike or foot", "%", "higher"),
    ("People reporting loneliness", "%", "lower"),
    ("Young people not in education, employment or training", "%", "lower"),
    ("Carbon emissions per person", "tonnes", "lower"),
]


class Words:
    """Sentence pools drawn with a seeded generator, so every run writes the same text."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def proposal_title(self) -> str:
        rng = self.rng
        return f"{rng.choice(VERBS)} the {rng.choice(TOPICS)} in {rng.choice(PLACES)}"

    def paragraph(self, sentences=SENTENCES, low=2, high=5) -> str:
        rng = self.rng
        return " ".join(rng.choice(sentences) for _ in range(rng.randint(low, high)))

    def proposal_body(self) -> str:
        return self.paragraph() + "\n\n" + self.paragraph(low=1, high=3)

    def comment(self) -> str:
        return self.paragraph(COMMENT_SENTENCES, 1, 3)

    def pledge(self) -> str:
        rng = self.rng
        return f"{rng.choice(PLEDGE_STARTS)} {rng.choice(PLACES)} every month this year."

    def person(self, i: int) -> str:
        return f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {chr(65 + (i // len(FIRST_NAMES)) % 26)}."

    def organisation(self, i: int) -> str:
        a = ORG_FIRST[i % len(ORG_FIRST)]
        b = ORG_SECOND[(i // len(ORG_FIRST)) % len(ORG_SECOND)]
        c = ORG_THIRD[(i // (len(ORG_FIRST) * len(ORG_SECOND))) % len(ORG_THIRD)]
        return f"{a} {b} {c}"
