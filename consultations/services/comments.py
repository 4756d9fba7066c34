"""Commenting on an idea (one level of replies) and editing a comment."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from consultations import permissions
from consultations.models import PUBLIC_STATES, Comment, ModerationState, Proposal
from consultations.services.common import clean_text, initial_state, now_or
from core.exceptions import ActionRefused
from core.locks import create_unless_repeated


def comment_count_delta(old_state, new_state):
    """How ``comment_count`` (comments the public sees, as text or as a placeholder)
    changes when a comment moves between moderation states."""
    return int(new_state in PUBLIC_STATES) - int(old_state in PUBLIC_STATES)


def add_comment(user, proposal, *, body, parent=None, at=None):
    """Comment on a proposal, or reply to a comment (replies to a reply attach to the
    top-level comment: one level of replies). ``proposal`` comes with its consultation
    and phases, as the view loaded them."""
    at = now_or(at)
    body = clean_text(body, "body", 3000, label=_("a comment"))
    if not permissions.can_comment(user, proposal, at):
        raise ActionRefused(_("Comments are closed on this proposal."))
    if parent is not None:
        if parent.proposal_id != proposal.pk:
            raise ValidationError({"parent": _("That comment belongs to another proposal.")})
        if parent.parent_id is not None:
            parent = parent.parent
        if parent.moderation_state != ModerationState.PUBLISHED:
            # A hidden, rejected or pending comment is not there to answer: a reply would
            # put words next to a placeholder, or answer what a moderator took down.
            raise ValidationError(
                {"parent": _("That comment is not shown any more, so it cannot be replied to.")}
            )
    with transaction.atomic():
        comment, created = create_unless_repeated(
            user,
            Comment.objects.filter(
                proposal=proposal,
                author=user,
                parent=parent,
                body=body,
            ),
            lambda: Comment.objects.create(
                proposal=proposal,
                author=user,
                parent=parent,
                body=body,
                moderation_state=initial_state(proposal.consultation),
            ),
            at=at,
        )
        if created and comment.moderation_state in PUBLIC_STATES:
            Proposal.objects.filter(pk=proposal.pk).update(comment_count=F("comment_count") + 1)
    return comment


def edit_comment(user, comment, *, body, at=None):
    at = now_or(at)
    body = clean_text(body, "body", 3000, label=_("a comment"))
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if not permissions.can_edit_comment(user, comment, at):
            raise ActionRefused(_("This comment can no longer be edited."))
        if comment.body != body:
            comment.body, comment.edited_at = body, at
            comment.save(update_fields=["body", "edited_at"])
    return comment
