"""Who hears that a commitment changed. Filled in by the digest (see ``commitments.digest``)."""


def commitment_changed(commitment, kind: str) -> None:
    """Called by the services inside their transaction when ``commitment`` was created,
    edited, updated or changed status (``kind``)."""
