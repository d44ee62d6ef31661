"""Bulk content for the scale tests (the benchmark's generator, at small sizes)."""

from apps.benchmark.synthetic import Scale, build


def grow(count: int, prefix: str = "bulk") -> dict:
    """About ``count`` of each kind of entry, all cited, with some history and pending changes."""
    return build(
        Scale(
            events=count,
            sources=max(count // 2, 5),
            reactions=count,
            systems=max(count // 10, 1),
            reports=count,
            versions=count,
            pending=min(count, 20),
            actors=10,
            places=5,
        ),
        prefix=prefix,
    )
