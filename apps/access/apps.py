from django.apps import AppConfig


class AccessConfig(AppConfig):
    """Who is asking: the client's address behind the proxies, and the login limits."""

    name = "apps.access"
    verbose_name = "Access"
