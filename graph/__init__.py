"""biokg.graph stage."""
