"""Footnote markers stand where the article places them: after the words they follow."""

from dataclasses import dataclass

from apps.sources.footnotes import Footnotes, anchored_uses, missing_anchors


@dataclass
class Cited:
    source_id: int
    anchors: str = ""
    source: object = None


TEXT = "Aは「高い」とした。Bも「高い」と述べた。"


def test_markers_follow_their_words_and_the_end_is_before_the_last_full_stop():
    uses = anchored_uses(TEXT, [Cited(1, "「高い」とした\n「高い」と述べた"), Cited(2)])
    assert [(position, c.source_id) for position, c in uses] == [
        (TEXT.index("。"), 1),
        (len(TEXT) - 1, 1),
        (len(TEXT) - 1, 2),
    ]


def test_words_not_found_put_their_marker_at_the_end_and_leave_the_others_in_place():
    uses = anchored_uses(TEXT, [Cited(1, "存在しない\n「高い」と述べた")])
    assert [position for position, _ in uses] == [len(TEXT) - 1, len(TEXT) - 1]
    uses = anchored_uses(TEXT, [Cited(1, "存在しない\n「高い」とした")])
    assert sorted(position for position, _ in uses) == [TEXT.index("。"), len(TEXT) - 1]
    assert missing_anchors(TEXT, "存在しない\n「高い」とした\nもう一つ") == [
        "存在しない",
        "もう一つ",
    ]


def test_the_text_is_cut_where_the_markers_stand_and_numbered_as_read():
    segments = Footnotes().cite_in_text(
        TEXT, [Cited(7, "「高い」と述べた"), Cited(8, "「高い」とした")]
    )
    assert [(s.text, [m.number for m in s.markers]) for s in segments] == [
        ("Aは「高い」とした", [1]),
        ("。Bも「高い」と述べた", [2]),
        ("。", []),
    ]
