from django.contrib.admin.apps import AdminConfig


class EditorialAdminConfig(AdminConfig):
    """Django's admin, on the editorial desk's site (``admin_site.EditorialAdminSite``)."""

    default_site = "apps.moderation.admin_site.EditorialAdminSite"
