"""`explainer` (and `python -m generator`): check, render and publish content.

Exit codes: 0 success, 1 content errors (or warnings under --strict),
2 a usage mistake. A content mistake never prints a traceback.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import sys
from pathlib import Path

from .errors import format_problems
from .pipeline import load_site


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    return int(args.run(args))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="explainer", description="Check and render news explainers kept as YAML.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate every content file and report all problems")
    check.add_argument("content", nargs="?", default="content", type=Path, help="the content folder (default: content)")
    check.add_argument("--strict", action="store_true", help="fail on warnings too (notes never fail)")
    check.add_argument(
        "--since",
        default="HEAD",
        metavar="REF",
        help="note the shared entries changed since this git commit, and the stories they change "
        "(default: HEAD; '' for no notes)",
    )
    check.add_argument(
        "--sources",
        action="store_true",
        help="also print, per source, how many places cite it and how many of them its archive supports",
    )
    check.add_argument(
        "--config-file",
        type=Path,
        help="the mkdocs.yml whose `archive_dir` applies (default: the one beside the content folder, if any)",
    )
    check.set_defaults(run=run_check)

    render = commands.add_parser("render", help="write the generated Markdown pages to a folder")
    render.add_argument("--content", default="content", type=Path, help="the content folder (default: content)")
    render.add_argument("--out", required=True, type=Path, help="the folder to write into")
    render.add_argument("--home-title", default="Explainers")
    render.set_defaults(run=run_render)

    schema = commands.add_parser("schema", help="print the JSON Schema of the content files")
    schema.add_argument("--out", type=Path, help="write it to this file instead")
    schema.set_defaults(run=run_schema)

    reference = commands.add_parser("reference", help="print the editors' field reference (Markdown)")
    reference.add_argument("--out", type=Path, help="write it to this file instead, e.g. docs/reference.md")
    reference.set_defaults(run=run_reference)

    new = commands.add_parser("new", help="start a story: a folder of commented YAML that passes the check")
    new.add_argument("slug", help="the story's folder name and address, e.g. spring-budget-vote")
    new.add_argument("--content", default="content", type=Path, help="the content folder (default: content)")
    new.set_defaults(run=run_new)

    build = commands.add_parser("build", help="build the site into a temporary folder; swap it in only on success")
    build.add_argument("--site-dir", default="site", type=Path)
    build.add_argument("--config-file", default="mkdocs.yml", type=Path)
    build.set_defaults(run=run_build)
    return parser


def run_check(args: argparse.Namespace) -> int:
    from .settings import SettingsError, project_settings
    from .verify import Verifier, source_report, verify_result

    try:
        settings = project_settings(args.content, args.config_file)
    except SettingsError as error:
        print(f"explainer check: {error}", file=sys.stderr)
        return 2
    result = load_site(args.content)
    gc.freeze()  # what is loaded stays: later collections need not walk it (a fifth of verifying's time)
    verification = None
    if result.site is not None:
        verification = verify_result(Verifier(settings), result.located, result.site)
        result.add_problems(verification.problems)
    if result.problems:
        print(format_problems(result.problems), file=sys.stderr)
    if result.site is not None:
        from .impact import world_impact

        for impact in world_impact(result.site, args.content, args.content.as_posix(), args.since):
            print(impact, file=sys.stderr)
    errors, warnings, notes = result.error_count, result.warning_count, result.note_count
    stories = len(result.story_problems)
    print(
        f"{stories} stor{'y' if stories == 1 else 'ies'} checked: {errors:,} error(s), {warnings:,} warning(s)"
        + (f", {notes:,} note(s)" if notes else ""),
        file=sys.stderr,
    )
    if verification is not None and (verification.has_archives or args.sources):
        total = verification.totals
        print(
            f"citations: {total.cited} checked, {total.supported} supported by their archives, "
            f"{total.unsupported} not supported, {total.unverified} not verified (no archive)",
            file=sys.stderr,
        )
    if args.sources and verification is not None:
        sys.stdout.write(source_report(verification))
    return 1 if errors or (args.strict and warnings) else 0


def run_render(args: argparse.Namespace) -> int:
    from .pages import site_pages

    result = load_site(args.content)
    if result.errors:
        print(format_problems(result.problems), file=sys.stderr)
        return 1
    for page in site_pages(result, args.home_title, args.content.name):
        target = args.out / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from .schema import schema_text

    return _write_or_print(schema_text(), args.out)


def run_reference(args: argparse.Namespace) -> int:
    from .reference import reference_markdown

    return _write_or_print(reference_markdown(), args.out)


def _write_or_print(text: str, out: Path | None) -> int:
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def run_new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, create_story

    try:
        written = create_story(args.content, args.slug, datetime.date.today())
    except ScaffoldError as error:
        print(f"explainer new: {error}", file=sys.stderr)
        return 2 if error.usage else 1
    for path in written:
        print(f"created {path.as_posix()}", file=sys.stderr)
    print(f"Replace the placeholders, then run `explainer check {args.content.as_posix()}`.", file=sys.stderr)
    return 0


def run_build(args: argparse.Namespace) -> int:
    from .publish import build_atomically

    return build_atomically(args.config_file, args.site_dir)


if __name__ == "__main__":
    sys.exit(main())
