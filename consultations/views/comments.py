"""Commenting on an idea, replying to a comment and editing one's comment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultations import permissions, selectors, services
from consultations.forms import CommentEditForm, CommentForm
from consultations.models import ModerationState
from consultations.views.common import comment_or_404, proposal_to_act_on_or_404
from consultations.views.proposals import proposal_detail
from core.abuse import rate_limit
from core.forms import service_errors_on
from core.views import refused


@require_POST
@login_required
@rate_limit("comment", limit=30, period=3600)
def comment(request, pk):
    proposal = proposal_to_act_on_or_404(request, pk)
    form = CommentForm(request.POST, proposal=proposal)
    if form.is_valid():
        with service_errors_on(form):
            new = services.add_comment(
                request.user,
                proposal,
                body=form.cleaned_data["body"],
                parent=form.cleaned_data.get("parent"),
            )
            if new.moderation_state == "pending":
                messages.success(request, _("Thank you. A moderator will check your comment."))
            return redirect(new.get_absolute_url())
    parent = form.cleaned_data.get("parent") if "parent" not in form.errors else None
    if parent is not None:
        return _reply_page(request, parent, form, status=400)
    return proposal_detail(request, pk, comment_form=form, status=400)


@login_required
def reply(request, pk):
    """A reply's own small page (a proposal page carries a link per comment, not a form):
    the comment replied to, and the form, which posts to :func:`comment`."""
    parent = comment_or_404(request, pk)
    if (
        parent.parent_id is not None
        or parent.moderation_state != ModerationState.PUBLISHED
        or not permissions.can_comment(request.user, parent.proposal)
    ):
        return refused(request, _("You cannot reply to this comment now."))
    form = CommentForm(initial={"parent": parent.pk}, proposal=parent.proposal)
    return _reply_page(request, parent, form)


def _reply_page(request, parent, form, status=200):
    form.fields["body"].label = _("Your reply")
    return render(
        request,
        "consultations/reply_form.html",
        {
            "page_title": _("Reply to %(name)s") % {"name": parent.author.public_name},
            "form": form,
            "parent": parent,
            "proposal": parent.proposal,
        },
        status=status,
    )


def comment_link(request, pk):
    """A comment's address: the page of its proposal's thread that shows it."""
    item = comment_or_404(request, pk)
    page = selectors.comment_page_number(item, request.user)
    query = f"?page={page}" if page > 1 else ""
    return redirect(f"{item.proposal.get_absolute_url()}{query}#comment-{item.pk}")


@login_required
def edit_comment(request, pk):
    item = comment_or_404(request, pk)
    if not permissions.can_edit_comment(request.user, item):
        return refused(request, _("This comment can no longer be edited."))
    if request.method == "POST":
        form = CommentEditForm(request.POST)
        if form.is_valid():
            with service_errors_on(form):
                services.edit_comment(request.user, item, body=form.cleaned_data["body"])
                return redirect(item.get_absolute_url())
    else:
        form = CommentEditForm(initial={"body": item.body})
    return render(
        request,
        "consultations/comment_form.html",
        {"page_title": _("Edit your comment"), "form": form, "comment": item},
        status=400 if form.errors else 200,
    )
