"""Validated records: plain attribute-access data with the line of every field."""

from __future__ import annotations


class Obj(dict):
    """A mapping whose keys read as attributes (templates write ``a.title``)."""

    __slots__ = ("lines",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = {}

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __hash__(self):  # records are identities, not values
        return id(self)

    def __eq__(self, other):
        return self is other


class Record(Obj):
    """One content record. ``kind``/``id``/``path``/``line`` plus its fields."""

    __slots__ = ()

    @property
    def key(self):
        return (self["kind"], self["id"])

    def __repr__(self):
        return f"<{self['kind']} {self['id']}>"

    def __lt__(self, other):
        return (self["kind"], self["id"]) < (other["kind"], other["id"])
