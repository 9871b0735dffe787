"""The ``skreg`` command."""

import io
import subprocess
import sys

import pytest

import skreg
from skreg import cli


def test_demo_prints_exact_scalers_and_pipeline_scores():
    out = io.StringIO()
    assert cli.demo(out) == 0
    text = out.getvalue()
    assert "values near +-1e308" in text
    # Every skreg standardized column has unit std in the demo's hard cases.
    std_fields = [
        line.split("std: skreg ")[1].split()[0]
        for line in text.splitlines()
        if "std: skreg" in line
    ]
    assert std_fields and all(v == "1.000000" for v in std_fields)
    assert "ZScoreScaler   0.9" in text
    lasso = next(line for line in text.splitlines() if line.startswith("lasso"))
    assert lasso.split()[1] == "7"  # 7 of 13 coefficients kept
    mlp = [line for line in text.splitlines() if line.startswith("  skreg, ")]
    assert len(mlp) == 2 and all(float(line.split()[-3]) > 0.9 for line in mlp)


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
