"""benchmarks/sklearn_compat.py: scikit-learn's own scaler tests pass on skreg.

A small selection keeps this fast; the full run is ``python
benchmarks/sklearn_compat.py``. It includes a test that fails on purpose, to check
that a documented difference is reported as such and not as unclassified.
"""

import json
import subprocess
import sys
from pathlib import Path

import sklearn

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))
import sklearn_compat  # noqa: E402

SELECTION = (
    "(near_constant_features and None and 10000)"
    " or min_max_scaler_iris or minmax_scaler_partial_fit"
    " or standard_scaler_partial_fit or scaler_2d_arrays"
    " or callback_support or scaler_float16_overflow"
)


def test_scaler_suite_has_no_unclassified_failure(tmp_path):
    out = tmp_path / "compat.json"
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH / "sklearn_compat.py"),
            "--only",
            "scalers",
            "-k",
            SELECTION,
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(out.read_text())["scalers"]
    assert result["unclassified"] == []
    assert result["counts"]["passed"] >= 12
    assert result["counts"]["error"] == 0
    # The near-constant test fails on purpose and is reported with its reason.
    deliberate = [entry["id"] for entry in result["deliberate"]]
    assert deliberate
    assert all("near_constant_features" in test_id for test_id in deliberate)
    assert "test_data.py (scalers" in done.stdout


def test_only_the_classes_under_test_are_rebound():
    source = Path(sklearn.__file__).parent / "preprocessing/tests/test_data.py"
    text = source.read_text()
    rebound = sklearn_compat.rebind(text, sklearn_compat.SUITES["scalers"])
    added = [line for line in rebound.splitlines() if line not in text.splitlines()]
    assert added == [
        "from skreg.dropin import MinMaxScaler, StandardScaler  # by sklearn_compat.py"
    ]
    # Inserted after scikit-learn's own import, so it wins; nothing else changes.
    assert rebound.replace(added[0] + "\n", "", 1) == text
    assert rebound.index(added[0]) > rebound.index("    StandardScaler,\n")


def test_patterns_treat_brackets_literally():
    table = {"test_x[*-float64-*]": "why"}
    assert sklearn_compat._lookup(table, "test_x[None-float64-1]") == "why"
    assert sklearn_compat._lookup(table, "test_x[None-float32-1]") is None
    assert sklearn_compat._lookup(table, "test_y[None-float64-1]") is None
