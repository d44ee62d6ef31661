"""Affiliations form a shallow tree: pages trace an actor to its country in one query."""

import pytest
from django.core.exceptions import ValidationError

from apps.actors.models import ROOT_DEPTH, Actor
from tests.conftest import publish

pytestmark = pytest.mark.django_db


def chain(length, prefix="chain"):
    """``length`` new actors, each part of the previous one; the first is a country."""
    actors, parent = [], None
    for index in range(length):
        parent = Actor.objects.create(
            slug=f"{prefix}-{index}", name=f"{prefix}{index}", kind="country", affiliation=parent
        )
        actors.append(parent)
    return actors


def test_an_actor_cannot_belong_to_one_of_its_own_members(editor, reviewer):
    korea = Actor.objects.get(slug="south-korea")
    intelligence = Actor.objects.get(slug="korean-intelligence")
    assert intelligence.affiliation == korea
    with pytest.raises(ValidationError, match="自分自身の所属先"):
        publish(korea, editor, reviewer, affiliation=intelligence.pk)
    korea.refresh_from_db()
    assert korea.affiliation is None and korea.version == 1


def test_chains_deeper_than_the_pages_read_are_refused(editor, reviewer):
    deepest_allowed = chain(ROOT_DEPTH + 1)
    newcomer = Actor.objects.create(slug="newcomer", name="新しい部署", kind="government")
    with pytest.raises(ValidationError, match="3階層まで"):
        publish(newcomer, editor, reviewer, affiliation=deepest_allowed[-1].pk)
    publish(newcomer, editor, reviewer, affiliation=deepest_allowed[-2].pk)
    newcomer.refresh_from_db()
    assert newcomer.root() == deepest_allowed[0]


def test_moving_a_branch_counts_the_members_below_it(editor, reviewer):
    middle = chain(3)[1]  # a country, middle, and one member below it
    other = chain(3, prefix="other")
    with pytest.raises(ValidationError, match="3階層まで"):
        publish(middle, editor, reviewer, affiliation=other[-1].pk)  # its member: 4 down
