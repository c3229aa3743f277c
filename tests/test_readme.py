"""The README tells editors the truth: the statistics definitions are the ones the site uses,
and the commands it lists exist in the Makefile."""

import re

from column.figures import DEFINITIONS
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_carries_every_statistics_definition():
    for line in DEFINITIONS:
        assert f"- {line}" in README


def test_readme_make_targets_exist():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z-]+):", makefile, re.M))
    used = set(re.findall(r"`make ([a-z-]+)", README))
    assert used and used <= targets, used - targets
