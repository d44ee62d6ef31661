"""Affiliations form a tree of any depth; each actor stores the country or organisation
at its top (``Actor.root``) so that pages group claims by it in one join."""

import importlib
import io
import json

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from reversion.models import Version

from apps.actors.models import Actor
from apps.core.models import ContentVersion
from apps.moderation import services
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


def roots(actors):
    stored = dict(Actor.objects.filter(pk__in=[a.pk for a in actors]).values_list("pk", "root"))
    return [stored[a.pk] for a in actors]


def test_an_actor_cannot_belong_to_one_of_its_own_members(editor, reviewer):
    korea = Actor.objects.get(slug="south-korea")
    intelligence = Actor.objects.get(slug="korean-intelligence")
    assert intelligence.affiliation == korea
    with pytest.raises(ValidationError, match="自分自身の所属先"):
        publish(korea, editor, reviewer, affiliation=intelligence.pk)
    korea.refresh_from_db()
    assert korea.affiliation is None and korea.version == 1


def test_an_actor_cannot_belong_to_a_member_of_its_members(editor, reviewer):
    country, ministry, office = chain(3, prefix="deep")
    with pytest.raises(ValidationError, match="自分自身の所属先"):
        publish(country, editor, reviewer, affiliation=office.pk)
    assert roots([country, ministry, office]) == [None, country.pk, country.pk]


def test_the_seed_traces_its_deepest_unit_to_its_country():
    unit = Actor.objects.get(slug="vitrolom")
    country = Actor.objects.get(name="ウクライナ")
    assert unit.affiliation.affiliation.affiliation == country
    assert unit.root == country and country.root is None


def test_any_depth_is_allowed_and_its_root_is_the_top(editor, reviewer):
    deep = chain(6)
    newcomer = Actor.objects.create(slug="newcomer", name="新しい部署", kind="government")
    publish(newcomer, editor, reviewer, affiliation=deep[-1].pk)
    newcomer.refresh_from_db()
    assert newcomer.root == deep[0]
    assert roots(deep) == [None] + [deep[0].pk] * 5


def test_moving_a_branch_reroots_every_member_below_it(editor, reviewer):
    country, middle, member, leaf = chain(4)
    other = Actor.objects.create(slug="other", name="別の国", kind="country")
    publish(middle, editor, reviewer, affiliation=other.pk)
    assert roots([country, middle, member, leaf]) == [None, other.pk, other.pk, other.pk]

    middle.refresh_from_db()
    publish(middle, editor, reviewer, affiliation=None)
    assert roots([middle, member, leaf]) == [None, middle.pk, middle.pk]
    # Publishing the move does not touch the members' own versions.
    assert Actor.objects.get(pk=leaf.pk).version == leaf.version


def test_a_fixture_may_list_members_before_the_actor_they_belong_to(tmp_path):
    def actor(pk, slug, affiliation):
        fields = {"slug": slug, "name": slug, "kind": "government", "affiliation": affiliation}
        return {"model": "actors.actor", "pk": pk, "fields": fields}

    fixture = tmp_path / "out_of_order.json"
    fixture.write_text(
        json.dumps(
            [
                actor(9003, "leaf", 9002),
                actor(9002, "ministry", 9001),
                actor(9001, "government", 9000),
                actor(9000, "state", None),
            ]
        )
    )
    call_command("loaddata", str(fixture), verbosity=0)
    assert dict(Actor.objects.filter(pk__gte=9000).values_list("slug", "root")) == {
        "state": None,
        "government": 9000,
        "ministry": 9000,
        "leaf": 9000,
    }


def test_the_migration_derives_the_roots_of_existing_actors():
    migration = importlib.import_module("apps.actors.migrations.0002_actor_root")
    expected = dict(Actor.objects.values_list("pk", "root"))
    assert any(expected.values())
    Actor.objects.update(root=None)
    migration.derive_roots(apps, None)
    assert dict(Actor.objects.values_list("pk", "root")) == expected


def test_check_content_reports_a_circle_a_fixture_slipped_in():
    a, b = chain(2, prefix="circle")
    Actor.objects.filter(pk=a.pk).update(affiliation=b)  # what approval would refuse
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_content", stdout=out)
    for slug in ("circle-0", "circle-1"):
        assert f"'{slug}': belongs, through its affiliations, to a circle." in out.getvalue()
    out = io.StringIO()
    call_command("derive_actor_roots", stdout=out)  # cannot mend a circle: leaves it alone
    assert out.getvalue() == "0 actor(s) corrected.\n"


def test_check_content_reports_a_stale_root_and_derive_actor_roots_repairs_it():
    country, unit = chain(2, prefix="stale")
    other = Actor.objects.create(slug="other", name="別の国", kind="country")
    Actor.objects.filter(pk=unit.pk).update(root=other)  # an update() bypassing the signals
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_content", stdout=out)
    assert "'stale-1': stores other root, its affiliations lead to stale-0" in out.getvalue()

    out, version = io.StringIO(), ContentVersion.current()[0]
    call_command("derive_actor_roots", stdout=out)
    assert out.getvalue() == "1 actor(s) corrected.\n"
    assert Actor.objects.get(pk=unit.pk).root == country
    assert ContentVersion.current()[0] == version + 1  # cached pages showed the stale grouping


def test_restoring_an_old_affiliation_reroots_the_branch(editor, reviewer):
    country, unit, member = chain(3, prefix="restore")
    other = Actor.objects.create(slug="other", name="別の国", kind="country")
    publish(unit, editor, reviewer, affiliation=other.pk)
    unit.refresh_from_db()
    publish(unit, editor, reviewer, affiliation=country.pk)
    assert roots([unit, member]) == [country.pk, country.pk]

    under_other = Version.objects.get_for_object(unit).order_by("pk").first()
    change = services.change_propose_restore(author=editor, version=under_other, summary="戻す")
    services.change_approve(change=change, revision=change.revision, reviewer=reviewer)
    assert roots([unit, member]) == [other.pk, other.pk]


def test_actors_nothing_refers_to_can_be_deleted_leaf_first(editor, reviewer):
    country, unit = chain(2, prefix="gone")
    for actor in (unit, country):
        change = services.change_propose_deletion(author=editor, target=actor, summary="削除")
        services.change_approve(change=change, revision=change.revision, reviewer=reviewer)
    assert not Actor.objects.filter(slug__startswith="gone-").exists()
