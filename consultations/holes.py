"""The personal holes of consultation pages (core.personal), each filled for the person
reading: what they may do on a consultation's page and a list of its ideas, their
supports left, each idea's support box, and on an idea's page what they may do with it
and its comments (the kept thread with their own links, and the comment form)."""

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import ngettext

from consultations import permissions, selectors
from consultations.forms import CommentForm
from consultations.fragments import (
    attach_support_html,
    personalise_thread,
    reader_thread_html,
    sees_more_than_public,
    shared_thread_html,
)
from consultations.models import PUBLIC_STATES, ConsultationPage, Proposal
from core import fragments
from core.permissions import can_take_part, has_verified_email
from core.personal import renderer


def _consultations(request, ids) -> dict[int, ConsultationPage]:
    """The consultations ``ids`` with their phases, once per request for all the page's
    holes (a list's header and its support boxes need the same one), and from the cache
    under the content version (loading a page is most of a small hole's cost)."""
    kept = request.__dict__.setdefault("_hole_consultations", {})
    for pk in set(ids) - kept.keys():
        kept[pk] = fragments.cached_value("hole-consultation", [pk], lambda pk=pk: _load(pk))
    return kept


def _load(pk):
    # Without the long fields (the survey's questions, the context): a hole needs the
    # phases and the rules.
    return (
        ConsultationPage.objects.filter(pk=pk)
        .defer("survey", "context", "question", "survey_intro", "search_description")
        .prefetch_related("phases")
        .first()
    )


def _ids(holes) -> list[int]:
    return [int(parts[0]) for parts in holes]


def keep_for_holes(request, proposal) -> None:
    """A proposal (with its consultation and phases) its view has loaded: the holes of
    the page it renders use it rather than load it again."""
    request.__dict__.setdefault("_hole_proposals", {})[proposal.pk] = proposal
    request.__dict__.setdefault("_hole_consultations", {})[proposal.consultation_id] = (
        proposal.consultation
    )


def _proposals(request, ids) -> dict[int, Proposal]:
    """The proposals ``ids`` with their consultations (and phases), loaded once per
    request for all the page's holes."""
    kept = request.__dict__.setdefault("_hole_proposals", {})
    missing = set(ids) - kept.keys()
    if missing:
        # Not the long texts: no hole shows them (the page or card does).
        loaded = list(Proposal.objects.filter(pk__in=missing).defer("body", "response"))
        consultations = _consultations(request, {p.consultation_id for p in loaded})
        for proposal in loaded:
            proposal.consultation = consultations[proposal.consultation_id]
            kept[proposal.pk] = proposal
    return kept


def _own_comments(request, proposal) -> list:
    """The reader's comments on ``proposal``, once per request (the shared page's check
    and the comments hole both need them)."""
    kept = request.__dict__.setdefault("_hole_own_comments", {})
    if proposal.pk not in kept:
        kept[proposal.pk] = selectors.own_comments(proposal, request.user)
    return kept[proposal.pk]


def sees_more_on_proposal_page(request, pk) -> bool:
    """The shared page's ``unless`` for an idea's page (``selectors.sees_more_on_proposal``),
    from what the page's holes load anyway: the idea and the reader's comments on it."""
    proposal = _proposals(request, [pk]).get(pk)
    if proposal is None:
        return False  # no such idea: the page is a 404 for everyone
    return selectors.sees_more_on_proposal(request.user, proposal, _own_comments(request, proposal))


@renderer("consultation_actions")
def consultation_actions(request, holes):
    """Propose (or sign in, or verify, to) and follow or stop following."""
    pages, at = _consultations(request, _ids(holes)), timezone.now()
    return [
        render_to_string(
            "consultations/holes/consultation_actions.html",
            selectors.consultation_actions_context(pages[int(parts[0])], request.user, at),
            request=request,
        )
        for parts in holes
    ]


@renderer("supports_left")
def supports_left(request, holes):
    """ " You have 2 supports left." after the timeline's support phase, for a signed-in
    person while supporting is open and the consultation has a limit."""
    if not request.user.is_authenticated:
        return ["" for _parts in holes]
    pages, at = _consultations(request, _ids(holes)), timezone.now()
    texts = []
    for parts in holes:
        left = selectors.supports_left_on_page(pages[int(parts[0])], request.user, at)
        texts.append(
            ""
            if left is None
            else " "
            + ngettext("You have %(left)s support left.", "You have %(left)s supports left.", left)
            % {"left": left}
        )
    return texts


@renderer("proposal_list_actions")
def proposal_list_actions(request, holes):
    """Above a consultation's ideas: "Propose an idea" and the person's supports left."""
    pages, at, user = _consultations(request, _ids(holes)), timezone.now(), request.user
    html = []
    for parts in holes:
        consultation = pages[int(parts[0])]
        html.append(
            render_to_string(
                "consultations/holes/proposal_list_actions.html",
                {
                    "consultation": consultation,
                    "can_propose": permissions.can_propose(user, consultation, at),
                    "supports_left": (
                        selectors.supports_left(user, consultation)
                        if user.is_authenticated
                        else None
                    ),
                },
                request=request,
            )
        )
    return html


@renderer("support")
def support(request, holes):
    """Each idea's support box: its count, and whether the person supports it, may
    support it or withdraw their support (one query for their supports on the page). On
    the idea's own page (``support:<id>:page``) also their supports left."""
    ids = _ids(holes)
    proposals = _proposals(request, ids)
    cards = selectors.proposal_cards(
        [proposals[pk] for pk in dict.fromkeys(ids) if pk in proposals],
        request.user,
        at=timezone.now(),
    )
    card_ids = {int(parts[0]) for parts in holes if parts[1:] != ["page"]}
    attach_support_html([card for card in cards if card.pk in card_ids], request)
    boxes = []
    for parts in holes:
        proposal = proposals.get(int(parts[0]))
        if proposal is None:
            boxes.append("")
        elif parts[1:] == ["page"]:
            boxes.append(_page_support_box(request, proposal))
        else:
            boxes.append(proposal.support_html)
    return boxes


def _page_support_box(request, proposal):
    user, consultation = request.user, proposal.consultation
    return render_to_string(
        "consultations/includes/support_button.html",
        {
            "proposal": proposal,
            "is_supported": proposal.is_supported,
            "can_support": proposal.user_can_support,
            "can_unsupport": proposal.user_can_unsupport,
            "support_open": proposal.support_open,
            "supports_left": (
                selectors.supports_left(user, consultation) if user.is_authenticated else None
            ),
        },
        request=request,
    )


@renderer("proposal_actions")
def proposal_actions(request, holes):
    """Under an idea: edit or withdraw it (its author, for a while), report it (others)."""
    proposals, user, at = _proposals(request, _ids(holes)), request.user, timezone.now()
    html = []
    for parts in holes:
        proposal = proposals[int(parts[0])]
        html.append(
            render_to_string(
                "consultations/holes/proposal_actions.html",
                {
                    "proposal": proposal,
                    "can_edit": permissions.can_edit_proposal(user, proposal, at),
                    "can_withdraw": permissions.can_withdraw_proposal(user, proposal, at),
                    "can_report": permissions.can_report(user, proposal, at),
                },
            )
        )
    return html


@renderer("comments")
def comments(request, holes):
    """An idea's page of comments and the comment form. A form the person sent back
    with errors comes on the request (``request.comment_form``, set by the comment
    view)."""
    proposals, user, at = _proposals(request, _ids(holes)), request.user, timezone.now()
    html = []
    for parts in holes:
        proposal = proposals[int(parts[0])]
        can_comment = permissions.can_comment(user, proposal, at)
        sent_back = getattr(request, "comment_form", None)
        html.append(
            render_to_string(
                "consultations/holes/comments.html",
                {
                    "proposal": proposal,
                    "comment_pages": _comment_pages(request, proposal, can_comment, at),
                    "can_comment": can_comment,
                    "needs_verification": user.is_authenticated and not has_verified_email(user),
                    "comment_form": sent_back or _blank_comment_form(proposal),
                },
                request=request,
            )
        )
    return html


def _comment_pages(request, proposal, can_comment, at):
    """The page of comments with its page links. What the public sees is kept under the
    content version for each kind of reader (may take part, may comment), and the
    reader's own links are put in (loading and keying a page of 200 comments and replies
    was most of an idea page's cost); a reader who sees more than the public (a
    moderator, an author of comments not published) gets it rendered for them."""
    user = request.user
    can_moderate = permissions.can_moderate(user, proposal, at)
    own = _own_comments(request, proposal)
    if proposal.moderation_state not in PUBLIC_STATES or sees_more_than_public(
        user, own, reader_moderates=can_moderate
    ):
        page_obj, shown = selectors.comment_page(proposal, user, request.GET)
        thread = reader_thread_html(
            proposal, shown, user, reader_moderates=can_moderate, can_comment=can_comment, at=at
        )
        return _render_comment_pages(request, page_obj, shown, thread, can_comment)
    take_part = can_take_part(user)
    kept = fragments.cached(
        "comment-pages",
        [
            proposal.pk,
            int(take_part),
            int(can_comment),
            timezone.get_current_timezone_name(),
            request.GET.urlencode(),
        ],
        lambda: _public_comment_pages(request, proposal, take_part, can_comment),
    )
    return personalise_thread(kept, user, own, at)


def _public_comment_pages(request, proposal, take_part, can_comment):
    page_obj, shown = selectors.comment_page(proposal, AnonymousUser(), request.GET)
    thread = shared_thread_html(
        proposal, page_obj, shown, take_part=take_part, can_comment=can_comment
    )
    return _render_comment_pages(request, page_obj, shown, thread, can_comment)


def _render_comment_pages(request, page_obj, shown, thread, can_comment):
    return render_to_string(
        "consultations/holes/comment_pages.html",
        {
            "comments": shown,
            "comment_thread": thread,
            "comment_page": page_obj,
            "can_comment": can_comment,
        },
        request=request,
    )


def _blank_comment_form(proposal):
    """The comment form before anything is typed: the same fields for every idea and
    person (the token is outside it), kept until the content changes."""
    return fragments.cached("comment-form-blank", [], lambda: str(CommentForm(proposal=proposal)))
