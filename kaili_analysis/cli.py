"""The ``kaili`` command: list, render and batch-render reports; export the curated data.

Exit codes: 0 success; 1 a report failed (a cell raised) or another error; 2 bad usage or
input (unknown report or parameter, a value of the wrong type or outside the allowed ones,
no browser for PDF output), always detected before any kernel starts; 130 interrupted.
Expected errors print one line, ``kaili: error: ...``, on stderr and no traceback.

Heavy libraries (papermill, nbconvert, playwright, pandas) are imported only by the
subcommand that needs them, so ``kaili --help`` is instant.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from kaili_analysis import __version__, config
from kaili_analysis.errors import BrowserNotFoundError, KailiError, ParameterError
from kaili_analysis.render._speedups import skip_slow_imports
from kaili_analysis.render.batch import check_outputs, plan_batch, run_batch
from kaili_analysis.render.choices import report_title
from kaili_analysis.render.data_export import DATA_FORMATS, export_data
from kaili_analysis.render.lifecycle import EXIT_INTERRUPTED, interruptible
from kaili_analysis.render.notebooks import read_parameters_file, survey
from kaili_analysis.render.preflight import check_environment
from kaili_analysis.render.report import check_formats, render

__all__ = ["DATA_FORMATS", "build_parser", "export_data", "main"]


_UP_TO_DATE = """\
An output that is up to date is not rendered again: DIR/.kaili/ keeps, per output, the key
of everything it was made from (the notebook, the parameters and any file they name, the
data, the package's source, the templates, the installed packages, and for a PDF the
browser's version) and the output's own sha256. A changed input, or an output edited since,
makes it stale; --force renders anyway.
"""

_RENDER_EPILOG = """\
NOTEBOOK is a report name (see kaili list) or the path to any .ipynb file. A notebook
without a "kaili" metadata block is rendered as it is: its parameters are the names papermill
finds in its cell tagged "parameters", each typed by its default (see the README).
Values are converted to the type of the parameter's default (int, float, bool: true/false,
str; list/dict as JSON); -f reads values from a YAML file (name: value, one a line) and -p
overrides them. The output file names the report and every parameter that differs from its
default, e.g. section_profile__section-poverty.html, so different parameter sets never
overwrite each other. Examples (the files under examples/ are in the repository):
  kaili render overview --lang en
  kaili render section_profile -p section poverty --format html
  kaili render targets_2025 -f examples/targets_2030.yaml --format html
  kaili render examples/my_analysis.ipynb -p top 5 --format html --log-output

""" + _UP_TO_DATE

_BATCH_EPILOG = """\
Without --config: every report notebook times its own batch matrix (metadata
kaili.batch.matrix, default lang = zh and en). A TOML file lists reports instead, e.g.
examples/batch.toml in the repository:

  [[report]]                       # one report, default parameters
  notebook = "overview"

  [[report]]                       # fixed parameters x every combination of a matrix
  notebook = "section_profile"
  parameters = { lang = "en" }
  matrix = { section = ["poverty", "industry"] }

  [[report]]                       # any notebook, by its path (relative to this file)
  notebook = "my_analysis.ipynb"
  parameters = { top = 5 }

notebook = "*" stands for every report; matrix = "default" uses the notebook's own matrix;
a matrix value "@sections" (or "@sections_with_figures") lists the article's sections.
Writes DIR/<name>.html and .pdf per report and DIR/index.html; a failing report is marked
in the index, its executed notebook kept in DIR/_failed/, and the exit code is 1.
Example: kaili batch --config examples/batch.toml --format html --jobs 2

""" + _UP_TO_DATE


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: ``kaili: error: ... (see 'kaili render --help')``."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"kaili: error: {message} (see '{self.prog} --help')\n")


def _common(p: argparse.ArgumentParser, *, formats: bool = True) -> None:
    p.add_argument("--notebooks-dir", metavar="DIR",
                   help="where report names are looked up (default: $KAILI_NOTEBOOKS_DIR, "
                   "else the report notebooks of the package)")
    if formats:
        p.add_argument("--format", dest="formats", default="html,pdf", metavar="FORMATS",
                       help="html, pdf or html,pdf (default: html,pdf); PDF needs Chromium")
        p.add_argument("--output-dir", metavar="DIR", type=Path, default=None,
                       help=f"where to write (default: {config.REPORTS_DIR})")
        p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                       help="stop a cell that runs longer than this (default: no limit)")
        p.add_argument("--force", action="store_true",
                       help="render even the outputs that are up to date (see below)")
        p.add_argument("--no-figure-cache", action="store_true",
                       help="draw every chart anew, neither reading nor writing the figure "
                       f"cache (same as {config.FIGURE_CACHE_ENV}=off; see kaili cache)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``kaili`` (every subcommand has ``--help``)."""
    parser = _Parser(prog="kaili", description="Reports on Kaili city's 13th Five-Year "
                     "Plan review and 2025 goals: render parameterized notebooks to HTML "
                     "and PDF, export the curated data.")
    parser.add_argument("--version", action="version", version=f"kaili {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("list", help="list the report notebooks and their parameters",
                       description="List the report notebooks: title, parameters with "
                       "types, defaults and allowed values, and the default batch matrix.")
    _common(p, formats=False)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=_cmd_list)

    p = sub.add_parser("render", help="render one report to HTML and/or PDF",
                       description="Validate the parameters, execute the notebook with "
                       "papermill in a fresh kernel and export it.", epilog=_RENDER_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("notebook", metavar="NOTEBOOK",
                   help="report name (see kaili list) or path to a .ipynb file")
    p.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                   metavar=("NAME", "VALUE"), help="set a parameter (repeatable)")
    p.add_argument("-f", "--parameters-file", metavar="FILE", type=Path,
                   help="YAML file of parameter values (as papermill -f); -p overrides it")
    p.add_argument("--lang", help=f"report language: {' or '.join(config.LANGS)} "
                   "(sets the lang parameter)")
    shown = p.add_mutually_exclusive_group()
    shown.add_argument("--progress", action="store_true", default=None,
                       help="a progress bar of the cells on stderr (default: on a terminal)")
    shown.add_argument("--no-progress", dest="progress", action="store_false",
                       help="no progress bar")
    p.add_argument("--log-output", action="store_true",
                   help="print each cell's output on stderr while the notebook runs")
    _common(p)
    p.set_defaults(func=_cmd_render)

    p = sub.add_parser("batch", help="render a set of reports in parallel, with an index",
                       description="Render many reports with N worker processes, one "
                       "progress bar and one browser for the PDFs, then write index.html.",
                       epilog=_BATCH_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", metavar="FILE", type=Path, help="TOML batch file (see below)")
    p.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                   help="worker processes (default: the number of CPUs)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--dry-run", action="store_true",
                   help="list what would be rendered and why; render nothing")
    _common(p)
    p.set_defaults(func=_cmd_batch)

    p = sub.add_parser("data", help="the curated data tables",
                       description="Work with the curated data tables.")
    data_sub = p.add_subparsers(dest="data_command", metavar="COMMAND", parser_class=_Parser)
    e = data_sub.add_parser("export", help="write the curated tables as CSV, XLSX or Parquet",
                            description="Write every curated table of datapackage.json "
                            "as the library loads it (joined "
                            "columns and locators included): one file per table (csv, "
                            "parquet) or one workbook with a sheet per table (xlsx), and a "
                            "datapackage.json that describes every column.")
    e.add_argument("--format", default="csv", choices=DATA_FORMATS, dest="data_format",
                   help="the file format (default: csv)")
    e.add_argument("--output-dir", metavar="DIR", type=Path, default=None,
                   help=f"where to write (default: {config.REPORTS_DIR / 'data'})")
    e.set_defaults(func=_cmd_data_export)
    g = data_sub.add_parser("goals",
                            help="the goal ids, units and periods an actuals file may use",
                            description="List every goal an actuals file (the targets report's "
                            "actuals_csv) may give figures for: the ids a row may name, the "
                            "unit of its figures (a rate goal takes its yearly rate in %, or "
                            "levels of its quantity) and the goal's period. A figure's year "
                            "lies between the report's base year and its horizon.")
    g.set_defaults(func=_cmd_data_goals)
    p.set_defaults(func=lambda args: _missing_sub(p))

    c = sub.add_parser("cache", help="the cache of chart images",
                       description="Reports keep every chart they draw as an image (SVG), keyed by "
                       "everything the image depends on (data, parameters, theme, fonts, "
                       "library versions, this package's code), and reuse it when nothing "
                       f"changed. Location: ${config.CACHE_DIR_ENV}/figures (default "
                       f"~/.cache/kaili-analysis/figures); {config.FIGURE_CACHE_ENV}=off "
                       f"turns it off; {config.CACHE_MAX_MB_ENV} caps its size (default "
                       f"{config.DEFAULT_CACHE_MAX_MB} MB).")
    cache_sub = c.add_subparsers(dest="cache_command", metavar="COMMAND", parser_class=_Parser)
    cache_sub.add_parser("info", help="where the cache is and what it holds",
                         description="Print the cache's path, whether it is on, and how "
                         "many images and bytes it holds.").set_defaults(func=_cmd_cache_info)
    cache_sub.add_parser("clear", help="delete every cached image",
                         description="Delete every cached chart image.").set_defaults(
                             func=_cmd_cache_clear)
    c.set_defaults(func=lambda args: _missing_sub(c))
    return parser


def _cmd_cache_info(args: argparse.Namespace) -> int:
    from kaili_analysis.show.charts.figures import cache_info  # loads matplotlib: only when needed

    info = cache_info()
    state = "on" if info.enabled else f"off ({config.FIGURE_CACHE_ENV})"
    print(f"{info.path}\nfigure cache: {state}; {info.entries} images, "
          f"{info.bytes / 2**20:.1f} MB")
    return 0


def _cmd_cache_clear(args: argparse.Namespace) -> int:
    from kaili_analysis.show.charts.figures import (  # loads matplotlib: only when needed
        cache_info,
        clear_cache,
    )

    print(f"deleted {clear_cache()} images from {cache_info().path}")
    return 0


def _missing_sub(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _param_dict(pairs: Sequence[Sequence[str]]) -> dict[str, str]:
    given: dict[str, str] = {}
    for name, value in pairs:
        if name in given:
            raise ParameterError(f"parameter {name} is given twice")
        given[name] = value
    return given


def _show(path: Path) -> str:
    return str(path)


def _cmd_list(args: argparse.Namespace) -> int:

    found = survey(args.notebooks_dir)
    rows = []
    for spec in found.reports + found.plain:
        params = []
        for p in spec.parameters.values():
            try:
                allowed = p.allowed()
            except KailiError as exc:
                allowed = [f"{p.choices} (unavailable: {exc})"]
            params.append({"name": p.name, "type": "file" if p.file else p.type,
                           "default": p.default,
                           "choices": allowed, "source": p.choices if isinstance(p.choices, str)
                           else None, "min": p.min, "max": p.max, "help": p.help})
        titled = {lang: report_title(spec, {**spec.defaults, "lang": lang}, lang)
                  for lang in spec.title}
        kind = "report" if spec.report else "notebook"
        rows.append({"name": spec.name, "kind": kind, "title": spec.title,
                     "default_title": titled,
                     "path": str(spec.path),
                     "parameters": params, "batch": spec.matrix, "validate": spec.validate})
    refused = [{"name": path.stem, "kind": "refused", "path": str(path), "reason": reason}
               for path, reason in found.refused]
    if args.json:
        print(json.dumps(rows + refused, ensure_ascii=False, indent=2, default=str))
        return 0
    if not rows:
        print("no report notebooks found")

    def both(titles: dict[str, str]) -> str:
        return " / ".join(titles[lang] for lang in config.LANGS if titles.get(lang))

    for row in rows:
        if row["kind"] == "notebook" and row is rows[len(found.reports)]:
            print("\nnotebooks without kaili metadata (kaili render NAME renders them; not in "
                  "the default batch):")
        print(f"{row['name']}  {both(row['default_title'])}")
        if row["default_title"] != row["title"]:  # the title follows a parameter
            print(f"    title: {both(row['title'])}")
        width = max((len(p["name"]) for p in row["parameters"]), default=0)
        for p in row["parameters"]:
            bits = [f"    {p['name']:<{width}}  {p['type']:<5}  default {p['default']!r}"]
            if p["choices"] is not None:
                shown = ", ".join(map(str, p["choices"][:12]))
                if len(p["choices"]) > 12:
                    shown += f", ... ({len(p['choices'])} values)"
                bits.append(f"choices ({p['source']}): {shown}" if p["source"]
                            else f"choices: {shown}")
            if p["min"] is not None or p["max"] is not None:
                lo = "" if p["min"] is None else p["min"]
                hi = "" if p["max"] is None else p["max"]
                bits.append(f"range: {lo}..{hi}")
            if p["help"]:
                bits.append(f"- {p['help']}")
            print("  ".join(bits))
        matrix = " x ".join(f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
                            for k, v in row["batch"].items())
        if row["kind"] == "report":
            print(f"    batch: {matrix}")
    if refused:
        print("\nnotebooks that cannot be rendered:")
    for row in refused:
        print(f"{row['name']}  {row['reason']}")
    return 0


def _log_cell_output() -> None:
    """Show papermill's log of the cells' output on stderr, as ``papermill --log-output``."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("papermill")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _cmd_render(args: argparse.Namespace) -> int:

    check_formats(args.formats)
    given = read_parameters_file(args.parameters_file) if args.parameters_file else {}
    given.update(_param_dict(args.parameter))  # -p overrides the file, as in papermill
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    if args.log_output:
        _log_cell_output()
    result = render(args.notebook, given, lang=args.lang,
                    formats=args.formats, output_dir=args.output_dir,
                    notebooks_dir=args.notebooks_dir, timeout=args.timeout,
                    progress=progress, log_output=args.log_output, force=args.force)
    for path in result.paths:
        print(_show(path))
    if result.up_to_date:
        print(f"kaili: {result.slug}: up to date, not rendered again (--force renders anyway)",
              file=sys.stderr)
    return 0


def _cmd_batch(args: argparse.Namespace) -> int:

    formats = check_formats(args.formats)
    if args.jobs is not None and args.jobs < 1:
        raise ParameterError(f"--jobs must be at least 1, got {args.jobs}")
    jobs = plan_batch(args.config, args.notebooks_dir)
    if args.dry_run:
        return _dry_run(jobs, formats, args)
    batch = run_batch(jobs, n_jobs=args.jobs, formats=formats, output_dir=args.output_dir,
                      timeout=args.timeout, progress=not args.no_progress, force=args.force)
    files = sum(len(r.paths) for r in batch.rendered)
    failed = f", {len(batch.failed)} failed" if batch.failed else ""
    print(f"{len(batch.up_to_date)} up to date, {len(batch.rendered)} rendered ({files} files)"
          f"{failed} in {batch.seconds:.1f} s; index: {_show(batch.index)}")
    if batch.failed:
        names = ", ".join(r.slug for r in batch.failed)
        print(f"kaili: error: {len(batch.failed)} of {len(batch.results)} reports failed: "
              f"{names} (see {_show(batch.index)})", file=sys.stderr)
        return 1
    return 0


def _dry_run(jobs: Sequence[Any], formats: Sequence[str], args: argparse.Namespace) -> int:

    plans = check_outputs(jobs, formats=formats, output_dir=args.output_dir, force=args.force)
    stale = [plan for plan in plans if not plan.up_to_date]
    for plan in stale:
        print(f"would render {plan.job.slug}: {plan.describe()}")
    print(f"{len(plans) - len(stale)} up to date, {len(stale)} would be rendered "
          "(dry run: nothing written)")
    return 0


def _cmd_data_goals(args: argparse.Namespace) -> int:
    # the goals table loads pandas: only for this command
    from kaili_analysis.analysis.actuals import actuals_guide

    guide = actuals_guide()
    print(guide.to_string(index=False))
    return 0


def _cmd_data_export(args: argparse.Namespace) -> int:
    for path in export_data(args.data_format, args.output_dir):
        print(_show(path))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit code.

    When the reader of the output goes away (``kaili list | head -1``) the command stops
    quietly with exit code 141, as a program killed by SIGPIPE.
    """
    try:
        code = _run(argv)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the final flush at exit must not fail again
        return 141
    return code


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Any = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return 2

    skip_slow_imports()
    if getattr(args, "no_figure_cache", False):
        os.environ[config.FIGURE_CACHE_ENV] = "off"  # inherited by the report kernels

    # the program itself (not a caller of main) ends at once after Ctrl-C, whatever threads
    # or exit handlers of libraries are still waiting
    hard_exit = argv is None
    try:
        with interruptible(hard_exit=hard_exit):
            check_environment()  # a bad KAILI_* variable stops here, not in a report's kernel
            return int(func(args) or 0)
    except (ParameterError, BrowserNotFoundError) as exc:
        print(f"kaili: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except KailiError as exc:
        print(f"kaili: error: {_one_line(exc)}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        raise  # the reader went away: main() ends quietly
    except OSError as exc:  # the machine, not the input: a full disk, a vanished file ...
        print(f"kaili: error: {_one_line(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kaili: interrupted", file=sys.stderr)
        if hard_exit:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(EXIT_INTERRUPTED)
        return EXIT_INTERRUPTED


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
