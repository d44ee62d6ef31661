"""Hostile text an editor might type (or paste): it must show as typed and never run."""

SCRIPT = "<script>window.__pwned = 1</script>"
IMAGE = '<img src=x onerror="window.__pwned = 2">'
ATTRIBUTE = '" onmouseover="window.__pwned = 3" x="'
LINK = "javascript:window.__pwned=4"
PAYLOAD = f"攻撃{SCRIPT}{IMAGE}{ATTRIBUTE}終"


def publish_payloads(editor, reviewer):
    """Put the payload in an event, an actor, a source and a reaction through the workflow."""
    from apps.actors.models import Actor
    from apps.events.models import Event
    from apps.moderation import services
    from apps.moderation.state import state_of
    from apps.reactions.models import Reaction
    from apps.sources.models import Source

    def publish(model, entry, **fields):
        state = state_of(entry)
        state["fields"].update(fields)
        change = services.change_propose(
            author=editor, model=model, summary=f"test {PAYLOAD}", state=state, target=entry
        )
        services.change_approve(change=change, revision=change.revision, reviewer=reviewer)

    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    publish(Event, event, title=f"見出し{PAYLOAD}", text=f"本文{PAYLOAD}")
    publish(Actor, Actor.objects.get(slug="peskov"), name=f"ペスコフ{PAYLOAD}", role=ATTRIBUTE)
    publish(
        Source, Source.objects.get(slug="nhk-20241022-russian-reaction"), title=f"記事{PAYLOAD}"
    )
    reaction = Reaction.objects.get(slug="2024-10-29-biden-concerned")
    publish(Reaction, reaction, summary=f"要旨{PAYLOAD}", quotation=f"引用{PAYLOAD}")
    return event
