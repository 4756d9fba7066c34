"""Background work of the consultations app (django-tasks).

Services enqueue these with ``transaction.on_commit`` so nothing is sent for a change
that was rolled back. Each task is safe to run twice: ``notifications.send_once`` records
every email by (person, occasion) and skips what was already sent.

What a person took part in or follows (a response to their idea, a phase opening, "you
said, we did") goes through their outbox (``accounts.digest.deliver``): in their daily
or weekly digest, or its own email at once for "immediately", or only on "What's new
for you" for "never". Emails about a person's own action (moderation, a survey receipt)
are sent as they happen.

Run ``manage.py send_phase_emails`` every few minutes (cron, a systemd timer, or the
platform's scheduler) to tell followers that a phase has opened.
"""

from functools import partial

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from accounts import digest
from accounts.models import Follow, NotificationItem, User
from consultations import unsubscribe
from consultations.models import (
    ConsultationPage,
    ConsultationResponsePage,
    ModerationEvent,
    Phase,
    Proposal,
    SurveyResponse,
)
from consultations.survey_answers import answer_text, asked_questions
from core import emails as notifications


@task()
def email_author_about_moderation(event_id: int) -> bool:
    """Tell an author what a moderator did to their proposal or comment, and why."""
    event = (
        ModerationEvent.objects.select_related(
            "proposal__author", "comment__author", "comment__proposal"
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return False
    item = event.proposal or event.comment
    if item is None:
        return False
    proposal = event.proposal or event.comment.proposal
    return notifications.send_once(
        item.author,
        f"moderation:{event.pk}",
        notifications.subject_line(_("A moderator reviewed what you wrote")),
        "consultations/email/moderation.txt",
        {
            "event": event,
            "item": item,
            "is_comment": event.comment_id is not None,
            "url": notifications.absolute(proposal.get_absolute_url()),
            "contact": notifications.contact_address(),
        },
        # An appeal ("reply to this email") must reach a monitored address, not the
        # no-reply sender.
        reply_to=notifications.contact_address(),
    )


@task()
def email_response_to_participants(proposal_id: int, status: str) -> int:
    """Tell a proposal's author and supporters about its official status and response.

    Once per person per (proposal, status): a second run, or a double-click, sends nothing.
    """
    proposal = (
        Proposal.objects.select_related("consultation", "author").filter(pk=proposal_id).first()
    )
    if proposal is None or proposal.status != status:
        return 0
    people = (
        User.objects.filter(Q(pk=proposal.author_id) | Q(supports__proposal=proposal))
        .filter(email_on_response=True, is_active=True, anonymised_at__isnull=True)
        .distinct()
    )
    url = notifications.absolute(proposal.get_absolute_url())
    key = f"response:{proposal.pk}:{status}"
    sent = 0
    for person in people.iterator():
        is_author = person.pk == proposal.author_id
        sent += digest.deliver(
            person,
            key=key,
            kind=NotificationItem.Kind.RESPONSE,
            reason=NotificationItem.Reason.AUTHOR
            if is_author
            else NotificationItem.Reason.SUPPORTER,
            title=proposal.title[:200],
            url=proposal.get_absolute_url(),
            status=status,
            send_now=partial(_email_response, person, proposal, key, url),
        )
    return sent


def _email_response(person, proposal, key: str, url: str) -> bool:
    is_author = person.pk == proposal.author_id
    return notifications.send_once(
        person,
        key,
        notifications.subject_line(
            _("Your idea “%(title)s” has a response") % {"title": proposal.title[:60]}
            if is_author
            else _("An idea you supported has a response")
        ),
        "consultations/email/response.txt",
        {"proposal": proposal, "is_author": is_author, "url": url},
        unsubscribe=unsubscribe.unsubscribe_url(person, unsubscribe.UNSUBSCRIBE_RESPONSES),
    )


def _email_followers_news(user, consultation, key: str, subject, template: str, context):
    """One email to a follower of ``consultation``, with the link that stops them following."""
    return notifications.send_once(
        user,
        key,
        notifications.subject_line(subject),
        template,
        {"consultation": consultation, **context},
        unsubscribe=unsubscribe.unsubscribe_url(
            user, unsubscribe.UNSUBSCRIBE_FOLLOW, consultation.pk
        ),
    )


def _followers(consultation, before=None):
    follows = Follow.objects.filter(
        page_id=consultation.pk,
        user__is_active=True,
        user__anonymised_at__isnull=True,
    ).select_related("user")
    if before is not None:
        # Only people who were already following when it happened.
        follows = follows.filter(created_at__lt=before)
    return follows


@task()
def email_phase_openings(at: str | None = None) -> int:
    """Email each follower once for each phase that has opened and is still open.

    Only people who followed before the phase opened are told (a new follower sees the
    open phase on the page). Returns the number of emails sent.
    """
    now = timezone.now() if at is None else timezone.datetime.fromisoformat(at)
    phases = Phase.objects.filter(
        starts_at__lte=now,
        ends_at__gt=now,
        consultation__live=True,
    ).select_related("consultation")
    sent = 0
    for phase in phases:
        consultation = phase.consultation
        url = notifications.absolute(consultation.url or "/")
        for follow in _followers(consultation, before=phase.starts_at).filter(
            user__email_on_phase=True
        ):
            key = f"phase-open:{phase.pk}"
            sent += digest.deliver(
                follow.user,
                key=key,
                kind=NotificationItem.Kind.PHASE,
                reason=NotificationItem.Reason.FOLLOWER,
                title=consultation.title[:200],
                url=consultation.url or "/",
                status=phase.action,
                send_now=partial(
                    _email_followers_news,
                    follow.user,
                    consultation,
                    key,
                    _("%(consultation)s: %(phase)s is open")
                    % {"consultation": consultation.title, "phase": phase.get_action_display()},
                    "consultations/email/phase_open.txt",
                    {"phase": phase, "url": url},
                ),
            )
    return sent


@task()
def email_response_published(response_page_id: int) -> int:
    """Tell a consultation's followers that its "you said, we did" response is published."""
    page = ConsultationResponsePage.objects.live().filter(pk=response_page_id).first()
    if page is None:
        return 0
    consultation = ConsultationPage.objects.filter(pk=page.get_parent().pk).first()
    if consultation is None:
        return 0
    url = notifications.absolute(page.url or "/")
    sent = 0
    key = f"response-page:{page.pk}"
    for follow in _followers(consultation):
        sent += digest.deliver(
            follow.user,
            key=key,
            kind=NotificationItem.Kind.PUBLISHED,
            reason=NotificationItem.Reason.FOLLOWER,
            title=consultation.title[:200],
            url=page.url or "/",
            send_now=partial(
                _email_followers_news,
                follow.user,
                consultation,
                key,
                _("%(consultation)s: you said, we did") % {"consultation": consultation.title},
                "consultations/email/response_published.txt",
                {"page": page, "url": url},
            ),
        )
    return sent


__all__ = [
    "email_author_about_moderation",
    "email_phase_openings",
    "email_response_published",
    "email_response_to_participants",
]


@task()
def email_survey_receipt(response_id: int, first: bool) -> bool:
    """Send a person a copy of the answers they sent (a receipt for each send)."""
    response = (
        SurveyResponse.objects.select_related("respondent", "version", "consultation")
        .filter(pk=response_id, status=SurveyResponse.Status.SUBMITTED)
        .first()
    )
    if response is None or response.respondent is None or response.version is None:
        return False
    answers = [
        {"label": question["label"], "text": answer_text(question, response.answers)}
        for question in asked_questions(response.version.sections, response.answers)
    ]
    consultation = response.consultation
    return notifications.send_once(
        response.respondent,
        f"survey:{response.pk}:{response.submitted_at:%Y%m%d%H%M%S%f}",
        notifications.subject_line(
            _("Your answers to “%(title)s”") % {"title": consultation.title}
            if first
            else _("Your changed answers to “%(title)s”") % {"title": consultation.title}
        ),
        "consultations/email/survey_receipt.txt",
        {
            "response": response,
            "consultation": consultation,
            "answers": answers,
            "first": first,
            "url": notifications.absolute(reverse("consultations:survey", args=[consultation.pk])),
        },
    )
