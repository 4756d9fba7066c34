"""Who hears that a commitment changed: the author of each idea behind it, the people
who supported one, and the followers of the consultation it came from.

``commitment_changed`` writes one :class:`~commitments.models.NotificationItem` per
person (the first reason found: author, then supporter, then follower) in the service's
transaction; ``commitments.digest`` emails them in at most one message per person per
period, and the "What's new for you" page lists them.
"""

from accounts.models import Follow
from commitments.models import NotificationItem
from consultations.models import Proposal, Support

Reason = NotificationItem.Reason


def recipients(commitment, exclude_user_id=None) -> dict[int, tuple[str, int | None]]:
    """``{user_id: (reason, proposal_id)}`` for everyone who should hear of
    ``commitment``, in three queries."""
    proposals = list(
        Proposal.objects.listed()
        .filter(commitments=commitment)
        .values_list("pk", "author_id", "consultation_id")
    )
    if not proposals:
        return {}
    found: dict[int, tuple[str, int | None]] = {}
    for pk, author_id, _consultation in proposals:
        found.setdefault(author_id, (Reason.AUTHOR, pk))
    for user_id, proposal_id in Support.objects.filter(
        proposal_id__in=[p[0] for p in proposals]
    ).values_list("user_id", "proposal_id"):
        found.setdefault(user_id, (Reason.SUPPORTER, proposal_id))
    consultation_to_proposal = {c: pk for pk, _author, c in proposals}
    for user_id, page_id in Follow.objects.filter(
        page_id__in=list(consultation_to_proposal)
    ).values_list("user_id", "page_id"):
        found.setdefault(user_id, (Reason.FOLLOWER, consultation_to_proposal[page_id]))
    found.pop(exclude_user_id, None)
    return found


def commitment_changed(commitment, kind: str, actor=None) -> int:
    """Called by the services inside their transaction when ``commitment`` was created,
    edited, updated or changed status (``kind``); how many people will hear of it."""
    people = recipients(commitment, exclude_user_id=getattr(actor, "pk", None))
    NotificationItem.objects.bulk_create(
        [
            NotificationItem(
                user_id=user_id,
                commitment=commitment,
                proposal_id=proposal_id,
                kind=kind,
                reason=reason,
                status=commitment.status,
            )
            for user_id, (reason, proposal_id) in people.items()
        ]
    )
    return len(people)
