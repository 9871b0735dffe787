"""``skreg study``: a regularization study of a CSV table, from Python and the shell."""

import re

import numpy as np
import pandas as pd
import pytest
from report_checks import check_report
from sklearn.datasets import load_diabetes, load_wine

import skreg
from skreg import cli
from skreg.study import StudyError, infer_task, read_csv, run_study, save_model


def _wine_table():
    """Wine with a text target, a categorical column and missing values."""
    rng = np.random.default_rng(0)
    data = load_wine(as_frame=True).frame
    data["region"] = rng.choice(["north", "south", "east"], len(data))
    data.loc[rng.choice(len(data), 15, replace=False), "magnesium"] = np.nan
    data.loc[rng.choice(len(data), 5, replace=False), "region"] = np.nan
    data["target"] = data["target"].map({0: "barolo", 1: "grignolino", 2: "barbera"})
    data.loc[[3, 60, 100], "target"] = np.nan  # dropped, and said so
    return data


def _diabetes_table():
    rng = np.random.default_rng(1)
    data = load_diabetes(as_frame=True, scaled=False).frame
    data["sex"] = data["sex"].map({1.0: "f", 2.0: "m"})
    data.loc[rng.choice(len(data), 20, replace=False), "bmi"] = np.nan
    return data


@pytest.fixture(scope="module")
def wine_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "wine.csv"
    _wine_table().to_csv(path, index=False)
    return path


def _run(capsys, *argv):
    code = cli.main(["study", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def _check_model_file(out, data, target):
    """The best model was saved safely and predicts after reloading."""
    model = skreg.load(out / "model.skreg")
    assert len(model.predict(data.drop(columns=target).head())) == 5


def test_classification_study_from_the_shell(tmp_path, capsys, wine_csv):
    out = tmp_path / "report"
    code, stdout, err = _run(capsys, wine_csv, "--target", "target", "--quick",
                             "--cv", "3", "--out", out)  # fmt: skip
    assert code == 0, err
    assert "task: classification (the target is not numeric" in stdout
    assert "dropped 3 of 178 rows whose target 'target' is missing" in stdout
    assert "[1/12] grid search: logistic L2" in err and "writing the report" in err
    board = pd.read_csv(out / "leaderboard.csv", index_col="model")
    assert set(board.index) == {"logistic L2", "logistic L1", "logistic elastic net",
                                "MLP + L2 (alpha)", "MLP + dropout",
                                "MLP + batch norm", "MLP + L1"}  # fmt: skip
    scores = board["accuracy mean"].to_numpy()
    assert np.all(np.diff(scores) <= 0) and scores[0] > 0.9
    assert np.all((board["accuracy std"] >= 0) & (board["fit time (s)"] > 0))
    page = check_report(out)
    assert page.headings[:3] == ["Data", "Leaderboard", "Best model"]
    images = {src.split("/")[-1] for src in page.images}
    assert images == {"coefficients.png", "regularization-path.png",
                      "learning-curves.png", "confusion-matrix.png"}  # fmt: skip
    assert f"best: {board.index[0]}" in stdout
    assert "model file:" in stdout
    _check_model_file(out, _wine_table(), "target")


def test_regression_study_from_the_shell(tmp_path, capsys):
    path = tmp_path / "diabetes.csv"
    _diabetes_table().to_csv(path, index=False)
    out = tmp_path / "report"
    code, stdout, err = _run(
        capsys, path, "--target", "target", "--quick", "--cv", "3", "--out", out,
        "--random-state", "1",
    )  # fmt: skip
    assert code == 0, err
    assert "task: regression (integer target with 214 distinct values" in stdout
    board = pd.read_csv(out / "leaderboard.csv", index_col="model")
    assert {"ridge (L2)", "lasso (L1)", "elastic net"} <= set(board.index)
    assert board["r2 mean"].iloc[0] > 0.3  # diabetes: about 0.45-0.5
    page = check_report(out)
    assert "img/residuals.png" in page.images
    assert "img/confusion-matrix.png" not in page.images
    _check_model_file(out, _diabetes_table(), "target")


def test_run_study_in_python():
    data = _wine_table()
    before = data.copy()
    result = run_study(data, target="target", cv=3, quick=True, random_state=0)
    pd.testing.assert_frame_equal(data, before)  # the caller's table is untouched
    assert result.task == "classification" and result.n_rows == 175
    assert result.columns["categorical"] == ["region"]
    assert "magnesium" in result.columns["numeric"]
    best = result.best_estimator
    assert result.best_name == result.leaderboard.index[0]
    assert best.score(data.dropna(subset=["target"]), data["target"].dropna()) > 0.9
    # One-hot columns of the categorical feature get their own coefficients.
    assert {"region_east", "region_north", "region_south"} <= set(
        result.coefficients.index
    )
    assert list(result.coefficients.columns) == [
        "class barbera", "class barolo", "class grignolino"]  # fmt: skip
    assert result.path.index.is_monotonic_decreasing  # strongest penalty first
    assert len(result.oof_predictions) == 175
    assert result.diagnosis.error_name == "1 - accuracy"
    assert result.diagnosis.dev_error < 0.2
    history = result.curve_model.history_
    assert all(r["val_loss"] is not None for r in history)


def test_run_study_regression_path_and_diagnosis():
    data = _diabetes_table()
    result = run_study(data, target="target", task="regression", cv=3, quick=True)
    assert result.scoring == "r2" and result.diagnosis.error_name == "1 - r2"
    assert result.path.attrs["model"] in ("lasso", "ridge", "elasticnet")
    assert set(result.path.columns) == set(result.coefficients.index)
    rmse = np.sqrt(np.mean((result.y_true - result.oof_predictions) ** 2))
    assert 40 < rmse < 70  # diabetes target: std 77, good models reach about 54


@pytest.mark.parametrize(
    "values, task",
    [
        (["a", "b", "a"], "classification"),
        ([True, False, True], "classification"),
        ([0, 1, 1, 0], "classification"),
        ([1.0, 2.0, 3.0, 2.0], "classification"),  # integers stored as floats
        (list(range(11)), "regression"),  # more than 10 distinct integers
        ([0.5, 1.0, 1.5], "regression"),
    ],
)
def test_infer_task_rule(values, task):
    assert infer_task(pd.Series(values))[0] == task


def test_study_errors_in_python():
    data = pd.DataFrame({"x": np.arange(20.0), "y": ["a", "b"] * 10})
    with pytest.raises(StudyError, match="task must be 'auto', 'classification' or "
                       "'regression'; got task='cluster'"):  # fmt: skip
        run_study(data, "y", task="cluster")
    with pytest.raises(StudyError, match="task='regression' needs a numeric target; "
                       "'y' holds values such as 'a'"):  # fmt: skip
        run_study(data, "y", task="regression")
    with pytest.raises(StudyError, match="cv must be an int >= 2; got cv=1"):
        run_study(data, "y", cv=1)
    with pytest.raises(TypeError, match="data must be a pandas DataFrame; got dict"):
        run_study({"x": [1]}, "x")


# --------------------------------------------------------------------------------
# Bad input: one line on stderr, exit status 1, no traceback


def _frame(n=20, **columns):
    base = {"x": np.arange(float(n)), "y": ["a", "b"] * (n // 2)}
    base.update(columns)
    return pd.DataFrame(base)


_BAD_TABLES = {
    "missing target": (_frame(), "target column 'nope' not found; available "
                       "columns: 'x', 'y'", "nope"),
    "no feature": (_frame()[["y"]], "no usable feature besides the target 'y': "
                   "the table has no other column", "y"),
    "only empty features": (_frame().assign(x=np.nan), "no usable feature besides "
                            "the target 'y': column 'x' skipped: every value is "
                            "missing", "y"),
    "too few rows": (_frame(8), r"too few rows: 8 rows with a target value; cv=5 "
                     "needs at least 10", "y"),
    "one class": (_frame().assign(y="a"), "the target 'y' has a single class "
                  r"\('a'\); classification needs at least 2 classes", "y"),
    "rare class": (_frame().assign(y=["a"] * 17 + ["b"] * 3), "class 'b' of 'y' "
                   "has only 3 rows; stratified cv=5 needs at least 5", "y"),
    "constant target": (_frame().assign(y=1.5), "the target 'y' is constant", "y"),
}  # fmt: skip


def _assert_one_line_error(code, err, match):
    assert code == 1
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("skreg study: error: "), err
    assert re.search(match, lines[0]), lines[0]


@pytest.mark.parametrize("name", list(_BAD_TABLES))
def test_bad_tables_give_one_line_errors(tmp_path, capsys, name):
    data, match, target = _BAD_TABLES[name]
    path = tmp_path / "data.csv"
    data.to_csv(path, index=False)
    code, _, err = _run(capsys, path, "--target", target, "--out", tmp_path / "o")
    _assert_one_line_error(code, err, match)
    assert not (tmp_path / "o").exists()  # nothing written for bad input


_BAD_FILES = {
    "empty file": (b"", "is empty$"),
    "header only": (b"x,y\n", "has a header but no data rows"),
    "blank lines": (b"\n\n\n", r"is empty \(no header row\)"),
    "binary": (bytes(range(256)) * 4, "is not a CSV text file"),
    "not utf-8": ("x,y\n1,caf\u00e9\n".encode("latin-1"), "is not UTF-8 text"),
    "ragged": (b"x,y\n1,2\n1,2,3,4\n", "could not be read as CSV: Error tokenizing"),
}


@pytest.mark.parametrize("name", list(_BAD_FILES))
def test_unreadable_files_give_one_line_errors(tmp_path, capsys, name):
    content, match = _BAD_FILES[name]
    path = tmp_path / "data.csv"
    path.write_bytes(content)
    code, _, err = _run(capsys, path, "--target", "y")
    _assert_one_line_error(code, err, match)


def test_missing_file_folder_and_out_file(tmp_path, capsys):
    code, _, err = _run(capsys, tmp_path / "none.csv", "--target", "y")
    _assert_one_line_error(code, err, "cannot read .*none.csv: no such file")
    code, _, err = _run(capsys, tmp_path, "--target", "y")
    _assert_one_line_error(code, err, "it is a folder, not a CSV file")
    path, out = tmp_path / "d.csv", tmp_path / "out.txt"
    _frame().to_csv(path, index=False)
    out.write_text("x")
    code, _, err = _run(capsys, path, "--target", "y", "--out", out)
    _assert_one_line_error(code, err, "--out must be a folder; .*out.txt is a file")


@pytest.mark.parametrize(
    "argv, message",
    [
        (["data.csv"], "the following arguments are required: --target"),
        (["data.csv", "--target", "y", "--cv", "1"], "--cv: must be an int >= 2"),
        (["data.csv", "--target", "y", "--task", "x"], "--task: invalid choice"),
    ],
)
def test_usage_errors_exit_2(capsys, argv, message):
    with pytest.raises(SystemExit) as exc:
        cli.main(["study", *argv])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_read_csv_returns_the_table(tmp_path):
    path = tmp_path / "t.csv.gz"
    _frame().to_csv(path, index=False)  # compressed: binary, but a CSV inside
    pd.testing.assert_frame_equal(read_csv(path), _frame())


def test_save_model_goes_through_skreg_save(tmp_path, monkeypatch):
    path = tmp_path / "model.skreg"
    calls = []
    monkeypatch.setattr(skreg, "save", lambda m, p: calls.append((m, p)), raising=False)
    assert save_model("model", path) == (f"model file: {path} (reload with skreg.load)")
    assert calls == [("model", path)]

    def refuse(model, path):
        raise TypeError("cannot save a FunctionTransformer")

    monkeypatch.setattr(skreg, "save", refuse)
    assert save_model("model", path) == (
        "model file: not written (TypeError: cannot save a FunctionTransformer)"
    )
