"""biokg.nlp stage."""
