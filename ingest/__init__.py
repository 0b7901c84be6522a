"""biokg.ingest: articles from the web, PubMed, PMC/Europe PMC, feeds and local files → `Document`s.

from biokg.ingest import iter_documents, read_source
for item in iter_documents(["pmid:29155426", "story.txt"], settings):
    ...  # a Document, or a Failure(source, stage="ingest", reason) for a bad source
"""

from biokg.ingest.runner import Ingestor, iter_documents, read_source

__all__ = ["Ingestor", "iter_documents", "read_source"]
