"""The page a refused login gets: 429, in the admin's look, saying when to try again."""

from django.contrib import admin
from django.shortcuts import render
from django.utils import timezone

from .addresses import subscriber_address
from .limits import Refusal, lockout

KNOWN_BROWSER_COOKIE = "known_login"
KNOWN_BROWSER_SALT = "apps.access.known-login"


def too_many_attempts(request, refusal: Refusal):
    now = timezone.now()
    seconds = refusal.retry_after_seconds(now)
    context = {
        **admin.site.each_context(request),
        "title": None,
        "is_nav_sidebar_enabled": False,  # the visitor is not logged in: nothing to list
        "reason": refusal.reason,
        "retry_at": refusal.retry_at,
        "retry_minutes": (seconds + 59) // 60,
        "retry_seconds": seconds,
    }
    response = render(request, "access/too_many_attempts.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def axes_lockout(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: axes' lock-out, on the same page as the other limits."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return too_many_attempts(
        request, lockout(username=username, address=subscriber_address(request))
    )
