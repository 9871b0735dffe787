"""The benchmark harness runs and reports what it claims (no timing assertions)."""

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))
import run  # noqa: E402


def test_w1_flop_count_matches_the_layer_shapes():
    # forward 2*(100*512 + 512*256 + 256*10) per row, the same for grad W, and
    # grad X for every layer but the first.
    fwd = 2 * (100 * 512 + 512 * 256 + 256 * 10)
    assert run.w1_flops(50_000, 10) == 50_000 * 10 * (3 * fwd - 2 * 100 * 512)


def test_quick_run_prints_a_table_with_skreg_and_the_anchor(tmp_path):
    out = tmp_path / "table.md"
    result = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            "--quick",
            "--workloads",
            "w2",
            "--markdown",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [
        line for line in out.read_text().splitlines() if line.startswith("| digits")
    ]
    libraries = {row.split("|")[2].strip() for row in rows}
    assert {"skreg", "sklearn-f64"} <= libraries
    for row in rows:
        accuracy = float(row.split("|")[3])
        assert 0.5 < accuracy <= 1.0


def test_unknown_workload_is_an_error():
    with pytest.raises(SystemExit):
        run.main(["--workloads", "w9"])
