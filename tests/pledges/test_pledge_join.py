"""Joining conditional pledges: one click, one join per person, exact counts, success once."""

from collections import Counter

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from core.exceptions import ActionRefused
from core.models import AuditEvent
from pledges import services
from pledges.models import Pledge, PledgeJoin
from tests.concurrency import run_at_once
from tests.factories import ConditionalPledgeFactory, PledgeFactory, VerifiedUserFactory

C = Pledge.Condition


def _join_url(pledge):
    return reverse("pledges:join", kwargs={"pk": pledge.pk})


@pytest.mark.django_db
def test_join_with_a_form_post_and_redirect(client, goal, resident):
    pledge = ConditionalPledgeFactory(goal=goal, threshold=3)
    client.force_login(resident)
    response = client.post(_join_url(pledge), {"next": goal.url})
    assert response.status_code == 302
    assert response["Location"] == goal.url
    pledge.refresh_from_db()
    assert pledge.join_count == 1
    assert PledgeJoin.objects.filter(pledge=pledge, user=resident).exists()


@pytest.mark.django_db
def test_join_ignores_an_offsite_next(client, goal, resident):
    pledge = ConditionalPledgeFactory(goal=goal)
    client.force_login(resident)
    response = client.post(_join_url(pledge), {"next": "https://evil.example/"})
    assert response["Location"] == pledge.get_absolute_url()


@pytest.mark.django_db
def test_join_with_htmx_returns_the_widget(client, goal, resident):
    pledge = ConditionalPledgeFactory(goal=goal, threshold=3)
    client.force_login(resident)
    response = client.post(_join_url(pledge), HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert response.status_code == 200
    assert f'id="pledge-join-{pledge.pk}"' in content
    assert "You have joined this pledge." in content
    assert "1 of 3 people have joined" in content
    assert "<html" not in content


@pytest.mark.django_db
def test_joining_twice_keeps_one_join(client, goal, resident):
    pledge = ConditionalPledgeFactory(goal=goal)
    client.force_login(resident)
    client.post(_join_url(pledge))
    client.post(_join_url(pledge))
    pledge.refresh_from_db()
    assert pledge.join_count == 1
    assert PledgeJoin.objects.count() == 1


@pytest.mark.django_db
def test_anonymous_and_unverified_cannot_join(client, goal, unverified_user):
    pledge = ConditionalPledgeFactory(goal=goal)
    assert client.post(_join_url(pledge)).status_code == 302  # to sign in
    client.force_login(unverified_user)
    assert client.post(_join_url(pledge)).status_code == 403
    assert not PledgeJoin.objects.exists()


@pytest.mark.django_db
def test_author_cannot_join_own_pledge_and_unconditional_cannot_be_joined(client, goal):
    pledge = ConditionalPledgeFactory(goal=goal)
    plain = PledgeFactory(goal=goal)
    client.force_login(pledge.author)
    client.post(_join_url(pledge))
    client.post(_join_url(plain))
    assert not PledgeJoin.objects.exists()


@pytest.mark.django_db
def test_leave_while_open_but_not_after_success(
    client, goal, resident, django_capture_on_commit_callbacks
):
    pledge = ConditionalPledgeFactory(goal=goal, threshold=2)
    client.force_login(resident)
    client.post(_join_url(pledge))
    client.post(reverse("pledges:leave", kwargs={"pk": pledge.pk}))
    pledge.refresh_from_db()
    assert pledge.join_count == 0
    assert not PledgeJoin.objects.exists()

    client.post(_join_url(pledge))
    with django_capture_on_commit_callbacks(execute=True):
        services.join_pledge(VerifiedUserFactory(), pledge.pk)
    pledge.refresh_from_db()
    assert pledge.condition == C.SUCCEEDED
    response = client.post(reverse("pledges:leave", kwargs={"pk": pledge.pk}), follow=True)
    assert "settled" in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.join_count == 2


@pytest.mark.django_db
def test_success_at_the_nth_join_emails_everyone_once_and_late_joiners_once(
    goal, django_capture_on_commit_callbacks
):
    pledge = ConditionalPledgeFactory(goal=goal, threshold=3)
    people = [VerifiedUserFactory() for _ in range(4)]
    results = []
    for person in people:
        with django_capture_on_commit_callbacks(execute=True):
            results.append(services.join_pledge(person, pledge.pk))

    assert [result.succeeded_now for result in results] == [False, False, True, False]
    pledge.refresh_from_db()
    assert (pledge.condition, pledge.join_count) == (C.SUCCEEDED, 4)
    recipients = Counter(address for message in mail.outbox for address in message.to)
    assert recipients == Counter([pledge.author.email, *(person.email for person in people)])
    assert all(message.subject.startswith("It’s on") for message in mail.outbox)

    # Re-running the task (a retry, a second worker) sends nothing more.
    from pledges.tasks import notify_pledge_outcome

    notify_pledge_outcome.enqueue(pledge.pk)
    assert len(mail.outbox) == 5


@pytest.mark.django_db
def test_no_joining_after_the_deadline_or_once_lapsed(goal, resident):
    import datetime

    from django.utils import timezone

    pledge = ConditionalPledgeFactory(
        goal=goal, join_deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(ActionRefused):
        services.join_pledge(resident, pledge.pk)
    Pledge.objects.filter(pk=pledge.pk).update(condition=C.LAPSED)
    with pytest.raises(ActionRefused):
        services.join_pledge(resident, pledge.pk)
    assert not PledgeJoin.objects.exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so threads prove nothing",
)
@pytest.mark.django_db(transaction=True)
def test_thirty_simultaneous_joins_of_a_pledge_needing_ten(home_page):
    from tests.factories.pledges import make_goal

    goal = make_goal()
    pledge = ConditionalPledgeFactory(goal=goal, threshold=10)
    people = [VerifiedUserFactory() for _ in range(30)]
    results, errors = run_at_once(
        [lambda person=person: services.join_pledge(person, pledge.pk) for person in people]
    )
    succeeded = [result for result in results if result is not None and result.succeeded_now]

    assert errors == []
    pledge.refresh_from_db()
    assert PledgeJoin.objects.filter(pledge=pledge).count() == 30
    assert pledge.join_count == 30
    assert pledge.condition == C.SUCCEEDED
    assert len(succeeded) == 1
    assert (
        AuditEvent.objects.filter(action="pledge.condition", target_id=str(pledge.pk)).count() == 1
    )
    # One set of emails: the pledger and each of the 30 joiners, exactly once each.
    recipients = Counter(address for message in mail.outbox for address in message.to)
    assert recipients == Counter([pledge.author.email, *(person.email for person in people)])


@pytest.mark.django_db
def test_an_unverified_person_is_refused_on_the_refusal_page(client, goal, unverified_user):
    pledge = ConditionalPledgeFactory(goal=goal)
    client.force_login(unverified_user)
    response = client.post(_join_url(pledge))
    assert response.status_code == 403
    assert "core/refused.html" in [template.name for template in response.templates]
    assert "Verify your email address before you join a pledge." in response.content.decode()


@pytest.mark.django_db
def test_a_refused_join_is_said_in_the_widget(client, goal, resident):
    import datetime

    from django.utils import timezone

    pledge = ConditionalPledgeFactory(
        goal=goal, join_deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(resident)
    response = client.post(_join_url(pledge), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "This pledge is not taking new people." in response.content.decode()
    assert not PledgeJoin.objects.exists()
