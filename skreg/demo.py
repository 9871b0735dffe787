"""``skreg demo``: the seed lessons end to end, on data skreg brings itself.

Five lessons, each printed as compact tables and written as one section of an
offline HTML report (``index.html`` + ``img/*.png``):

1. scaling: z-score vs min-max on money-like and hour-like columns, distances
   before and after, k-NN on wine, and skreg's scalers vs scikit-learn's on
   hard data;
2. Lasso vs Ridge on wine, with regularization paths;
3. a RegularizedMLPClassifier on the digits with and without dropout and batch
   norm: K-fold scores and learning curves;
4. Monte-Carlo dropout: the least certain digits;
5. bias vs variance with the "basic recipe".

``run_demo(quick=True)`` shrinks every network, epoch count and fold count so
that the whole run takes a few seconds.
"""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pandas as pd
from sklearn.datasets import load_digits, load_wine
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import (
    StratifiedKFold,
    cross_val_score,
    cross_validate,
    train_test_split,
)
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from threadpoolctl import threadpool_limits

import skreg
from skreg import plotting
from skreg.report import Progress, Report

__all__ = ["run_demo"]

# Sizes of the two runs. The full one finishes in well under a minute on two
# cores; the quick one is for tests and a first look.
_SETTINGS = {
    "full": dict(
        folds=5,
        n_digits=None,
        hidden=(128,),
        epochs=30,
        curve_hidden=(256, 128),
        curve_epochs=60,
        mc_samples=100,
    ),
    "quick": dict(
        folds=3,
        n_digits=600,
        hidden=(32,),
        epochs=15,
        curve_hidden=(32,),
        curve_epochs=20,
        mc_samples=20,
    ),
}

_VARIANTS = {
    "plain": {},
    "dropout 0.3": {"dropout": 0.3},
    "batch norm": {"batch_norm": True},
    "dropout 0.3 + batch norm": {"dropout": 0.3, "batch_norm": True},
}


def _quietly(func, *args, **kwargs):
    """Call ``func`` without ConvergenceWarnings: the demo caps epochs on purpose."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return func(*args, **kwargs)


def _mean_std(values):
    return f"{np.mean(values):.3f} +- {np.std(values):.3f}"


# --------------------------------------------------------------------------------
# 1. Scaling


def _money_hours(random_state, n=500):
    """Seed 000's table: money in 1e3..1e8 next to hours in 0..24."""
    rng = np.random.default_rng(random_state)
    return pd.DataFrame(
        {"money": 10 ** rng.uniform(3, 8, n), "hours": rng.uniform(0, 24, n)}
    )


def _hours_share(frame, random_state, n_pairs=2000):
    """Mean share of the squared distance between two rows due to 'hours'."""
    rng = np.random.default_rng(random_state)
    a, b = rng.integers(0, len(frame), (2, n_pairs))
    diff = (frame.to_numpy()[a] - frame.to_numpy()[b]) ** 2
    total = diff.sum(axis=1)
    keep = total > 0
    return float(np.mean(diff[keep, 1] / total[keep]))


def _scaled_versions(table):
    scalers = {"z-score": skreg.ZScoreScaler(), "min-max": skreg.MinMaxScaler()}
    frames = {"raw": table}
    for name, scaler in scalers.items():
        frames[name] = scaler.set_output(transform="pandas").fit_transform(table)
    return frames


def _range_table(frames):
    rows = {
        (name, column): {
            "min": frame[column].min(),
            "max": frame[column].max(),
            "mean": frame[column].mean(),
            "std": frame[column].std(ddof=0),
        }
        for name, frame in frames.items()
        for column in frame
    }
    return pd.DataFrame.from_dict(rows, orient="index")


def _distance_table(frames, random_state):
    shares = {name: _hours_share(f, random_state) for name, f in frames.items()}
    return pd.DataFrame({"hours' share": shares}).rename_axis("scaling")


def _knn_on_wine(folds, random_state):
    X, y = load_wine(return_X_y=True, as_frame=True)
    cv = StratifiedKFold(folds, shuffle=True, random_state=random_state)
    rows = {}
    for name, scaler in [
        ("raw", None),
        ("ZScoreScaler", skreg.ZScoreScaler()),
        ("MinMaxScaler", skreg.MinMaxScaler()),
    ]:
        knn = KNeighborsClassifier(5)
        model = knn if scaler is None else make_pipeline(scaler, knn)
        rows[name] = {"accuracy": _mean_std(cross_val_score(model, X, y, cv=cv))}
    return pd.DataFrame.from_dict(rows, orient="index")


def _hard_data_table():
    """skreg's scalers vs scikit-learn's where float64 arithmetic is hard."""
    from sklearn.preprocessing import MinMaxScaler as SkMinMax
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(0)
    cases = {
        "1e9 + N(0, 1e-6)": 1e9 + 1e-6 * rng.normal(size=(1000, 1)),
        "N(0, 1) * 1e200": 1e200 * rng.normal(size=(1000, 1)),
        "values near +-1e308": np.array([[-1.7e308], [0.0], [1.7e308], [1e308]]),
        "float16 at +-6e4": np.array([[-6e4], [6e4], [-6e4], [6e4]], np.float16),
    }
    rows = {}
    for name, X in cases.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # scikit-learn's NaN/inf
            sk_z = StandardScaler().fit_transform(X).astype(np.float64)
            sk_m = SkMinMax().fit_transform(X).astype(np.float64)
        ours_z = skreg.ZScoreScaler().fit_transform(X).astype(np.float64)
        ours_m = skreg.MinMaxScaler().fit_transform(X).astype(np.float64)
        rows[name] = {
            "std skreg": f"{np.std(ours_z):.6f}",
            "std sklearn": f"{np.std(sk_z):.6f}",
            "range skreg": f"[{np.min(ours_m):.2f}, {np.max(ours_m):.2f}]",
            "range sklearn": f"[{np.min(sk_m):.2f}, {np.max(sk_m):.2f}]",
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def _lesson_scaling(section, settings, state):
    frames = _scaled_versions(_money_hours(state["random_state"]))
    section.text(
        "Seed 000: normalization is preprocessing. With money in 1,000..100,000,000 "
        "next to hours in 0..24, the hours vanish from every distance; z-score "
        "((x - mean) / std) and min-max (to [0, 1]) give both columns a say."
    )
    section.table(
        _range_table(frames), caption="Money and hours before and after scaling"
    )
    section.table(
        _distance_table(frames, state["random_state"]),
        caption="Share of the squared distance between two rows due to the hours",
    )
    section.plot(
        "feature_ranges",
        lambda: plotting.plot_feature_ranges(frames),
        caption="Column ranges: raw, z-score, min-max",
    )
    section.table(
        _knn_on_wine(settings["folds"], state["random_state"]),
        caption=f"5-nearest neighbours on wine, {settings['folds']}-fold accuracy",
    )
    section.text(
        "skreg's scalers give the same results as scikit-learn's on ordinary "
        "data; on hard data they stay exact (standardized std 1, min-max range "
        "[0, 1]) where scikit-learn returns NaN, inf or zeros."
    )
    section.table(_hard_data_table(), caption="Scalers on hard data")


# --------------------------------------------------------------------------------
# 2. Lasso vs Ridge


def _nonzero_along_paths(paths, n_rows=6):
    lasso = paths["lasso"]
    picks = np.linspace(0, len(lasso) - 1, n_rows).round().astype(int)
    table = pd.DataFrame(
        {
            "lasso alpha": lasso.index[picks],
            "lasso non-zero": (lasso.iloc[picks] != 0).sum(axis=1).to_numpy(),
        }
    )
    ridge = paths["ridge"]
    table["ridge alpha"] = ridge.index[picks]
    table["ridge non-zero"] = (ridge.iloc[picks] != 0).sum(axis=1).to_numpy()
    return table.set_index("lasso alpha")


def _draw_paths(paths):
    plt = plotting._pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    plotting.plot_regularization_path(paths["lasso"], ax=axes[0], legend=False)
    plotting.plot_regularization_path(paths["ridge"], ax=axes[1])
    axes[1].legend(fontsize="x-small", ncol=2)
    fig.tight_layout()
    return fig


def _lesson_linear(section, settings, state):
    X, y = load_wine(return_X_y=True, as_frame=True)
    result = skreg.compare_linear_models(
        X, y, alpha=0.05, test_size=0.3, random_state=101
    )
    kept = int(result.summary.loc["lasso", "n_nonzero"])
    section.text(
        "Seed 000: on wine (13 features, class number as a numeric target, 30 % "
        "test split with random_state=101, alpha=0.05), L2 (Ridge) barely moves "
        "the least-squares coefficients while L1 (Lasso) sets small ones to "
        "exactly zero, like a feature selection, and its test error stays as low."
    )
    section.table(
        result.summary[["n_nonzero", "train_mse", "test_mse", "test_r2"]],
        caption="Linear models on wine",
    )
    zeroed = result.coefficients.index[result.coefficients["lasso"] == 0]
    section.note(
        f"Lasso keeps {kept} of {X.shape[1]} coefficients; it zeroes "
        f"{', '.join(zeroed)}."
    )
    # + 0.0 turns the -0.0 of a zeroed Lasso weight into 0 for display.
    section.table(result.coefficients + 0.0, caption="Coefficients")
    section.plot("coefficients", lambda: result.plot(), caption="Coefficients by model")
    Xs = skreg.ZScoreScaler().set_output(transform="pandas").fit_transform(X)
    paths = {m: skreg.regularization_path(Xs, y, model=m) for m in ("lasso", "ridge")}
    section.text(
        "Regularization paths on the standardized features: as alpha shrinks, "
        "Lasso lets features in one by one; Ridge shrinks all of them smoothly "
        "and never to exactly zero."
    )
    section.table(
        _nonzero_along_paths(paths), caption="Non-zero coefficients along the paths"
    )
    section.plot(
        "regularization_paths",
        lambda: _draw_paths(paths),
        caption="Lasso (left) and Ridge (right) paths",
    )


# --------------------------------------------------------------------------------
# 3. Dropout and batch norm on the digits


def _digits(settings):
    X, y = load_digits(return_X_y=True)
    n = settings["n_digits"] or len(y)
    return X[:n], y[:n]


def _mlp(settings, random_state, *, curve=False, **params):
    return skreg.RegularizedMLPClassifier(
        hidden_layer_sizes=settings["curve_hidden" if curve else "hidden"],
        max_iter=settings["curve_epochs" if curve else "epochs"],
        learning_rate_init=0.003 if curve else 0.005,
        random_state=random_state,
        **params,
    )


def _kfold_table(X, y, settings, state):
    cv = StratifiedKFold(
        settings["folds"], shuffle=True, random_state=state["random_state"]
    )
    rows, scores = {}, {}
    for name, params in _VARIANTS.items():
        model = _mlp(settings, state["random_state"], **params)
        run = _quietly(cross_validate, model, X, y, cv=cv, return_train_score=True)
        scores[name] = run
        rows[name] = {
            "train accuracy": _mean_std(run["train_score"]),
            "CV accuracy": _mean_std(run["test_score"]),
            "fit time (s)": f"{np.mean(run['fit_time']):.2f}",
        }
    state["cv_scores"] = scores
    return pd.DataFrame.from_dict(rows, orient="index")


def _curve_fits(X, y, settings, state):
    """Fit each variant on 30 % of the rows, validating on the rest every epoch."""
    X_tr, X_te, y_tr, y_te = train_test_split(
        X, y, train_size=0.3, stratify=y, random_state=state["random_state"]
    )
    models, rows = {}, {}
    for name, params in _VARIANTS.items():
        model = _mlp(settings, state["random_state"], curve=True, **params)
        _quietly(model.fit, X_tr / 16, y_tr, X_val=X_te / 16, y_val=y_te)
        val = [r["val_loss"] for r in model.history_]
        rows[name] = {
            "final train loss": model.history_[-1]["loss"],
            "best val loss": min(val),
            "at epoch": int(np.argmin(val)) + 1,
            "final val loss": val[-1],
            "test accuracy": model.score(X_te / 16, y_te),
        }
        models[name] = model
    state.update(curve_models=models, test=(X_te, y_te))
    return pd.DataFrame.from_dict(rows, orient="index")


def _draw_curves(models):
    plt = plotting._pyplot()
    fig, axes = plt.subplots(2, 2, figsize=(10, 7), sharex=True, sharey=True)
    for ax, (name, model) in zip(axes.ravel(), models.items(), strict=True):
        plotting.plot_learning_curves({name: model}, ax=ax)
        ax.set_title(name)
    fig.tight_layout()
    return fig


def _lesson_mlp(section, settings, state):
    X, y = _digits(settings)
    hidden = settings["hidden"]
    section.text(
        "Seeds 000-002: dropout drops hidden units at random while training; "
        "batch norm standardizes each hidden layer per mini-batch. Here a "
        f"RegularizedMLPClassifier(hidden_layer_sizes={hidden}) on {len(y)} 8x8 "
        "digits, "
        f"{settings['epochs']} epochs, with and without them, scored by "
        f"{settings['folds']}-fold stratified cross-validation."
    )
    section.table(
        _kfold_table(X / 16, y, settings, state),
        caption="K-fold accuracy (mean +- std over folds)",
    )
    section.text(
        "Learning curves: a wider network "
        f"{settings['curve_hidden']} fitted on 30 % of the digits for "
        f"{settings['curve_epochs']} epochs, with the other 70 % as validation "
        "set (fit(..., X_val=, y_val=)). The training loss keeps falling; the "
        "validation loss flattens or rises once the network starts to memorize. "
        "The training loss is measured with dropout on, so it sits above the "
        "validation loss for the dropout variants."
    )
    section.table(
        _curve_fits(X, y, settings, state), caption="Training vs validation loss"
    )
    section.plot(
        "learning_curves",
        lambda: _draw_curves(state["curve_models"]),
        caption="Train (solid) and validation (dashed) loss per epoch",
    )


# --------------------------------------------------------------------------------
# 4. Monte-Carlo dropout


def _least_certain(model, samples, y_te, n=8):
    pred, proba, spread = plotting._class_spread(samples)
    rows = np.argsort(-spread, kind="stable")[:n]
    labels = model.classes_[pred]
    return pd.DataFrame(
        {
            "true": y_te[rows],
            "predicted": labels[rows],
            "P(predicted)": proba[rows],
            "spread": spread[rows],
        },
        index=pd.Index(rows, name="test row"),
    ), (labels, spread)


def _uncertainty_split(labels, spread, y_te):
    """Accuracy on the 10 % most uncertain test rows vs on the others."""
    order = np.argsort(-spread, kind="stable")
    k = max(1, len(order) // 10)
    correct = labels == y_te
    return pd.DataFrame(
        {
            "rows": [k, len(order) - k],
            "accuracy": [correct[order[:k]].mean(), correct[order[k:]].mean()],
            "mean spread": [spread[order[:k]].mean(), spread[order[k:]].mean()],
        },
        index=["10 % most uncertain", "the other 90 %"],
    )


def _lesson_mc(section, settings, state):
    model = state["curve_models"]["dropout 0.3"]
    X_te, y_te = state["test"]
    n = settings["mc_samples"]
    samples = model.predict_proba_mc(
        X_te / 16, n_samples=n, random_state=state["random_state"]
    )
    section.text(
        "Seed 002: keep dropout on at prediction time and predict "
        f"{n} times; the mean is the prediction and the standard deviation of the "
        "predicted class's probability (the spread) its uncertainty. Batch norm "
        "would stay in inference mode and the fitted model is not changed. Model: "
        "the 'dropout 0.3' network of the previous lesson, on its validation rows."
    )
    table, (labels, spread) = _least_certain(model, samples, y_te)
    section.table(table, caption="The 8 least certain test digits")
    section.table(
        _uncertainty_split(labels, spread, y_te), caption="Is the spread informative?"
    )
    section.plot(
        "uncertain_digits",
        lambda: plotting.plot_uncertain_images(
            X_te, samples, y_true=y_te, classes=model.classes_
        ),
        caption="The least certain digits (red: wrong)",
    )
    section.plot(
        "mc_uncertainty",
        lambda: plotting.plot_mc_uncertainty(
            samples, y_true=y_te, classes=model.classes_
        ),
        caption="Mean probability +- spread, most uncertain first",
    )


# --------------------------------------------------------------------------------
# 5. Bias vs variance


def _diagnoses(X, y, settings, state):
    """Recipe verdicts from the K-fold runs, plus a deliberately tiny network."""
    cv = StratifiedKFold(
        settings["folds"], shuffle=True, random_state=state["random_state"]
    )
    tiny = _mlp(settings, state["random_state"]).set_params(hidden_layer_sizes=(8,))
    runs = {
        "tiny (8,) network": _quietly(
            cross_validate, tiny, X, y, cv=cv, return_train_score=True
        )
    }
    runs.update(state["cv_scores"])
    return {
        name: skreg.diagnose_bias_variance(
            1 - float(np.mean(run["train_score"])),
            1 - float(np.mean(run["test_score"])),
            error_name="1 - accuracy",
        )
        for name, run in runs.items()
    }


def _lesson_bias_variance(section, settings, state):
    X, y = _digits(settings)
    diagnoses = _diagnoses(X / 16, y, settings, state)
    section.text(
        "Seed 001's basic recipe: avoidable bias = train error - human-level "
        "error (about 0 for digits); variance = dev error - train error. More "
        "than 2 points of bias asks for a bigger model or longer training; more "
        "than 2 points of variance for more data or more regularization. Errors "
        "are 1 - accuracy from the K-fold runs above (skreg.diagnose_bias_variance;"
        " skreg.bias_variance_report does the cross-validation in one call)."
    )
    table = pd.DataFrame.from_dict(
        {
            name: {
                "train error": d.train_error,
                "dev error": d.dev_error,
                "avoidable bias": d.avoidable_bias,
                "variance": d.variance,
                "verdict": d.verdict,
            }
            for name, d in diagnoses.items()
        },
        orient="index",
    )
    section.table(table, caption="Bias vs variance")
    advice = dict.fromkeys(tip for d in diagnoses.values() for tip in d.advice)
    section.items(advice)
    section.plot(
        "bias_variance",
        lambda: plotting.plot_bias_variance(diagnoses),
        caption="Train and dev error per model",
    )


# --------------------------------------------------------------------------------
# The run


_LESSONS = (
    ("1. Scaling: z-score vs min-max", _lesson_scaling),
    ("2. Lasso vs Ridge on wine", _lesson_linear),
    ("3. Dropout and batch norm on the digits", _lesson_mlp),
    ("4. Monte-Carlo dropout: the least certain digits", _lesson_mc),
    ("5. Bias vs variance: the basic recipe", _lesson_bias_variance),
)


def run_demo(
    out="skreg-report", *, quick=False, random_state=0, console=None, progress=None
):
    """Run every lesson, print its tables and write the report folder.

    Parameters
    ----------
    out : str or path-like, default="skreg-report"
        Folder for ``index.html`` and ``img/*.png`` (created if missing).
    quick : bool, default=False
        Smaller networks, fewer epochs and folds: a few seconds instead of
        about half a minute.
    random_state : int, default=0
        Seed of every split, network and Monte-Carlo sample.
    console : file-like, default=None
        Where the tables go; default standard output.
    progress : skreg.report.Progress, default=None
        Step lines; default one line per lesson on standard error.

    Returns
    -------
    report : skreg.report.Report
        The written report (``report.missing_plots`` counts plots skipped for
        lack of matplotlib); ``out/index.html`` is its page.

    Examples
    --------
    >>> import io, tempfile
    >>> from pathlib import Path
    >>> from skreg.demo import run_demo
    >>> from skreg.report import Progress
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     report = run_demo(folder, quick=True, console=io.StringIO(),
    ...                       progress=Progress(quiet=True))
    ...     print((Path(folder) / "index.html").exists(), len(report.sections))
    True 5
    """
    console = sys.stdout if console is None else console
    settings = _SETTINGS["quick" if quick else "full"]
    progress = Progress() if progress is None else progress
    progress.total = len(_LESSONS) + 1
    report = Report(
        "skreg demo: regularization and normalization, lesson by lesson",
        subtitle=f"{'quick' if quick else 'full'} run, random_state={random_state}",
        console=console,
    )
    state = {"random_state": random_state}
    # The networks are small: a second BLAS thread gains little, and on a busy
    # machine its spin-waiting made the fits up to ten times slower.
    with threadpool_limits(1, user_api="blas"):
        for title, lesson in _LESSONS:
            with report.step(title, progress) as section:
                lesson(section, settings, state)
    with progress.step("writing the report"):
        report.write(out)
    return report
