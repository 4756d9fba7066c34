"""The holes every page has, filled per request (core.personal): the messages."""

from django.contrib.messages import get_messages
from django.template.loader import render_to_string

from core.personal import one_by_one, renderer


@renderer("messages")
@one_by_one
def messages(request):
    """What the last action said ("Your idea is published"), shown once."""
    shown = list(get_messages(request))
    if not shown:
        return ""
    return render_to_string("core/holes/messages.html", {"messages": shown})
