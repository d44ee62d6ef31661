from tests.conftest import make_user  # noqa: F401 - the helper moderation tests import from here


def admin_form_data(response) -> dict:
    """The POST a browser would send for an admin change form as rendered."""
    data = {}

    def add(form, name):
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None or value is False:
            return
        if value is True:
            data[key] = "on"
        elif isinstance(value, (list, tuple)):
            data[key] = [str(v) for v in value]
        else:
            data[key] = str(value)

    form = response.context["adminform"].form
    for name in form.fields:
        add(form, name)
    proposal = response.context["proposal_form"]
    for name in proposal.fields:
        add(proposal, name)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        for inline_form in formset.forms:
            for name in inline_form.fields:
                add(inline_form, name)
    return data


def citation_fields(data, prefix="citations") -> list[str]:
    """The source ids of the citation rows in form data, in order."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    return [
        data.get(f"{prefix}-{i}-source") for i in range(total) if data.get(f"{prefix}-{i}-source")
    ]


def set_citations(data, source_ids, prefix="citations"):
    """Replace the citation rows; a source kept keeps its attribution (via, via_note)."""
    total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    kept = {
        data.get(f"{prefix}-{i}-source"): (
            data.get(f"{prefix}-{i}-via"),
            data.get(f"{prefix}-{i}-via_note", ""),
        )
        for i in range(total)
    }
    for key in [k for k in data if k.startswith(f"{prefix}-") and k[len(prefix) + 1].isdigit()]:
        del data[key]
    for i, source_id in enumerate(source_ids):
        data[f"{prefix}-{i}-source"] = str(source_id)
        data[f"{prefix}-{i}-position"] = str(i + 1)
        via, via_note = kept.get(str(source_id), (None, ""))
        if via:
            data[f"{prefix}-{i}-via"] = via
        data[f"{prefix}-{i}-via_note"] = via_note
    data[f"{prefix}-TOTAL_FORMS"] = str(len(source_ids))
    data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data


def review_page(client, change):
    """The change's page as a reviewer opens it, with the form they would submit."""
    response = client.get(change.get_absolute_url())
    assert response.status_code == 200
    return response


def decide(client, change, button="_approve", note="", page=None):
    """Press a review button on the change's page (``page``: one loaded earlier)."""
    page = page or review_page(client, change)
    revision = page.context["review_form"]["revision"].value()
    data = {button: "1", "revision": str(revision), "note": note}
    return client.post(change.get_absolute_url(), data)
