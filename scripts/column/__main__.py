"""Command line: ``python -m column check|build|stats|new``. Messages are Chinese."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import pipeline
from .issues import ContentError

ROOT = Path(__file__).resolve().parents[2]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="column", description="党员义工服务宣传专栏：内容检查与网站生成")
    parser.add_argument("--content", type=Path, default=ROOT / "content", help="内容文件夹（默认 content/）")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="只检查内容，不生成网站")
    build = sub.add_parser("build", help="检查内容并生成网站（失败时保留原网站）")
    build.add_argument("--site-dir", type=Path, default=ROOT / "site")
    build.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    args = parser.parse_args(argv)

    if args.command == "check":
        try:
            result = pipeline.run(args.content)
        except ContentError as err:
            print(err, file=sys.stderr)
            return 1
        print(f"内容检查通过：{len(result.catalog.activities)} 条活动记录，{len(result.catalog.stories)} 篇新闻稿，"
              f"将生成 {len(result.pages)} 个页面。")
        return 0
    if args.command == "build":
        from . import mkdocs_adapter
        try:
            mkdocs_adapter.build(args.config, args.content, args.site_dir)
        except SystemExit as err:  # MkDocs' Abort: print its message, which the mkdocs CLI would show
            message = getattr(err, "message", "")
            if message:
                print(message, file=sys.stderr)
            print(f"网站生成失败，已发布的 {args.site_dir} 保持不变。", file=sys.stderr)
            return int(err.code or 1)
        except Exception as err:  # MkDocs reports its own errors; we only add the outcome
            print(f"网站生成失败，已发布的 {args.site_dir} 保持不变：{err}", file=sys.stderr)
            return 1
        print(f"网站已生成：{args.site_dir}")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
