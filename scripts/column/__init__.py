"""The volunteer-service publicity column: load → validate → relate → render.

Nothing in this package imports MkDocs except ``mkdocs_adapter``.
"""
