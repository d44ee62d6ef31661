"""Garbage-collector settings for a process that serves pages.

A timeline request allocates tens of thousands of short-lived objects. With
CPython's default threshold (700 allocations) the collector runs several times
per request and, every so often, walks every object the process holds.
Freezing what start-up created (modules, settings, URL patterns: it lives as
long as the process) and collecting the young generation less often makes the
collector's share of a request small (``gc.callbacks`` measure it; ``make
benchmark`` times pages the same way). Reference cycles are still collected,
only in larger batches.
"""

import gc
from contextlib import contextmanager

YOUNG_GENERATION_THRESHOLD = 20_000


def tune_for_serving() -> None:
    """Call once the application is loaded (``wsgi.py``, ``asgi.py``; the benchmark times
    pages the same way through ``serving_gc``)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, 10, 10)


@contextmanager
def serving_gc():
    """``tune_for_serving`` for a while (the benchmark, run by the suite too), then undone
    (everything frozen is unfrozen, whoever froze it: nothing else here freezes)."""
    threshold = gc.get_threshold()
    tune_for_serving()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
