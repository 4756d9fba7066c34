"""The one way a service says no."""


class ActionRefused(Exception):
    """The person may not do this now; ``str(exc)`` says why, in words for them.

    Every app's services raise it (not an exception type of their own), so one view
    helper (``core.views.refused``) and one template answer every refusal alike.
    """
