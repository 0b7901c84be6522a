"""Options more than one command takes."""

from __future__ import annotations

import click

# Where `biokg run` and `biokg bulk-import` read and extract their sources (biokg.cluster).
scheduler_option = click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Read and extract SOURCES on the Dask cluster at ADDRESS (tcp://host:8786; env "
    "BIOKG_DASK_SCHEDULER); the graph is written from here.",
)
workers_option = click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Read and extract SOURCES on a local Dask cluster of N worker processes.",
)
