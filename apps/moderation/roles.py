"""The two editorial roles and the permissions that make them."""

EDITORS = "Editors"
REVIEWERS = "Reviewers"

# Entry models as of the migration that grants their permissions; a test
# checks that every registered entry model is covered.
CONTENT_MODELS = [
    ("sources", "source"),
    ("actors", "actor"),
    ("places", "place"),
    ("article", "article"),
    ("article", "passage"),
    ("events", "event"),
    ("events", "troopestimate"),
    ("reactions", "reaction"),
    ("weapons", "weaponsystem"),
    ("weapons", "weaponreport"),
    ("corrections", "correction"),
    ("synonyms", "synonymset"),
]


def role_permissions(content_models=CONTENT_MODELS) -> dict[str, list[tuple[str, str]]]:
    """Group name → (app_label, codename) of each permission it holds."""
    editing = [
        (app_label, f"{action}_{model}")
        for app_label, model in content_models
        for action in ("add", "change", "delete", "view")
    ]
    queue = [
        ("moderation", "view_changerequest"),
        ("moderation", "view_decision"),
        ("moderation", "view_changeset"),
    ]
    return {
        EDITORS: editing + queue,
        REVIEWERS: editing + queue + [("moderation", "review_changerequest")],
    }


def sync_groups(apps) -> None:
    """Create or update the groups with exactly their permissions (migrations call this)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in wanted
            # A migration made before a model existed leaves its permissions to a later one.
            if _exists(apps, app_label, codename.split("_", 1)[1])
        ]
        group.permissions.set(permissions)


def _exists(apps, app_label: str, model_name: str) -> bool:
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        return False
    return True
