import logging
import time
import unicodedata

from django.conf import settings
from django.urls import reverse

from .addresses import client_address, subscriber_address
from .limits import login_refusal
from .responses import KNOWN_BROWSER_COOKIE, KNOWN_BROWSER_SALT, too_many_attempts

access_log = logging.getLogger("access")

# A browser is remembered for an account this long after it last logged in to it.
KNOWN_BROWSER_MAX_AGE = 90 * 24 * 3600


class LoginLimitMiddleware:
    """Refuses a login attempt that a limit forbids before the password is checked, and
    remembers the browsers that logged in, which the per-account slowdown spares."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_login = request.method == "POST" and request.path_info == reverse("admin:login")
        if is_login:
            username = login_name(request.POST.get("username", ""))
            refusal = login_refusal(
                username=username,
                address=subscriber_address(request),
                known_browser=bool(username) and known_browser_of(request) == username,
            )
            if refusal:
                return too_many_attempts(request, refusal)
        response = self.get_response(request)
        if is_login and response.status_code == 302 and request.user.is_authenticated:
            response.set_signed_cookie(
                KNOWN_BROWSER_COOKIE,
                request.user.get_username(),
                salt=KNOWN_BROWSER_SALT,
                max_age=KNOWN_BROWSER_MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


def login_name(raw: str) -> str:
    """The account name as the login form reads it (stripped, NFKC: 「ｂｏｂ 」 is bob), so that
    a limit cannot be dodged by writing the same name another way."""
    return unicodedata.normalize("NFKC", raw.strip())


def known_browser_of(request) -> str | None:
    """The account this browser last logged in to, if its cookie is ours and recent."""
    return request.get_signed_cookie(
        KNOWN_BROWSER_COOKIE, default=None, salt=KNOWN_BROWSER_SALT, max_age=KNOWN_BROWSER_MAX_AGE
    )


class AccessLogMiddleware:
    """One line per request with the client's address as read through the proxies
    (gunicorn's own access log can only show the balancer's). On with ``ACCESS_LOG=1``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        access_log.info(
            '%s "%s %s" %s %.1fms',
            client_address(request) or "-",
            request.method,
            request.get_full_path(),
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        return response
