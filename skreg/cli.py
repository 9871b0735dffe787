"""The ``skreg`` command: a thin argparse front over the public API.

skreg demo [--out DIR] [--quick]          the seed lessons, on bundled data
skreg study DATA.csv --target COLUMN      a regularization study of your table
skreg --version

Both commands print compact tables on standard output, one progress line per
step on standard error, and write an offline HTML report folder. A problem with
the input is one line on standard error and exit status 1 (usage errors: 2).
"""

import argparse
import os
import sys

import skreg

_DEMO_HELP = """\
Walk through skreg's lessons on data it brings itself (scikit-learn's wine and
digits): z-score vs min-max scaling, Lasso vs Ridge with regularization paths,
an MLP with and without dropout / batch norm (K-fold scores and learning
curves), Monte-Carlo dropout on the least certain digits, and a bias/variance
diagnosis. Prints tables and writes DIR/index.html with PNG plots (plots need
matplotlib: pip install "skreg[plot]")."""

_STUDY_HELP = """\
A regularization study of your own CSV table. Every candidate imputes missing
values (median / most frequent), standardizes numeric columns and one-hot
encodes categorical ones, then fits L1/L2/elastic-net linear models and
regularized MLPs (alpha, dropout, batch norm, L1) in K-fold grid searches.
Writes DIR/index.html, DIR/leaderboard.csv, the plots and DIR/model.skreg (the
best model refitted on all rows). Rows with a missing target are dropped."""

_TASK_HELP = (
    "auto (default): classification when the target is not numeric, or holds "
    "integers with at most 10 distinct values; regression otherwise"
)


def _folds(text):
    """argparse type for --cv: an int >= 2."""
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or value < 2:
        raise argparse.ArgumentTypeError(f"must be an int >= 2; got {text!r}")
    return value


def _parser():
    parser = argparse.ArgumentParser(
        prog="skreg",
        description="Regularization and normalization tools for scikit-learn.",
    )
    parser.add_argument("--version", action="version", version=skreg.__version__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = sub.add_parser(
        "demo", help="show what skreg does, on bundled data", description=_DEMO_HELP
    )
    demo.add_argument(
        "--out",
        default="skreg-report",
        metavar="DIR",
        help="report folder (default: skreg-report)",
    )
    demo.add_argument("--quick", action="store_true", help="a faster, smaller run")
    demo.set_defaults(run=_run_demo)
    study = sub.add_parser(
        "study", help="regularization study of a CSV table", description=_STUDY_HELP
    )
    study.add_argument("data", metavar="DATA.csv", help="CSV file with a header row")
    study.add_argument(
        "--target",
        required=True,
        metavar="COLUMN",
        help="name of the column to predict",
    )
    study.add_argument(
        "--task",
        default="auto",
        help=_TASK_HELP,
        choices=["auto", "classification", "regression"],
    )
    study.add_argument(
        "--cv",
        type=_folds,
        default=5,
        metavar="K",
        help="number of cross-validation folds (default: 5)",
    )
    study.add_argument(
        "--out",
        default="skreg-study",
        metavar="DIR",
        help="report folder (default: skreg-study)",
    )
    study.add_argument(
        "--quick", action="store_true", help="smaller grids and networks: a faster run"
    )
    study.add_argument(
        "--random-state",
        type=int,
        default=0,
        metavar="N",
        help="seed of the folds and models (default: 0)",
    )
    study.set_defaults(run=_run_study)
    return parser


def _finish(report, index):
    print(f"\nreport: {index}")
    if report.missing_plots:
        print(
            f'{report.missing_plots} plots skipped: pip install "skreg[plot]" '
            "to get them"
        )


def _run_demo(args):
    from skreg.demo import run_demo

    report = run_demo(args.out, quick=args.quick)
    _finish(report, os.path.join(args.out, "index.html"))
    return 0


def _run_study(args):
    from skreg.report import Progress
    from skreg.study import read_csv, run_study

    data = read_csv(args.data)
    progress = Progress(total=1)  # writing the report; run_study adds its steps
    result = run_study(
        data,
        args.target,
        task=args.task,
        cv=args.cv,
        quick=args.quick,
        random_state=args.random_state,
        progress=progress,
    )
    name = os.path.basename(args.data)
    report = result.write_report(
        args.out, source=name, console=sys.stdout, progress=progress
    )
    print(
        f"\nbest: {result.best_name}; leaderboard: "
        f"{os.path.join(args.out, 'leaderboard.csv')}"
    )
    _finish(report, os.path.join(args.out, "index.html"))
    return 0


def main(argv=None):
    """Entry point of the ``skreg`` command; returns the exit status."""
    from skreg.study import StudyError

    args = _parser().parse_args(argv)
    # Plots are written to files, never shown: no window, no display needed.
    os.environ.setdefault("MPLBACKEND", "Agg")
    try:
        if os.path.exists(args.out) and not os.path.isdir(args.out):
            raise StudyError(f"--out must be a folder; {args.out} is a file")
        return args.run(args)
    except (StudyError, OSError) as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else exc
        print(f"skreg {args.command}: error: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"skreg {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
