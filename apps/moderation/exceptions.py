"""Why a moderation action is refused; the message is shown to the user as is."""


class ModerationError(Exception):
    """A refused moderation action; the message is shown to the user as is."""


class AlreadyDecided(ModerationError):
    pass


class Conflict(ModerationError):
    """The entry was published again since the change was based on it."""


class Revised(ModerationError):
    """The change has a newer revision than the one the decision was made on."""


class NotAllowed(ModerationError):
    pass


class Claimed(ModerationError):
    """Another reviewer has claimed the change and is reviewing it."""


class RuleBroken(ModerationError):
    """The state breaks a content rule (``claims.rules``); it cannot be published."""
