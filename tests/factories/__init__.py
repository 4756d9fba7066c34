"""Test factories, one module per app; import them from ``tests.factories``."""

from .accounts import UserFactory, VerifiedUserFactory

__all__ = ["UserFactory", "VerifiedUserFactory"]
