"""Writes of the goals app, one module per area; each function runs in one transaction."""
