"""biokg.queries stage."""
