"""Command line: ``python -m column check|build|stats|new|import|briefing|notice|certificate|edit``.
Messages are Chinese."""

from __future__ import annotations

import argparse
import datetime as dt
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
    build.add_argument("--engine", default="mkdocs", help="生成引擎：mkdocs（默认）或 properdocs")
    build.add_argument("--as-of", type=_iso_date, help="site.yml 没写 as_of 时的统计截止日期（默认今天）")
    new = sub.add_parser("new", help="按模板新建一个内容文件（新闻稿、活动记录、志愿者、专项活动、值守排班）")
    new.add_argument(
        "kind", help="story 新闻稿 / activity 活动记录 / volunteer 志愿者 / campaign 专项活动 / duty 值守排班"
    )
    new.add_argument("title", nargs="?", default="", help="标题（志愿者写姓名；值守排班不写）")
    new.add_argument("--date", type=_iso_date, help="日期 年-月-日（默认今天）")
    new.add_argument("--campaign", default="", help="值守排班：专项活动的编号或名称")
    new.add_argument("--unit", default="", help="值守排班：单位的编号或名称")
    stats = sub.add_parser("stats", help="在终端显示某一年的统计数字")
    stats.add_argument("--year", type=_year, required=True, help="年份，如 2010")
    sub.add_parser("schemas", help="（开发者）按 model.py 重新生成编辑器用的 JSON Schema")
    imp = sub.add_parser("import", help="把 Word 文档（.docx）导入为新闻稿草稿")
    imp.add_argument("docx", type=Path, help="Word 文档（.docx）")
    imp.add_argument("--date", type=_iso_date, help="稿件日期 年-月-日（默认从文档中识别，识别不到为今天）")
    out = argparse.ArgumentParser(add_help=False)
    out.add_argument("--out", type=Path, default=ROOT / "documents", help="Word 文档写到哪个文件夹（默认 documents/）")
    brief = sub.add_parser("briefing", parents=[out], help="生成工作简报（Word）")
    brief.add_argument("--period", required=True, help="期间：2010（全年）、2010-Q2（季度）或 2010-06（月份）")
    note = sub.add_parser("notice", parents=[out], help="生成专项活动的督查通报（Word）")
    note.add_argument("--campaign", required=True, help="专项活动的编号或名称")
    note.add_argument("--date", type=_iso_date, help="通报截至的日期 年-月-日（默认 site.yml 的 as_of）")
    cert = sub.add_parser("certificate", parents=[out], help="生成志愿服务证明（Word，只交本人，不在网站发布）")
    cert.add_argument("--volunteer", required=True, help="志愿者的编号或姓名")
    sub.add_parser("docx-templates", help="（开发者）重新生成 Word 模板 scripts/column/templates/docx/*.docx")
    edit = sub.add_parser("edit", help="在本机启动网页编辑器（/admin/）和预览，按 Ctrl-C 停止")
    edit.add_argument("--addr", default="127.0.0.1:8000", help="预览的地址（默认 127.0.0.1:8000）")
    edit.add_argument("--port", type=int, default=8081, help="decap-server 的端口（默认 8081）")
    edit.add_argument("--engine", default="mkdocs", help="生成引擎：mkdocs（默认）或 properdocs")
    edit.add_argument("--git", action="store_true", help="每次保存都是一次 git 提交，新稿件走分支（编辑流程）")
    sub.add_parser("cms-config", help="（开发者）显示网页编辑器的配置（config.yml），按 model.py 生成")
    sub.add_parser("photos", help="去掉 content/media/ 里照片的拍摄地点（GPS）等隐藏信息（大小和清晰度不变）")
    args = parser.parse_args(argv)

    if args.command in EDITOR_COMMANDS:
        return EDITOR_COMMANDS[args.command](args)

    if args.command == "check":
        try:
            result = pipeline.run(args.content)
        except ContentError as err:
            print(err, file=sys.stderr)
            return 1
        warned = f"另有 {len(result.warnings)} 个警告，见下。" if result.warnings else ""
        print(
            f"内容检查通过：{len(result.catalog.activities)} 条活动记录，{len(result.catalog.all('story'))} 篇新闻稿，"
            f"将生成 {len(result.pages)} 个页面。{warned}"
        )
        if result.warnings:
            print(pipeline.format_warnings(result.warnings), file=sys.stderr)
        return 0
    if args.command == "build":
        from . import compat

        try:
            compat.use(args.engine)  # before anything imports mkdocs
        except compat.EngineError as err:
            print(err, file=sys.stderr)
            return 2
        from . import mkdocs_adapter

        try:
            found = mkdocs_adapter.build(args.config, args.site_dir, content=args.content, as_of=args.as_of)
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
        if found:
            print(pipeline.format_warnings(found), file=sys.stderr)
        return 0
    return 2


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 年-月-日，如 2010-06-26，而不是“{text}”") from None


def _year(text: str) -> int:
    if not text.isdigit() or len(text) != 4:
        raise argparse.ArgumentTypeError(f"年份应写成四位数字，如 2010，而不是“{text}”")
    return int(text)


def _new(args) -> int:
    from . import model, scaffold

    try:
        path = scaffold.create(args.content, args.kind, args.title, args.date, args.campaign, args.unit)
    except scaffold.ScaffoldError as err:
        print(err, file=sys.stderr)
        return 1
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"已新建：{shown}")
    kind = model.KINDS[args.kind]
    if kind.files.owned:  # a roster: every day is there, nobody named yet
        print("下一步：在每一天的 who 里写上到岗的志愿者（或写 people 人数），然后运行 make check 检查。")
        campaign = kind.files.tokens(f"{path.parent.parent.name}/{path.stem}")[model.CAMPAIGN_TOKEN]
        print(f"预览：运行 make serve，打开 http://127.0.0.1:8000/{scaffold.preview_path('campaign', Path(campaign))}")
        return 0
    print("下一步：按文件里的注释填写（标有“示例值”的要改成实际的），然后运行 make check 检查。")
    if kind.has_pages and args.kind != "volunteer":
        print(f"预览：运行 make serve，打开 http://127.0.0.1:8000/{scaffold.preview_path(args.kind, path)}")
    return 0


def _stats(args) -> int:
    from . import year_stats

    try:
        catalog = pipeline.checked_catalog(args.content)
    except ContentError as err:
        print(err, file=sys.stderr)
        return 1
    print(year_stats.report(catalog, args.year))
    return 0


def _schemas(args) -> int:
    from . import schema

    changed = schema.write()
    for path in changed:
        print(f"updated {path.relative_to(ROOT)}")
    if not changed:
        print("schemas are up to date")
    return 0


def _import(args) -> int:
    from . import docx_import

    try:
        done = docx_import.import_docx(args.content, args.docx, day=args.date)
    except docx_import.ImportProblem as err:
        print(err, file=sys.stderr)
        return 1
    if done.warnings:
        print(
            f"草稿已保存，但有 {len(done.warnings)} 处需要处理（处理好之前，这篇稿件发布后网站会停止生成）：",
            file=sys.stderr,
        )
        for warning in done.warnings:
            print(warning.format(), file=sys.stderr)
    draft = done.draft
    photos = f"，{len(done.media)} 张照片（content/media/{draft.date.year}/）" if done.media else ""
    print(f"已导入“{args.docx.name}”：标题“{draft.title}”，日期 {draft.date.isoformat()}{photos}。")
    print("下一步：对照原文核对草稿，填写摘要和相关单位、地点；确认无误后把 draft 改成 false，再运行 make check。")
    print(_shown(done.path))
    return 0


def _photos(args) -> int:
    from . import media

    cleaned = media.clean_photos(args.content)
    for rel, hidden in cleaned:
        print(f"已去掉 {_shown(args.content / 'media' / rel)} 里的{'、'.join(hidden)}。")
    if cleaned:
        print(
            f"共处理 {len(cleaned)} 张照片，清晰度不变（竖拍的照片转正）。"
            "下一步：把这些照片提交到内容仓库（git commit、git push）。"
        )
    else:
        print("content/media/ 里的照片都没有拍摄地点等隐藏信息，不需要处理。")
    return 0


def _shown(path: Path) -> Path:
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


CHECK_BY_HAND = {
    "briefing": "发出前请人工核对：期号、活动摘要和报道摘要的文字，专项活动和长效服务的情况是否与实际一致。",
    "notice": "发出前请人工核对：各单位的名称和日期、迟交和逾期的原因，必要时补充说明；通报内容请领导审定。",
    "certificate": (
        "本证明含个人信息，只交本人，不在网站发布。出具前请人工核对：姓名、单位、服务记录和时长，并加盖公章。"
    ),
}


def _document(args) -> int:
    from . import documents

    try:
        catalog = pipeline.checked_catalog(args.content)
    except ContentError as err:
        print(err, file=sys.stderr)
        return 1
    try:
        if args.command == "briefing":
            period = documents.parse_period(args.period)
            context = documents.briefing(catalog, period)
            name = documents.file_name("briefing", period.code)
            done = f"已生成工作简报：{period.label}，{context['issue']}。"
        elif args.command == "notice":
            campaign = documents.find(catalog, "campaign", args.campaign)
            as_of = args.date or catalog.as_of
            context = documents.notice(catalog, campaign, as_of)
            name = documents.file_name("notice", campaign["id"], as_of.isoformat())
            done = f"已生成督查通报：{campaign['title']}，截至{context['date']}。"
        else:
            volunteer = documents.find(catalog, "volunteer", args.volunteer)
            context = documents.certificate(catalog, volunteer)
            name = documents.file_name("certificate", volunteer["id"], catalog.as_of.isoformat())
            done = (
                f"已生成志愿服务证明：{volunteer['name']}，"
                f"累计服务时长{context['hours']}小时，编号{context['serial']}。"
            )
    except documents.DocumentProblem as err:
        print(err, file=sys.stderr)
        return 1
    path = documents.write(args.command, context, args.out / name)
    print(done)
    print(CHECK_BY_HAND[args.command])
    print(_shown(path))
    return 0


def _docx_templates(args) -> int:
    from . import docx_templates

    changed = docx_templates.write()
    for path in changed:
        print(f"updated {_shown(path)}")
    if not changed:
        print("docx templates are up to date")
    return 0


def _edit(args) -> int:
    from . import edit_server

    return edit_server.run(args.content, args.addr, args.port, args.engine, "git" if args.git else "fs")


def _cms_config(args) -> int:
    from . import cms

    try:
        catalog = pipeline.checked_catalog(args.content)
    except ContentError as err:
        print(err, file=sys.stderr)
        return 1
    editor = catalog.site.get("editor") or {"kind": cms.LOCAL, "url": "http://127.0.0.1:8081/api/v1"}
    print(cms.dumps(cms.config(editor, catalog.site.get("site_url"))), end="")
    return 0


EDITOR_COMMANDS = {
    "edit": _edit,
    "cms-config": _cms_config,
    "new": _new,
    "stats": _stats,
    "schemas": _schemas,
    "import": _import,
    "briefing": _document,
    "notice": _document,
    "certificate": _document,
    "docx-templates": _docx_templates,
    "photos": _photos,
}


if __name__ == "__main__":
    sys.exit(main())
