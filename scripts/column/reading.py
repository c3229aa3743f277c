"""What a reader gets from a story's text: how long it takes to read, and a short excerpt.

Chinese has no spaces between words, so counting "words" by whitespace makes a long Chinese
story look like a one-minute read. Reading time counts Chinese characters (汉字) and Latin
words separately, each at its own pace.
"""

from __future__ import annotations

import math
import re

HAN_PER_MINUTE = 400  # 汉字 a minute, an ordinary adult reading news
WORDS_PER_MINUTE = 200  # Latin-script words (and numbers) a minute

_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.\-][A-Za-z0-9]+)*")
_SENTENCE_END = "。！？!?；;"
# A line break inside a Chinese sentence becomes a space in HTML; between two Chinese
# characters (or full-width punctuation) it is not one.
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")
_INLINE = "(?:strong|em|b|i|a|code|span|mark)"  # tags that may close or open around the break
_CJK_BREAK = re.compile(f"([{_CJK}](?:</{_INLINE}>)*)[ \\t]*\\n[ \\t]*(?=(?:<{_INLINE}(?:\\s[^>]*)?>)*[{_CJK}])")
_PRE = re.compile(r"(<pre[\s>].*?</pre>)", re.DOTALL)


def join_cjk_lines(html: str) -> str:
    """HTML with no line break between two Chinese characters outside ``<pre>``: an editor's
    line break inside a Chinese sentence would otherwise show as a space (browsers keep it)."""
    parts = _PRE.split(html)
    return "".join(part if part.startswith("<pre") else _CJK_BREAK.sub(r"\1", part) for part in parts)


def reading_minutes(text: str) -> int:
    """Whole minutes (at least 1) to read ``text``, a plain text without markup."""
    han = len(_HAN.findall(text))
    words = len(_WORD.findall(_HAN.sub(" ", text)))
    return max(1, math.ceil(han / HAN_PER_MINUTE + words / WORDS_PER_MINUTE))


def excerpt(text: str, limit: int = 120) -> str:
    """The start of ``text`` (plain, one line) up to ``limit`` characters, ending at a sentence
    end when one is near, with "…" when it was cut."""
    text = _CJK_GAP.sub("", " ".join(text.split()))
    if len(text) <= limit:
        return text
    head = text[:limit]
    cut = max(head.rfind(c) for c in _SENTENCE_END)
    if cut + 1 >= limit * 0.6:  # a sentence end in the last 40 %: stop there
        return head[: cut + 1]
    return head.rstrip("，、,;；：: ") + "…"
