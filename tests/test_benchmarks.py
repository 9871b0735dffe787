"""The benchmark harness runs and reports what it claims (no timing assertions)."""

import math
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))
import run  # noqa: E402

# PyTorch is optional (the bench extra): its rows are there exactly when it is.
TORCH = {"torch"} if run._available("torch") else set()


@pytest.fixture(scope="module")
def quick_tables(tmp_path_factory):
    """The Markdown of one quick run of w2, latency and bn on one thread."""
    out = tmp_path_factory.mktemp("bench") / "tables.md"
    result = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            "--quick",
            "--workloads",
            "w2,latency,bn",
            "--threads",
            "1",
            "--markdown",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    # The same tables go to stdout and to the Markdown file.
    assert out.read_text().strip() == result.stdout.strip()
    return out.read_text()


def _table(text, title):
    """The body rows of the Markdown table under the heading starting ``title``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        if line.startswith("| ") and not line.startswith("|---"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows[0], rows[1:]


def _ratio(cell):
    assert cell.endswith("x"), cell
    return float(cell[:-1])


def test_w1_flop_count_matches_the_layer_shapes():
    # forward 2*(100*512 + 512*256 + 256*10) per row, the same for grad W, and
    # grad X for every layer but the first.
    fwd = 2 * (100 * 512 + 512 * 256 + 256 * 10)
    assert run.w1_flops(50_000, 10) == 50_000 * 10 * (3 * fwd - 2 * 100 * 512)


def test_quick_run_reports_the_thread_limit(quick_tables):
    assert "Threads: --threads 1 (BLAS 1" in quick_tables


def test_w2_table_has_both_skreg_dtypes_and_the_anchors(quick_tables):
    header, rows = _table(quick_tables, "### W2")
    assert header[-2:] == ["skreg-f32 / this time", "skreg-f64 / this time"]
    libraries = [row[1] for row in rows]
    assert (
        set(libraries)
        == {
            "skreg-f32",
            "skreg-f64",
            "sklearn-f64",
            "sklearn-f32",
        }
        | TORCH
    )
    for row in rows:
        assert 0.5 < float(row[2]) <= 1.0  # accuracy
        assert float(row[3]) > 0  # fit seconds
    # Each skreg variant's ratio to itself is one: the columns are not swapped.
    assert _ratio(rows[libraries.index("skreg-f32")][4]) == 1.0
    assert _ratio(rows[libraries.index("skreg-f64")][5]) == 1.0


def test_latency_table_has_every_size_and_library(quick_tables):
    header, rows = _table(quick_tables, "### Latency")
    assert header == [
        "rows",
        "library",
        "median us",
        "calls",
        "skreg-f32 / this",
        "skreg-f64 / this",
    ]
    expected = {"skreg-f64", "skreg-f32", "sklearn-f64"} | TORCH
    assert {(int(r[0]), r[1]) for r in rows} == {
        (n, lib) for n in (1, 10, 1_000, 10_000) for lib in expected
    }
    for row in rows:
        assert math.isfinite(float(row[2])) and float(row[2]) > 0
        assert int(row[3]) >= 5  # at least --quick's minimum number of calls
        assert all(math.isfinite(_ratio(cell)) for cell in row[4:])


def test_bn_tables_have_every_initializer_and_finite_accuracies(quick_tables):
    header, rows = _table(quick_tables, "### Initializers before batch norm")
    assert header == ["library", "initializer", "folds", "mean accuracy", "sd"]
    configs = {(row[0], row[1]) for row in rows}
    expected = {("skreg-f64", init) for init in run.BN_INITIALIZERS}
    if TORCH:
        expected.add(("torch", "nn.Linear default"))
    assert configs == expected
    for row in rows:
        assert row[2] == "5"  # --quick: one seed of KFold(5)
        # 15 epochs on the digits learn them; a broken fit would be near 0.1.
        assert 0.8 < float(row[3]) <= 1.0
        assert 0 <= float(row[4]) < 0.2

    header, rows = _table(quick_tables, "### W1 dropout + batch norm")
    assert {row[0] for row in rows} == {"skreg-f32"} | TORCH
    for row in rows:
        assert row[2] == "2"  # --quick: two seeds
        assert 0 < float(row[3]) <= 1.0 and math.isfinite(float(row[4]))


def test_ratios_are_skreg_over_each_library():
    summary = {"min": 1.0, "max": 1.0, "accuracy": 0.9, "peak_mib": 1.0}
    rows = [
        ("plain", lib, dict(summary, median=t, traced_mib=float("nan")))
        for lib, t in [("skreg-f32", 1.0), ("skreg-f64", 2.0), ("torch", 4.0)]
    ]
    lines = run.format_w1(rows, 1e9, 1.0)
    torch_row = next(line for line in lines if "| torch |" in line)
    assert "| 0.25x | 0.50x |" in torch_row
    # Without one skreg variant its column says so instead of a number.
    lines = run.format_w2([("digits", lib, s) for _, lib, s in rows[1:]])
    torch_row = next(line for line in lines if "| torch |" in line)
    assert torch_row.endswith("| - | 0.50x |")


def test_workers_obey_the_thread_limit():
    spec = {
        "workload": "latency",
        "library": "skreg-f64",
        "sizes": [1],
        "budget": 0.0,
        "min_calls": 1,
        "threads": 1,
    }
    result = run.run_isolated(spec)
    assert result["blas_threads"] == 1
    assert result["sizes"]["1"]["us"] > 0


def test_torch_workers_obey_the_thread_limit():
    pytest.importorskip("torch")
    spec = {
        "workload": "latency",
        "library": "torch",
        "sizes": [1],
        "budget": 0.0,
        "min_calls": 1,
        "threads": 1,
    }
    assert run.run_isolated(spec)["torch_threads"] == 1


@pytest.mark.parametrize(
    "argv",
    [["--workloads", "w9"], ["--threads", "0"], ["--repeats", "0"]],
)
def test_bad_arguments_are_an_error(argv, capsys):
    with pytest.raises(SystemExit):
        run.main(argv)
    assert argv[0] in capsys.readouterr().err
