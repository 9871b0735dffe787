"""The ``skreg`` command: ``demo``, ``--help`` and ``--version``."""

import io
import re
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout

import pytest
from report_checks import check_report

import skreg
from skreg import cli

_LESSONS = [
    "1. Scaling: z-score vs min-max",
    "2. Lasso vs Ridge on wine",
    "3. Dropout and batch norm on the digits",
    "4. Monte-Carlo dropout: the least certain digits",
    "5. Bias vs variance: the basic recipe",
]


@pytest.fixture(scope="module")
def quick_demo(tmp_path_factory):
    """One quick demo run through ``main``, in-process."""
    out = tmp_path_factory.mktemp("demo") / "report"
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        code = cli.main(["demo", "--quick", "--out", str(out)])
    return code, stdout.getvalue(), stderr.getvalue(), out


def _table(text, caption):
    """The printed table under ``caption:``, header lines included."""
    lines = []
    for line in text.split(f"{caption}:\n", 1)[1].splitlines():
        note = line.startswith("  ") and line[2] != " "  # header lines indent more
        if not line.strip() or line.endswith(":") or line.startswith("==") or note:
            break
        lines.append(line)
    return lines


def _row(text, caption, label):
    """The values of the row ``label`` of a printed table, as strings."""
    line = next(r for r in _table(text, caption) if r.startswith(label + " "))
    return line[len(label) :].split()


def test_demo_writes_a_report_with_every_lesson(quick_demo):
    code, stdout, stderr, out = quick_demo
    assert code == 0, stderr
    page = check_report(out)
    assert page.headings == _LESSONS
    assert sorted(page.images) == [
        "img/bias-variance.png", "img/coefficients.png", "img/feature-ranges.png",
        "img/learning-curves.png", "img/mc-uncertainty.png",
        "img/regularization-paths.png", "img/uncertain-digits.png",
    ]  # fmt: skip
    assert f"report: {out / 'index.html'}" in stdout
    assert "plots skipped" not in stdout


def test_demo_progress_one_line_per_step(quick_demo):
    _, stdout, stderr, _ = quick_demo
    lines = stderr.splitlines()
    assert len(lines) == 6
    for i, (line, title) in enumerate(zip(lines, [*_LESSONS, "writing the report"],
                                          strict=True), start=1):  # fmt: skip
        assert re.fullmatch(rf"\[{i}/6\] {re.escape(title)} \.\.\. \d+\.\d s", line)
    assert all(f"== {title} ==" in stdout for title in _LESSONS)


def test_demo_scaling_lesson(quick_demo):
    _, stdout, _, _ = quick_demo
    # skreg's standardized columns have unit std in every hard case.
    hard = "Scalers on hard data"
    assert len(_table(stdout, hard)) == 5
    for case in ["1e9 + N(0, 1e-6)", "N(0, 1) * 1e200", "values near +-1e308",
                 "float16 at +-6e4"]:  # fmt: skip
        assert _row(stdout, hard, case)[:1] == ["1.000000"]
        assert _row(stdout, hard, case)[2:4] == ["[0.00,", "1.00]"]
    # Unscaled, the hours are a rounding error of the distance; scaled, they count.
    caption = "Share of the squared distance between two rows due to the hours"
    share = {k: float(_row(stdout, caption, k)[0]) for k in ("raw", "z-score",
                                                             "min-max")}  # fmt: skip
    assert share["raw"] < 1e-3 and share["z-score"] > 0.3 and share["min-max"] > 0.3
    caption = "5-nearest neighbours on wine, 3-fold accuracy"
    knn = {k: float(_row(stdout, caption, k)[0]) for k in ("raw", "ZScoreScaler",
                                                           "MinMaxScaler")}  # fmt: skip
    assert knn["ZScoreScaler"] > knn["raw"] + 0.15
    assert knn["MinMaxScaler"] > knn["raw"] + 0.15


def test_demo_lasso_keeps_7_of_13(quick_demo):
    _, stdout, _, _ = quick_demo
    assert "Lasso keeps 7 of 13 coefficients" in stdout
    assert _row(stdout, "Linear models on wine", "lasso")[0] == "7"
    assert _row(stdout, "Linear models on wine", "ridge")[0] == "13"


def test_demo_mlp_and_uncertainty_tables(quick_demo):
    _, stdout, _, _ = quick_demo
    caption = "K-fold accuracy (mean +- std over folds)"
    for variant in ["plain", "dropout 0.3", "batch norm", "dropout 0.3 + batch norm"]:
        train, _, _, cv_mean, _, _, _ = _row(stdout, caption, variant)
        assert 0.3 < float(cv_mean) <= 1.0  # quick: small nets, few epochs
    least = _table(stdout, "The 8 least certain test digits")[2:]
    spreads = [float(r.split()[-1]) for r in least]
    assert len(least) == 8 and spreads == sorted(spreads, reverse=True)
    tiny = _row(stdout, "Bias vs variance", "tiny (8,) network")
    assert tiny[-2:] == ["high", "bias"]


def test_demo_without_matplotlib(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    assert cli.main(["demo", "--quick", "--out", str(tmp_path)]) == 0
    stdout = capsys.readouterr().out
    assert '7 plots skipped: pip install "skreg[plot]" to get them' in stdout
    assert "Lasso keeps 7 of 13 coefficients" in stdout  # the tables still print
    page = check_report(tmp_path)
    assert page.images == [] and len(page.headings) == 5
    assert "skreg[plot]" in (tmp_path / "index.html").read_text()


def test_demo_out_must_be_a_folder(tmp_path, capsys):
    target = tmp_path / "file"
    target.write_text("")
    assert cli.main(["demo", "--quick", "--out", str(target)]) == 1
    err = capsys.readouterr().err
    assert (
        err.strip() == f"skreg demo: error: --out must be a folder; {target} is a file"
    )


@pytest.mark.parametrize(
    "argv, expected",
    [
        ([], ["COMMAND", "demo ", "study ", "--version"]),
        (["demo"], ["--out DIR", "--quick", "Monte-Carlo dropout"]),
        (["study"], ["DATA.csv", "--target COLUMN", "--task", "--cv K",
                     "--random-state N", "--out DIR", "model.skreg"]),
    ],
)  # fmt: skip
def test_help_for_every_command(capsys, argv, expected):
    with pytest.raises(SystemExit) as exc:
        cli.main([*argv, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: skreg {' '.join(argv)}".rstrip())
    for text in expected:
        assert text in out


def test_main_rejects_unknown_command(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["nonsense"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_python_dash_m_version():
    result = subprocess.run(
        [sys.executable, "-m", "skreg", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == skreg.__version__
