"""The login limits, beyond django-axes' lock-out of one account from one address.

django-axes records every failed login (``AccessAttempt``: account, address, count,
time of the latest) and locks an (account, address) pair out after
``AXES_FAILURE_LIMIT`` failures. Two more limits read the same records:

- **per address, across accounts** (password spraying): an address, or an IPv6 /64,
  that has failed for ``LOGIN_ACCOUNTS_PER_ADDRESS`` different accounts in the cool-off
  window is refused for every account until the window has passed since its latest
  failure. Accounts, not failures, are counted: a newsroom behind one address must not be
  shut out because one editor keeps mistyping (axes' lock-out of that pair covers it);
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
from django.db.models import Count, Max, Sum
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


def _failures(**lookup) -> dict:
    """Failures in the cool-off window: how many, for how many accounts, the latest."""
    window_start = timezone.now() - settings.AXES_COOLOFF_TIME
    totals = AccessAttempt.objects.filter(attempt_time__gte=window_start, **lookup).aggregate(
        failures=Sum("failures_since_start"),
        accounts=Count("username", distinct=True),
        latest=Max("attempt_time"),
    )
    return {**totals, "failures": totals["failures"] or 0}


def slowdown(failures: int) -> timedelta:
    """How long an account waits after its latest failure, past the limit."""
    excess = min(failures - settings.LOGIN_FAILURES_PER_ACCOUNT, 30)  # 2**30 s: past any cap
    return min(timedelta(seconds=2**excess), settings.LOGIN_SLOWDOWN_MAX)


def login_refusal(*, username: str, address: str, known_browser: bool) -> Refusal | None:
    """Why a login attempt is refused before the password is even checked, if it is.

    A browser that has logged in to the account before is spared both limits: neither
    someone spraying from the newsroom's shared address nor a distributed attack on a
    reviewer's name keeps the reviewer out (axes' lock-out of the pair still holds)."""
    if known_browser:
        return None
    from_address = _failures(ip_address=address)
    if from_address["accounts"] >= settings.LOGIN_ACCOUNTS_PER_ADDRESS:
        return Refusal(Reason.ADDRESS, from_address["latest"] + settings.AXES_COOLOFF_TIME)
    if not username:
        return None
    on_account = _failures(username=username)
    failures = on_account["failures"]
    if failures >= settings.LOGIN_FAILURES_PER_ACCOUNT:
        retry_at = on_account["latest"] + slowdown(failures)
        if timezone.now() < retry_at:
            return Refusal(Reason.ACCOUNT, retry_at)
    return None


def lockout(*, username: str, address: str) -> Refusal:
    """django-axes' lock-out of this account from this address, and when it ends."""
    latest = _failures(username=username, ip_address=address)["latest"]
    ends = (latest or timezone.now()) + settings.AXES_COOLOFF_TIME
    return Refusal(Reason.ACCOUNT_AT_ADDRESS, ends)
