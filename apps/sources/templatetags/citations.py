from django import template

register = template.Library()


@register.inclusion_tag("includes/markers.html")
def markers(entry):
    """The [n] footnote markers of an entry annotated by ``Footnotes``."""
    return {"markers": getattr(entry, "markers", [])}
