"""Who hears that a commitment changed: the author of each idea behind it, the people
who supported one, and the followers of the consultation it came from.

``commitment_changed`` adds one :class:`~accounts.models.NotificationItem` per person
(the first reason found: author, then supporter, then follower) to the outbox in the
service's transaction; ``accounts.digest`` emails them in at most one message per
person per period, with everything else they were told, and "What's new for you" lists
them.
"""

from accounts import digest
from accounts.models import Follow, NotificationItem
from consultations.models import Proposal, Support

Reason = NotificationItem.Reason


def recipients(commitment, exclude_user_id=None) -> dict[int, tuple[str, str]]:
    """``{user_id: (reason, the idea's title)}`` for everyone who should hear of
    ``commitment``, in three queries."""
    proposals = list(
        Proposal.objects.listed()
        .filter(commitments=commitment)
        .values_list("pk", "author_id", "consultation_id", "title")
    )
    if not proposals:
        return {}
    titles = {pk: title for pk, _author, _consultation, title in proposals}
    found: dict[int, tuple[str, str]] = {}
    for _pk, author_id, _consultation, title in proposals:
        found.setdefault(author_id, (Reason.AUTHOR, title))
    for user_id, proposal_id in Support.objects.filter(proposal_id__in=list(titles)).values_list(
        "user_id", "proposal_id"
    ):
        found.setdefault(user_id, (Reason.SUPPORTER, titles[proposal_id]))
    consultation_to_title = {c: title for _pk, _author, c, title in proposals}
    for user_id, page_id in Follow.objects.filter(
        page_id__in=list(consultation_to_title)
    ).values_list("user_id", "page_id"):
        found.setdefault(user_id, (Reason.FOLLOWER, consultation_to_title[page_id]))
    found.pop(exclude_user_id, None)
    return found


def commitment_changed(commitment, kind: str, actor=None) -> int:
    """Called by the services inside their transaction when ``commitment`` was created,
    edited, updated or changed status (``kind``); how many people will hear of it."""
    people = recipients(commitment, exclude_user_id=getattr(actor, "pk", None))
    return digest.add(
        [
            NotificationItem(
                user_id=user_id,
                kind=kind,
                reason=reason,
                title=commitment.title[:200],
                url=commitment.get_absolute_url(),
                via=idea[:200],
                status=commitment.status,
            )
            for user_id, (reason, idea) in people.items()
        ]
    )
