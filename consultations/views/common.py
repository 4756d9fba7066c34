"""What the views of the app look up the same way: live consultations, and a proposal or
comment as the reader may see it (``visible_to``), or a 404."""

from django.shortcuts import get_object_or_404

from consultations.models import Comment, ConsultationPage, Proposal


def live_consultations():
    return ConsultationPage.objects.live().public().prefetch_related("phases")


def proposal_or_404(request, pk):
    return get_object_or_404(
        Proposal.objects.visible_to(request.user)
        .select_related("consultation", "author", "organisation", "merged_into")
        .prefetch_related("consultation__phases"),
        pk=pk,
    )


def proposal_to_act_on_or_404(request, pk):
    """As :func:`proposal_or_404` with only what the permissions ask (its consultation
    and phases), for a POST that acts on it: joining the author, the organisation and a
    merged idea cost most of a comment POST's lookup, and the page shown again after an
    error loads its own."""
    return get_object_or_404(
        Proposal.objects.visible_to(request.user)
        .select_related("consultation")
        .prefetch_related("consultation__phases"),
        pk=pk,
    )


def comment_or_404(request, pk):
    return get_object_or_404(
        Comment.objects.visible_to(request.user).select_related("proposal__consultation", "author"),
        pk=pk,
    )
