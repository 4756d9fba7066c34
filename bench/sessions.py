"""Signed-in people for the POST load, logged in before the clock starts.

Sessions are created with the project's own session engine (whatever
``SESSION_ENGINE`` is), holding what Django's ``login()`` and allauth would store, so
the servers see ordinary signed-in people. The CSRF secret is a cookie the client
also sends back as the form field, as a browser's form would.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class Poster:
    user_id: int
    session_cookie: str
    csrf: str
    proposal_id: int
    pledge_id: int = 0

    def cookie_header(self, session_cookie_name: str, csrf_cookie_name: str) -> str:
        return f"{session_cookie_name}={self.session_cookie}; {csrf_cookie_name}={self.csrf}"


def choose_pairs(consultation_id: int, people: int, count: int) -> list[tuple[int, int]]:
    """``count`` (person, proposal) pairs in the consultation where the person does not
    yet support the proposal, spread over many people and the most-supported proposals
    (where real traffic concentrates). Deterministic."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT id FROM consultations_proposal
            WHERE consultation_id = %s AND moderation_state = 'published'
              AND withdrawn_at IS NULL
            ORDER BY support_count DESC, id DESC LIMIT 200
            """,
            [consultation_id],
        )
        proposals = [row[0] for row in cursor.fetchall()]
        candidates = [
            ((k * 7_919) % people + 1, proposals[k % len(proposals)]) for k in range(count * 2)
        ]
        cursor.execute(
            """
            SELECT s.user_id, s.proposal_id FROM consultations_support s
            JOIN unnest(%s::bigint[], %s::bigint[]) AS c(u, p)
              ON s.user_id = c.u AND s.proposal_id = c.p
            """,
            [[u for u, _ in candidates], [p for _, p in candidates]],
        )
        taken = set(cursor.fetchall())
    pairs, seen_users = [], set()
    for user_id, proposal_id in candidates:
        if (user_id, proposal_id) in taken or user_id in seen_users:
            continue
        seen_users.add(user_id)
        pairs.append((user_id, proposal_id))
        if len(pairs) == count:
            break
    return pairs


def choose_pledges(user_ids: list[int]) -> dict[int, int]:
    """A pledge for each person to join and leave: open conditional pledges, active, far
    from their threshold (so a join never makes one succeed), not theirs and not joined
    yet, dealt out in turn so that concurrent clients join different pledges."""
    from django.db import connection
    from django.utils import timezone

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT id, author_id FROM goals_pledge
            WHERE condition = 'open' AND status = 'active' AND join_deadline >= %s
              AND threshold - join_count >= 3
            ORDER BY id LIMIT 500
            """,
            [timezone.localdate()],
        )
        pledges = cursor.fetchall()
        if not pledges:
            return {}
        wanted = {u: pledges[k % len(pledges)] for k, u in enumerate(user_ids)}
        cursor.execute(
            """
            SELECT j.user_id, j.pledge_id FROM goals_pledgejoin j
            JOIN unnest(%s::bigint[], %s::bigint[]) AS c(u, p)
              ON j.user_id = c.u AND j.pledge_id = c.p
            """,
            [list(wanted), [p for p, _ in wanted.values()]],
        )
        joined = set(cursor.fetchall())
    return {
        user: pledge
        for user, (pledge, author) in wanted.items()
        if author != user and (user, pledge) not in joined
    }


def log_in(pairs: list[tuple[int, int]], pledges: dict[int, int] | None = None) -> list[Poster]:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from accounts.models import User

    engine = import_module(settings.SESSION_ENGINE)
    users = User.objects.in_bulk([u for u, _ in pairs])
    posters = []
    now = time.time()
    for user_id, proposal_id in pairs:
        user = users[user_id]
        store = engine.SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store["account_authentication_methods"] = [
            {"method": "password", "at": now, "email": user.email}
        ]
        store.create()
        posters.append(
            Poster(
                user_id=user_id,
                session_cookie=store.session_key,
                csrf=secrets.token_hex(16),  # 32 characters: Django's unmasked secret length
                proposal_id=proposal_id,
                pledge_id=(pledges or {}).get(user_id, 0),
            )
        )
    return posters
