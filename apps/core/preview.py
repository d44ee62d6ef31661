"""A public page rendered as a preview of what is not published yet.

The editorial desk renders the public views with proposed changes written into the tables
(and rolled back afterwards); while it does, ``current_preview()`` says so, and the base
layout shows the banner, asks search engines not to index the page and leaves out what a
reader would follow away from it.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PreviewLink:
    label: str
    url: str
    current: bool = False


@dataclass(frozen=True, slots=True)
class Preview:
    """What the banner says: what is previewed, where to go back, the other pages to see."""

    title: str
    back_url: str
    links: tuple[PreviewLink, ...] = ()
    warnings: tuple[str, ...] = ()


_current: ContextVar[Preview | None] = ContextVar("preview", default=None)


@contextmanager
def previewing(preview: Preview) -> Iterator[None]:
    token = _current.set(preview)
    try:
        yield
    finally:
        _current.reset(token)


def current_preview() -> Preview | None:
    return _current.get()
