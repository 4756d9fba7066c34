"""The one signed-link helper: links already sent keep working, a link of one kind is
refused by another, and a tampered one is refused."""

import pytest
from django.core import signing

from accounts.digest import UNSUBSCRIBE_LINK as DIGEST_LINK
from consultations.unsubscribe import LINK as CONSULTATION_LINK
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_links_signed_before_the_helper_still_read():
    # Exactly how the two separate modules signed their tokens when first released.
    old_digest = signing.dumps({"u": 7}, salt="commitments.digest.unsubscribe")
    old_follow = signing.dumps({"u": 7, "k": "follow", "p": 3}, salt="consultations.unsubscribe")
    assert DIGEST_LINK.read(old_digest) == {"u": 7}
    assert CONSULTATION_LINK.read(old_follow) == {"u": 7, "k": "follow", "p": 3}


def test_a_link_is_refused_by_another_kind_and_when_tampered():
    user = UserFactory()
    digest_token = DIGEST_LINK.token(user)
    assert DIGEST_LINK.read(digest_token) == {"u": user.pk}
    assert CONSULTATION_LINK.read(digest_token) is None
    assert DIGEST_LINK.read(digest_token[:-2] + "xx") is None
    # Signed right, but not saying what a consultation link must: refused.
    assert CONSULTATION_LINK.read(CONSULTATION_LINK.token(user, k="everything")) is None
    assert DIGEST_LINK.url(user).startswith("http")
