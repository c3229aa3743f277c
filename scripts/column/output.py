"""What a page generator hands back: one value, merged in generator order.

A generator (``site_pages.GENERATORS``) takes the renderer, the catalog and a fresh
``pipeline.Context`` and returns an :class:`Output`. Whatever the context met on the way
(photos to publish, problems in an editor's text, links between content files to check) is
added to it by ``pipeline.generate``, so nothing reaches the build by another channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .issues import Issue
from .render import Page


@dataclass
class Output:
    pages: list[Page] = field(default_factory=list)
    files: dict[str, str | bytes] = field(default_factory=dict)  # output path → content (feeds, data)
    assets: dict[str, Path] = field(default_factory=dict)  # output path → source file (photos)
    issues: list[Issue] = field(default_factory=list)
    # links from an editor's text to another content file: (path, line, field, target page or "")
    links: list[tuple[str, int | None, str, str]] = field(default_factory=list)

    def add(self, other: Output) -> Output:
        """``other`` appended to this one (in place; returns self)."""
        self.pages.extend(other.pages)
        self.files.update(other.files)
        self.assets.update(other.assets)
        self.issues.extend(other.issues)
        self.links.extend(other.links)
        return self

    @classmethod
    def merged(cls, outputs) -> Output:
        out = cls()
        for one in outputs:
            out.add(one)
        return out
