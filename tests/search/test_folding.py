"""What the search compares: the text and the query folded alike (``core.folding``)."""

import pytest

from apps.core.folding import fold, query_terms, spans_of


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("ｷｰｳ", "キーウ"),  # half-width katakana
        ("１万", "1万"),  # full-width digits
        ("ＮＨＫ", "nhk"),  # full-width latin, and case
        ("ﾊﾞｲﾃﾞﾝ", "バイデン"),  # half-width voiced kana
        ("きーう", "キーウ"),  # hiragana
        ("キ－ウ", "キーウ"),  # full-width hyphen for the long vowel
        ("キ―ウ", "キーウ"),  # horizontal bar
        ("10,000", "1万"),  # a number, with separators, by its value
        ("10000", "1万"),
        ("12,000", "1万2,000"),
        ("1.5万", "15000"),
        ("ヴァイオリン", "バイオリン"),  # ヴ spellings and the usual kana
        ("ヴィクトリア", "ビクトリア"),
        ("レヴュー", "レビュー"),
        ("ヴェネツィア", "ベネツィア"),
        ("ヴォルゴグラード", "ボルゴグラード"),
        ("ヴ", "ブ"),
        ("ヴャチェスラフ", "ビャチェスラフ"),
        ("ヴョ", "ビョ"),
        ("ヷ", "バ"),
        ("ゔぁ", "バ"),  # hiragana
        ("ｳﾞｧｲｵﾘﾝ", "バイオリン"),  # half-width, the mark on its own
    ],
)
def test_what_a_reader_types_folds_as_the_sources_write_it(typed, written):
    assert fold(typed) == fold(written)


def test_a_number_is_one_whole_number():
    assert fold("1万") not in fold("11万")
    assert fold("1万") not in fold("10万")
    assert fold("1万") not in fold("約1万2,000人")
    assert fold("1万") in fold("約1万人が到着")


def test_a_query_is_its_words_between_spaces():
    assert query_terms("  北朝鮮　兵士 ") == [fold("北朝鮮"), fold("兵士")]  # ideographic space too
    assert query_terms("   ") == []


def test_a_highlight_marks_the_characters_as_written():
    text = "約1万人の兵士、のちに10,000人とも。ｷｰｳでは"
    spans = spans_of(text, query_terms("１万") + query_terms("キーウ"))
    assert [text[start:end] for start, end in spans] == ["1万", "10,000", "ｷｰｳ"]


def test_a_highlight_of_a_vu_spelling_marks_it_whole():
    text = "ヴァイオリンとｳﾞｧｲｵﾘﾝ"
    spans = spans_of(text, query_terms("バイオリン"))
    assert [text[start:end] for start, end in spans] == ["ヴァイオリン", "ｳﾞｧｲｵﾘﾝ"]
    text = "レヴューとレビュー"
    spans = spans_of(text, query_terms("び"))
    assert [text[start:end] for start, end in spans] == ["ヴ", "ビ"]  # not ヴュ


def test_private_characters_in_a_query_are_ignored():
    assert fold("\ue000キーウ\ue001") == fold("キーウ")
