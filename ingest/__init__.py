"""biokg.ingest stage."""
