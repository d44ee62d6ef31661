"""The login limits, beyond django-axes' lock-out of one account from one address.

django-axes records every failed login (``AccessAttempt``: account, address, count,
time of the latest) and locks an (account, address) pair out after
``AXES_FAILURE_LIMIT`` failures. Two more limits read the same records:

- **per address, across accounts** (password spraying): an address, or an IPv6 /64,
  with ``LOGIN_FAILURES_PER_ADDRESS`` failures in the cool-off window is refused for
  every account until the window has passed since its latest failure;
- **per account, across addresses** (a distributed guess at one password): past
  ``LOGIN_FAILURES_PER_ACCOUNT`` failures the account is *slowed down*, not locked:
  each further attempt waits twice as long after the latest failure as the one before,
  up to ``LOGIN_SLOWDOWN_MAX``. A browser that has logged in to that account before
  (it carries a signed cookie saying so) is not slowed down, so an attack on a
  reviewer's name does not keep the reviewer out.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


class Reason:
    ACCOUNT_AT_ADDRESS = "account_at_address"
    ADDRESS = "address"
    ACCOUNT = "account"


@dataclass(frozen=True, slots=True)
class Refusal:
    reason: str
    retry_at: datetime

    def retry_after_seconds(self, now: datetime) -> int:
        return max(1, int((self.retry_at - now).total_seconds() + 0.999))


def _failures(**lookup) -> tuple[int, datetime | None]:
    window_start = timezone.now() - settings.AXES_COOLOFF_TIME
    totals = AccessAttempt.objects.filter(attempt_time__gte=window_start, **lookup).aggregate(
        failures=Sum("failures_since_start"), latest=Max("attempt_time")
    )
    return totals["failures"] or 0, totals["latest"]


def slowdown(failures: int) -> timedelta:
    """How long an account waits after its latest failure, past the limit."""
    excess = min(failures - settings.LOGIN_FAILURES_PER_ACCOUNT, 30)  # 2**30 s: past any cap
    return min(timedelta(seconds=2**excess), settings.LOGIN_SLOWDOWN_MAX)


def login_refusal(*, username: str, address: str, known_browser: bool) -> Refusal | None:
    """Why a login attempt is refused before the password is even checked, if it is."""
    now = timezone.now()
    failures, latest = _failures(ip_address=address)
    if failures >= settings.LOGIN_FAILURES_PER_ADDRESS:
        return Refusal(Reason.ADDRESS, latest + settings.AXES_COOLOFF_TIME)
    if known_browser or not username:
        return None
    failures, latest = _failures(username=username)
    if failures >= settings.LOGIN_FAILURES_PER_ACCOUNT and now < latest + slowdown(failures):
        return Refusal(Reason.ACCOUNT, latest + slowdown(failures))
    return None


def lockout(*, username: str, address: str) -> Refusal:
    """django-axes' lock-out of this account from this address, and when it ends."""
    _, latest = _failures(username=username, ip_address=address)
    ends = (latest or timezone.now()) + settings.AXES_COOLOFF_TIME
    return Refusal(Reason.ACCOUNT_AT_ADDRESS, ends)
