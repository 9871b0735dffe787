"""Tests for skreg.plotting (Agg backend, set in conftest)."""

import sys
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_diabetes, load_wine
from sklearn.exceptions import ConvergenceWarning
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
    BiasVarianceDisplay,
    CoefficientDisplay,
    ConfusionDisplay,
    FeatureRangesDisplay,
    LearningCurvesDisplay,
    MCUncertaintyDisplay,
    RegularizationPathDisplay,
    ResidualsDisplay,
    UncertainImagesDisplay,
    plot_bias_variance,
    plot_confusion_matrix,
    plot_feature_ranges,
    plot_learning_curves,
    plot_mc_uncertainty,
    plot_residuals,
    plot_uncertain_images,
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


# --------------------------------------------------------------------------------
# Learning curves, Monte-Carlo dropout, errors, bias vs variance, feature ranges


@pytest.fixture(scope="module")
def digits_mlp():
    from sklearn.datasets import load_digits

    from skreg import RegularizedMLPClassifier

    X, y = load_digits(return_X_y=True)
    X = X / 16
    clf = RegularizedMLPClassifier((32,), dropout=0.3, max_iter=8, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # 8 epochs on purpose
        clf.fit(X[:400], y[:400], X_val=X[400:600], y_val=y[400:600])
    return clf, X[400:600], y[400:600]


def test_learning_curves_plot_history(digits_mlp):
    clf, _, _ = digits_mlp
    no_val = [{k: (None if k == "val_loss" else v) for k, v in r.items()}
              for r in clf.history_]  # fmt: skip
    display = plot_learning_curves({"dropout": clf, "no validation": no_val})
    assert isinstance(display, LearningCurvesDisplay)
    assert list(display.train_lines_) == ["dropout", "no validation"]
    assert list(display.val_lines_) == ["dropout"]  # only where val_loss exists
    line = display.train_lines_["dropout"]
    np.testing.assert_array_equal(line.get_xdata(), np.arange(1, clf.n_iter_ + 1))
    np.testing.assert_allclose(line.get_ydata(), [r["loss"] for r in clf.history_])
    np.testing.assert_allclose(display.val_lines_["dropout"].get_ydata(),
                               [r["val_loss"] for r in clf.history_])  # fmt: skip
    assert display.val_lines_["dropout"].get_linestyle() == "--"
    assert display.ax_.get_yscale() == "log" and display.ax_.get_xlabel() == "epoch"
    single = plot_learning_curves(clf)  # one estimator, labelled by its class
    assert list(single.train_lines_) == ["RegularizedMLPClassifier"]


def test_learning_curves_reject_unfitted_and_empty():
    from skreg import RegularizedMLPRegressor

    with pytest.raises(TypeError, match=r"models\['net'\] must be a fitted skreg "
                       r"MLP .* got RegularizedMLPRegressor"):  # fmt: skip
        plot_learning_curves({"net": RegularizedMLPRegressor()})
    with pytest.raises(ValueError, match="models must name at least one model"):
        plot_learning_curves({})


def test_mc_uncertainty_sorts_by_spread_and_marks_errors():
    # Row 0: certain class 0; row 1: class 1 with spread 0.3; row 2: class 0
    # with spread 0.1 (true label 2, so wrong).
    samples = np.array([
        [[1.0, 0.0, 0.0], [0.1, 0.9, 0.0], [0.6, 0.2, 0.2]],
        [[1.0, 0.0, 0.0], [0.4, 0.3, 0.3], [0.8, 0.1, 0.1]],
    ])  # fmt: skip
    display = plot_mc_uncertainty(samples, y_true=["a", "b", "c"],
                                  classes=["a", "b", "c"])  # fmt: skip
    assert isinstance(display, MCUncertaintyDisplay)
    np.testing.assert_array_equal(display.rows_, [1, 2, 0])
    np.testing.assert_allclose(display.spread_, [0.3, 0.1, 0.0])
    np.testing.assert_allclose(display.mean_, [0.6, 0.7, 1.0])
    labels = [t.get_text() for t in display.ax_.get_legend().get_texts()]
    assert labels == ["prediction", "wrong"]


def test_mc_uncertainty_regression_and_real_model(digits_mlp):
    samples = np.array([[1.0, 5.0], [3.0, 5.0]])  # predict_mc: (n_samples, n_rows)
    display = plot_mc_uncertainty(samples, y_true=[2.0, 4.0])
    np.testing.assert_array_equal(display.rows_, [0, 1])
    np.testing.assert_allclose(display.mean_, [2.0, 5.0])
    assert display.ax_.get_ylabel() == "prediction"
    clf, X, y = digits_mlp
    proba = clf.predict_proba_mc(X, n_samples=20, random_state=0)
    display = plot_mc_uncertainty(proba, y_true=y, classes=clf.classes_, max_rows=15)
    assert len(display.rows_) == 15
    assert np.all(np.diff(display.spread_) <= 0)


@pytest.mark.parametrize(
    "samples, match",
    [
        (np.zeros((1, 3)), r"samples must have shape .* got shape \(1, 3\)"),
        (np.zeros((4,)), r"got shape \(4,\)"),
        (np.full((2, 3, 2), 0.7), "must be probabilities"),
    ],
)
def test_mc_uncertainty_rejects_bad_samples(samples, match):
    with pytest.raises(ValueError, match=match):
        plot_mc_uncertainty(samples)


def test_uncertain_images_show_the_least_certain_rows(digits_mlp):
    clf, X, y = digits_mlp
    proba = clf.predict_proba_mc(X, n_samples=20, random_state=0)
    display = plot_uncertain_images(X, proba, n=6, y_true=y, classes=clf.classes_,
                                    ncols=3)  # fmt: skip
    assert isinstance(display, UncertainImagesDisplay)
    assert display.axes_.shape == (2, 3) and len(display.rows_) == 6
    std = proba.std(axis=0)
    pred = proba.mean(axis=0).argmax(axis=1)
    spread = std[np.arange(len(pred)), pred]
    np.testing.assert_allclose(display.spread_, np.sort(spread)[::-1][:6])
    for ax, row, label in zip(display.axes_.ravel(), display.rows_,
                              display.predicted_, strict=True):  # fmt: skip
        title = ax.get_title()
        assert title.startswith(f"pred {label} (") and f"true {y[row]}" in title
        wrong = label != y[row]
        assert (ax.title.get_color() == "C3") == wrong
        np.testing.assert_array_equal(ax.get_images()[0].get_array(),
                                      X[row].reshape(8, 8))  # fmt: skip


def test_uncertain_images_shapes():
    samples = np.tile([[[0.5, 0.5]], [[0.9, 0.1]]], (1, 3, 1))  # 2 passes, 3 rows
    display = plot_uncertain_images(np.zeros((3, 2, 3)), samples, n=2)
    assert display.axes_.shape == (1, 2)
    display = plot_uncertain_images(np.zeros((3, 6)), samples, image_shape=(2, 3))
    assert display.axes_[0, 0].get_images()[0].get_array().shape == (2, 3)
    with pytest.raises(ValueError, match="square number of pixels; got shape"):
        plot_uncertain_images(np.zeros((3, 6)), samples)
    with pytest.raises(ValueError, match=r"one column per row of the data \(4\)"):
        plot_uncertain_images(np.zeros((4, 4)), samples)
    with pytest.raises(ValueError, match="must be class probabilities"):
        plot_uncertain_images(np.zeros((3, 4)), samples[:, :, 0])


def test_confusion_matrix_counts_and_annotations():
    from sklearn.metrics import confusion_matrix

    y_true = ["cat", "dog", "dog", "bird", "cat", "dog"]
    y_pred = ["cat", "dog", "cat", "bird", "cat", "bird"]
    display = plot_confusion_matrix(y_true, y_pred)
    assert isinstance(display, ConfusionDisplay)
    assert list(display.labels) == ["bird", "cat", "dog"]
    np.testing.assert_array_equal(
        display.matrix, confusion_matrix(y_true, y_pred, labels=display.labels)
    )
    texts = [t.get_text() for t in display.ax_.texts]
    assert texts == [str(v) for v in display.matrix.ravel()]
    assert display.ax_.get_title() == "confusion matrix (accuracy 0.667)"
    normalized = plot_confusion_matrix(y_true, y_pred, normalize="true")
    np.testing.assert_allclose(normalized.matrix.sum(axis=1), 1.0)
    assert normalized.ax_.texts[0].get_text() == "1.00"


def test_residuals_plot():
    display = plot_residuals([3.0, 1.0, 2.0], [2.5, 1.0, 3.0])
    assert isinstance(display, ResidualsDisplay)
    np.testing.assert_allclose(display.residuals, [0.5, 0.0, -1.0])
    np.testing.assert_allclose(display.points_.get_offsets(),
                               [[2.5, 0.5], [1.0, 0.0], [3.0, -1.0]])  # fmt: skip
    assert display.ax_.get_title() == "residuals (RMSE 0.6455)"
    with pytest.raises(ValueError, match="same length; got 2 and 3 values"):
        plot_residuals([1.0, 2.0], [1.0, 2.0, 3.0])


def test_bias_variance_bars():
    from skreg import diagnose_bias_variance

    diagnoses = {
        "small": diagnose_bias_variance(0.15, 0.16, human_error=0.01),
        "large": diagnose_bias_variance(0.01, 0.11),
    }
    display = plot_bias_variance(diagnoses)
    assert isinstance(display, BiasVarianceDisplay)
    train, dev = display.bars_
    assert [b.get_height() for b in train] == [0.15, 0.01]
    assert [b.get_height() for b in dev] == [0.16, 0.11]
    ticks = [t.get_text() for t in display.ax_.get_xticklabels()]
    assert ticks == ["small\nhigh bias", "large\nhigh variance"]
    assert display.ax_.get_lines()[0].get_ydata()[0] == 0.01  # human-level error
    with pytest.raises(TypeError, match="diagnoses must be a non-empty dict"):
        plot_bias_variance([])


def test_feature_ranges_boxes_per_column():
    raw = pd.DataFrame({"money": [1e3, 5e7, 1e8], "hours": [0.0, 12.0, np.nan]})
    display = plot_feature_ranges({"raw": raw, "scaled": raw / raw.max()})
    assert isinstance(display, FeatureRangesDisplay)
    assert [ax.get_title() for ax in display.axes_] == ["raw", "scaled"]
    ticks = [t.get_text() for t in display.axes_[0].get_xticklabels()]
    assert ticks == ["money", "hours"]
    with pytest.raises(TypeError, match=r"frames\['raw'\] must be a DataFrame; got"):
        plot_feature_ranges({"raw": np.zeros((2, 2))})
    with pytest.raises(TypeError, match="frames must be a non-empty dict"):
        plot_feature_ranges({})


@pytest.mark.parametrize(
    "draw",
    [
        lambda: plot_learning_curves([{"epoch": 1, "loss": 1.0}]),
        lambda: plot_mc_uncertainty(np.zeros((2, 3))),
        lambda: plot_confusion_matrix([0, 1], [0, 1]),
        lambda: plot_residuals([0.0], [1.0]),
        lambda: plot_feature_ranges({"a": pd.DataFrame({"x": [1.0]})}),
    ],
)
def test_new_plots_need_matplotlib(monkeypatch, draw):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r'pip install "skreg\[plot\]"'):
        draw()
