"""The engine under the site, and what the adapter needs of it beyond its documented API.

The site builds with MkDocs 1.6 (the default) or with ProperDocs, its maintained drop-in fork
(``make site ENGINE=properdocs``). ProperDocs installs an import hook that serves every
``mkdocs.*`` module from ``properdocs.*``, so the adapter and Material import ``mkdocs`` either
way; the engine must be chosen (:func:`use`) before anything imports ``mkdocs``.

Every private attribute of the engine that the project still relies on is named here, once, and
``tests/test_compat.py`` fails when one disappears from the installed engines:

- ``LiveReloadServer._rebuild_cond`` / ``._want_rebuild``: the live preview hears content edits
  through inotify (``mkdocs_adapter.ColumnPlugin.on_serve``) and asks the server for a rebuild
  the way the server's own file watcher does; MkDocs' public ``watch`` would poll every content
  file (~30,000 at ten years) twice a second.
"""

from __future__ import annotations

import sys

ENGINES = ("mkdocs", "properdocs")
DEFAULT = "mkdocs"

# (class path, attributes) of the engine's private API used by the project.
PRIVATE = (("livereload.LiveReloadServer", ("_rebuild_cond", "_want_rebuild")),)


class EngineError(RuntimeError):
    """The engine asked for is unknown or not installed (Chinese message)."""


def use(engine: str = DEFAULT) -> None:
    """Make ``engine`` the one that ``import mkdocs`` gives, for the rest of this process."""
    if engine not in ENGINES:
        raise EngineError(f"不认识的生成引擎“{engine}”：只能是 {'、'.join(ENGINES)}。")
    loaded = sys.modules.get("mkdocs")
    if engine == "properdocs":
        if loaded is not None and not loaded.__name__.startswith("properdocs"):
            raise EngineError("MkDocs 已经载入，不能再换成 ProperDocs：请在新的进程里选择引擎。")
        try:
            import properdocs.replacement  # noqa: F401  (mkdocs.* → properdocs.*)
        except ImportError:
            raise EngineError("没有安装 ProperDocs：请运行 make venv 重新安装依赖。") from None
    elif loaded is not None and loaded.__name__.startswith("properdocs"):
        raise EngineError("ProperDocs 已经载入，不能再换成 MkDocs：请在新的进程里选择引擎。")


def engine() -> str:
    """The engine ``import mkdocs`` gives in this process."""
    import mkdocs

    return "properdocs" if mkdocs.__name__.startswith("properdocs") else "mkdocs"


def request_rebuild(server) -> None:
    """Ask ``mkdocs serve`` for a rebuild, as its own file watcher does."""
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


def can_request_rebuild(server) -> bool:
    """Whether this server is the LiveReloadServer that :func:`request_rebuild` knows."""
    return all(hasattr(server, name) for name in PRIVATE[0][1])
