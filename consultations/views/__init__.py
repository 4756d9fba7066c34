"""Thin views: read with selectors and ``visible_to``, write with services, ask the
permission predicates what to offer."""
