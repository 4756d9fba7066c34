"""Views of the goals app, one module per area (organisations, memberships, pledges, open data)."""
