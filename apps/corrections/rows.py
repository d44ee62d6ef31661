"""What the public pages show of a correction."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CorrectionRow:
    slug: str
    day: datetime.date
    day_label: str  # in the page's language: 2024年12月1日
    note: str
    entry: str  # the corrected entry, as readers name it
    entry_url: str
    previous_url: str  # the entry's page as readers saw it until the correction
    published_at: datetime.datetime
