"""Reading time counts Chinese characters, not whitespace-separated "words"; excerpts end well."""

from __future__ import annotations

import pytest

from column.reading import HAN_PER_MINUTE, WORDS_PER_MINUTE, excerpt, reading_minutes


def test_chinese_is_counted_by_character():
    # 1200 汉字 with no spaces: a word count would say one word
    assert reading_minutes("党员义工服务" * 200) == 1200 // HAN_PER_MINUTE
    assert reading_minutes("服" * (HAN_PER_MINUTE + 1)) == 2


def test_latin_words_and_numbers_at_their_own_pace():
    assert reading_minutes("word " * WORDS_PER_MINUTE) == 1
    assert reading_minutes("word " * (WORDS_PER_MINUTE * 2 + 1)) == 3
    # punctuation and full-width symbols are not read as characters; 12456 is one word
    assert reading_minutes("，。！？“”" * 1000) == 1
    mixed = "服" * (HAN_PER_MINUTE * 2) + " 12456 名 PM2.5 WiFi " * 50
    assert reading_minutes(mixed) == 3  # 2 min of 汉字 (+50 名) + 150 words


def test_short_or_empty_text_reads_in_a_minute():
    assert reading_minutes("") == 1
    assert reading_minutes("短讯。") == 1


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("一句话。", 120, "一句话。"),
        ("第一句话说完了。第二句话很长很长很长很长", 12, "第一句话说完了。"),
        ("没有句号的一段很长很长很长很长很长的话，继续说", 10, "没有句号的一段很长很…"),
        ("逗号结尾的，很长很长很长很长", 6, "逗号结尾的…"),
        (
            "换行\n  在中文  之间\n不留空格, but English words keep one",
            200,
            "换行在中文之间不留空格, but English words keep one",
        ),
    ],
)
def test_excerpt(text, limit, expected):
    assert excerpt(text, limit) == expected
