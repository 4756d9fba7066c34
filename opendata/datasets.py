"""The files on /data/, in one list: what each holds, and which models change it.

Every file is served by ``opendata.views`` through the ground's open-data helpers
(``core.opendata``: streamed, cached, ETagged, formula-safe cells). The app sits above
every domain app, so it reads each through that app's selectors; no domain app knows
that its rows are published.
"""

from django.utils.translation import gettext_lazy as _

from core.opendata import Dataset

DATASETS = [
    Dataset(
        slug="goals-json",
        filename="goals.json",
        url_name="data:goals_json",
        media_type="application/json",
        title=_("Goals, in full"),
        description=_(
            "Every published goal with its theme, owners, ambitions and indicators, each "
            "indicator with its figures and its derived status."
        ),
        order=10,
    ),
    Dataset(
        slug="goals-csv",
        filename="goals.csv",
        url_name="data:goals_csv",
        title=_("Goals"),
        description=_(
            "One row a goal: statement, theme, horizon, lifecycle, the organisation that "
            "convenes it, the organisations that co-own it, its ambitions, and how many of "
            "its indicators are on and off track."
        ),
        order=11,
    ),
    Dataset(
        slug="indicators-csv",
        filename="indicators.csv",
        url_name="data:indicators_csv",
        title=_("Indicator figures"),
        description=_(
            "One row a figure: goal, indicator, unit, date, value, whether it is provisional, "
            "baseline, target and source with its licence, and the area code of a figure "
            "for one area (blank for the place-wide figure)."
        ),
        order=12,
    ),
    Dataset(
        slug="pledges-csv",
        filename="pledges.csv",
        url_name="data:pledges_csv",
        title=_("Pledges"),
        description=_(
            "One row a pledge: goal, organisation if any, what was pledged, status (met and "
            "missed alike), whether overdue, due date, condition and joins, number of "
            "progress updates, and the codes of the areas it is placed in (blank for the "
            "whole place). A person is named only if they chose to be."
        ),
        order=30,
    ),
    Dataset(
        slug="commitments-csv",
        filename="commitments.csv",
        url_name="data:commitments_csv",
        title=_("Commitments"),
        description=_(
            "One row a commitment an organisation made towards a goal: what, the lead and "
            "partner organisations (and which have not accepted yet), status, whether "
            "overdue, due date, when it was done or why it was dropped, the adopted ideas "
            "and indicators behind it, its number of updates and the date of the last, and "
            "the codes of the areas it is placed in (blank for the whole place). "
            "Organisations only: no person is named."
        ),
        order=35,
    ),
    Dataset(
        slug="proposals",
        filename="proposals.csv",
        url_name="data:proposals_csv",
        title=_("Proposals"),
        description=_(
            "One row a proposal made in a consultation: consultation, title (blank when hidden "
            "by a moderator), organisation if any, official status, moderation state, supports, "
            "comments, the date it was made, whether its author withdrew it, and the codes "
            "of the areas it is placed in (blank for the whole place). No names or other "
            "personal data, and no point chosen on the map."
        ),
        order=40,
    ),
    Dataset(
        slug="areas-geojson",
        filename="areas.geojson",
        url_name="data:areas_geojson",
        media_type="application/geo+json",
        title=_("Areas"),
        description=_(
            "Every ward, neighbourhood and district as a GeoJSON feature: its boundary "
            "(longitude and latitude, WGS 84), code, name, kind, the area it is part of "
            "and its population where known."
        ),
        order=50,
    ),
    Dataset(
        slug="survey-results",
        filename="survey-results.csv",
        url_name="data:survey_results_csv",
        title=_("Survey results"),
        description=_(
            "The published results of consultations' surveys, once closed: one row per "
            "option of each choice, scale and ranking question (first places), with the "
            "count, its share of the answers, and how many answered; an option chosen by "
            "fewer than 5 people has no count (suppressed: yes). No free text and nothing "
            "about who answered."
        ),
        order=45,
    ),
]
