"""Who may do what in the goals app: plain predicates, one module per area."""
