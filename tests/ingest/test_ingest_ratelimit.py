"""Pacing, measured on the server: NCBI's 3 requests/s (10 with a key) across threads, and a
per-host limit that still lets different hosts proceed side by side."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from biokg.ingest import Ingestor, iter_documents
from biokg.ingest.ratelimit import RateLimiter

# Timestamps are taken when the server reads the request line; a loaded machine (2 shared
# cores) can delay one arrival by ~0.1s, so spans are checked with that much slack.
SLACK = 0.12


def _spans(times, k):
    """Time covered by every run of k+1 consecutive requests (k intervals)."""
    times = sorted(times)
    return [times[i + k] - times[i] for i in range(len(times) - k)]


def test_limiter_spaces_slots_per_key_with_a_fake_clock():
    now = [100.0]
    slept = []

    def sleep(seconds):
        slept.append(round(seconds, 6))
        now[0] += seconds

    limiter = RateLimiter(default_rate=None, clock=lambda: now[0], sleep=sleep)
    limiter.set_rate("ncbi", 3.0)
    for _ in range(4):
        limiter.acquire("ncbi")
    limiter.acquire("other")  # unlimited key: never waits
    assert slept == [0.333333, 0.333333, 0.333333]


def test_ncbi_limit_holds_across_threads_without_a_key(services, tmp_path):
    settings = services.settings(tmp_path, ncbi_rate=None, eutils_batch=1)
    ingestor = Ingestor(settings)
    sources = ["pmid:1001,1002", "pmid:1003", "doi:10.1038/nm.4441"]
    try:
        with ThreadPoolExecutor(max_workers=3) as pool:
            results = list(pool.map(ingestor.read, sources))
    finally:
        ingestor.close()
    assert [[d.pmid for d in r] for r in results] == [["1001", "1002"], ["1003"], ["29155426"]]
    ncbi = services.times("/eutils/") + services.times("/idconv/")
    assert len(ncbi) == 5  # three efetch, one idconv, one efetch
    # NCBI's rule: no more than 3 requests in any one second
    assert min(_spans(ncbi, 3)) >= 1.0 - SLACK


def test_ncbi_limit_is_ten_per_second_with_an_api_key(services, tmp_path):
    settings = services.settings(tmp_path, ncbi_rate=None, ncbi_api_key="k", eutils_batch=1)
    pmids = ",".join(str(i) for i in range(1001, 1013))  # 1006-1012 are unknown: still requests
    list(iter_documents([f"pmid:{pmids}"], settings))
    times = services.times("/eutils/efetch.fcgi")
    assert len(times) == 12
    assert min(_spans(times, 10)) >= 1.0 - SLACK
    assert max(times) - min(times) < 11 / 3  # faster than the keyless 3/s


def test_per_host_limit_and_concurrency_across_hosts(services, tmp_path):
    settings = services.settings(tmp_path, per_host_rate=5.0, ingest_workers=4)
    one = [services.url(f"/news/item-{i}") for i in (1, 2, 3)]
    two = [services.alt_base + f"/news/item-{i}" for i in (4, 5, 6)]
    docs = list(iter_documents(one + two, settings))
    assert [d.title for d in docs] == [f"Story number {i}" for i in range(1, 7)]
    host_one = sorted(h.at for h in services.hits if h.host.startswith("127.0.0.1"))
    host_two = sorted(h.at for h in services.hits if h.host.startswith("localhost"))
    assert len(host_one) == len(host_two) == 4  # robots.txt + three pages each
    assert min(_spans(host_one, 3)) >= 0.6 - SLACK
    assert min(_spans(host_two, 3)) >= 0.6 - SLACK
    # the second host did not wait for the first one to finish
    assert host_two[0] < host_one[-1]


def test_robots_crawl_delay_slows_the_host_down(services, tmp_path):
    services.static(
        "/robots.txt", b"User-agent: *\nCrawl-delay: 1\nDisallow: /private/\n", "text/plain"
    )
    settings = services.settings(tmp_path, per_host_rate=0.0, ingest_workers=2)
    sources = [services.url("/news/item-1"), services.url("/news/item-2")]
    assert len(list(iter_documents(sources, settings))) == 2
    pages = services.times("/news/")
    assert min(_spans(pages, 1)) >= 1.0 - SLACK
