"""Problems found in content, kept as data and reported all at once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Issue:
    """One problem in one content file. Messages and hints are Chinese: editors read them."""

    path: str
    line: int | None
    field: str
    message: str
    hint: str = ""

    def format(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        field = f"[{self.field}] " if self.field else ""
        text = f"{where}: {field}{self.message}"
        if self.hint:
            text += f"\n    修改方法：{self.hint}"
        return text


class ContentError(Exception):
    """Raised when content has problems; carries every issue found."""

    def __init__(self, issues: list[Issue]):
        self.issues = sorted(set(issues), key=_sort_key)
        super().__init__(format_issues(self.issues))


def _sort_key(issue: Issue):
    return (issue.path, issue.line or 0, issue.field, issue.message)


def format_issues(issues: list[Issue]) -> str:
    issues = sorted(set(issues), key=_sort_key)
    body = "\n".join(i.format() for i in issues)
    return f"内容检查发现 {len(issues)} 个问题，网站未生成（已发布的网站保持不变）：\n{body}"
