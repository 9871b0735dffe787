"""Tests for skreg.plotting (Agg backend, set in conftest)."""

import sys

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.datasets import load_diabetes, load_wine
from sklearn.linear_model import Lasso, Ridge
from sklearn.model_selection import KFold, validation_curve

from skreg import (
    HoldoutSplit,
    compare_linear_models,
    plot_coefficients,
    plot_regularization_path,
    plot_validation_curve,
    regularization_path,
)
from skreg.plotting import (
    AlphaCurveDisplay,
    CoefficientDisplay,
    RegularizationPathDisplay,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def wine_result():
    X, y = load_wine(return_X_y=True, as_frame=True)
    return compare_linear_models(X, y, alpha=0.05, test_size=0.3, random_state=101)


@pytest.fixture(scope="module")
def diabetes():
    return load_diabetes(return_X_y=True, as_frame=True)


def test_coefficient_bars(wine_result):
    display = plot_coefficients(wine_result)
    assert isinstance(display, CoefficientDisplay)
    ax = display.ax_
    assert len(display.bars_) == 4
    assert len(ax.patches) == 13 * 4
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["linear", "ridge", "lasso", "elasticnet"]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == list(wine_result.coefficients.index)
    heights = [bar.get_height() for bar in display.bars_[2]]
    np.testing.assert_allclose(heights, wine_result.coefficients["lasso"])
    assert sum(h == 0 for h in heights) == 6  # the six zeroed Lasso weights
    assert ax.get_ylabel() == "coefficient"


def test_result_plot_method_and_given_axes(wine_result):
    fig, ax = plt.subplots()
    display = wine_result.plot(ax=ax)
    assert display.ax_ is ax and display.figure_ is fig
    assert len(ax.patches) == 52


def test_coefficient_bars_from_dataframe_and_classification():
    X, y = load_wine(return_X_y=True, as_frame=True)
    res = compare_linear_models(X, y, task="classification", scale=True,
                                models=("ridge", "lasso"), random_state=0)  # fmt: skip
    display = plot_coefficients(res.coefficients)
    legend = [t.get_text() for t in display.ax_.get_legend().get_texts()]
    assert legend == ["ridge[0]", "ridge[1]", "ridge[2]", "lasso[0]", "lasso[1]",
                      "lasso[2]"]  # fmt: skip
    assert len(display.ax_.patches) == 13 * 6
    assert res.coefficients.columns.nlevels == 2  # the input table is untouched


def test_coefficient_bars_reject_other_input():
    with pytest.raises(TypeError, match="coefficients must be a LinearComparison or a "
                       "DataFrame .* got ndarray"):  # fmt: skip
        plot_coefficients(np.zeros((3, 2)))


def test_regularization_path_lines(diabetes):
    X, y = diabetes
    path = regularization_path(X, y, model="lasso")
    display = plot_regularization_path(path)
    assert isinstance(display, RegularizationPathDisplay)
    ax = display.ax_
    assert len(display.lines_) == len(ax.get_lines()) == 10
    assert ax.get_xscale() == "log" and ax.get_xlabel() == "alpha"
    assert ax.get_title() == "lasso path"
    assert [line.get_label() for line in display.lines_] == list(X.columns)
    np.testing.assert_allclose(display.lines_[2].get_xdata(), path.index)
    np.testing.assert_allclose(display.lines_[2].get_ydata(), path["bmi"])


def test_regularization_path_without_legend_and_bad_input(diabetes):
    X, y = diabetes
    display = plot_regularization_path(regularization_path(X, y, model="ridge"),
                                       legend=False)  # fmt: skip
    assert display.ax_.get_legend() is None
    assert display.ax_.get_title() == "ridge path"
    with pytest.raises(TypeError, match="path must be the DataFrame returned by "
                       "regularization_path; got list"):  # fmt: skip
        plot_regularization_path([1, 2])


@pytest.mark.parametrize(
    "cv", [KFold(5, shuffle=True, random_state=42), HoldoutSplit(0.25, random_state=0)]
)
def test_validation_curve_over_alpha(diabetes, cv):
    X, y = diabetes
    alphas = np.geomspace(10.0, 0.01, 7)
    display = plot_validation_curve(Lasso(), X, y, alphas=alphas, cv=cv)
    assert isinstance(display, AlphaCurveDisplay)
    ax = display.ax_
    assert [line.get_label() for line in display.lines_] == ["train", "dev"]
    assert len(ax.get_lines()) == 3  # train, dev and the best-alpha marker
    assert ax.get_xscale() == "log" and ax.get_xlabel() == "alpha"
    _, dev = validation_curve(Lasso(), X, y, param_name="alpha", param_range=alphas,
                              cv=cv)  # fmt: skip
    np.testing.assert_allclose(display.dev_scores, dev)
    np.testing.assert_allclose(display.lines_[1].get_ydata(), dev.mean(axis=1))
    assert display.best_alpha_ == alphas[int(np.argmax(dev.mean(axis=1)))]
    assert ax.get_lines()[2].get_xdata()[0] == display.best_alpha_


def test_validation_curve_bad_alphas(diabetes):
    X, y = diabetes
    with pytest.raises(ValueError, match="alphas must be a non-empty 1-D sequence of "
                       "positive numbers; got alphas="):  # fmt: skip
        plot_validation_curve(Ridge(), X, y, alphas=[1.0, 0.0])


def test_missing_matplotlib_gives_install_hint(monkeypatch, wine_result):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r'pip install "skreg\[plot\]"'):
        plot_coefficients(wine_result)


def test_import_skreg_does_not_import_matplotlib():
    import subprocess

    code = "import sys, skreg; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)  # fmt: skip
    assert out.stdout.strip() == "False"
