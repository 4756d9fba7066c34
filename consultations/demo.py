"""Demo data for this part of Lowbridge; called by ``manage.py seed_demo``."""


def seed(stdout):
    """Create this app's demo content; safe to run again (it changes nothing the second time)."""
