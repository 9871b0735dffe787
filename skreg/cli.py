"""The ``skreg`` command: a thin argparse front over the public API.

skreg demo          # what skreg does, on data it brings itself
skreg --version
"""

import argparse
import sys
import warnings

import numpy as np

import skreg


def _demo_scalers(out):
    """Show where skreg's scalers stay exact and scikit-learn's do not."""
    from sklearn.preprocessing import MinMaxScaler as SkMinMax
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(0)
    cases = {
        "1e9 + N(0, 1e-6) (real, tiny spread)": 1e9 + 1e-6 * rng.normal(size=(1000, 1)),
        "N(0, 1) * 1e200": 1e200 * rng.normal(size=(1000, 1)),
        "values near +-1e308": np.array([[-1.7e308], [0.0], [1.7e308], [1e308]]),
        "float16 at +-6e4": np.array([[-6e4], [6e4], [-6e4], [6e4]], np.float16),
    }
    print("Scalers on hard data (std of the standardized column should be 1;", file=out)
    print("min-max output should span [0, 1]):", file=out)
    for name, X in cases.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            sk_z = StandardScaler().fit_transform(X).astype(np.float64)
            sk_m = SkMinMax().fit_transform(X).astype(np.float64)
        ours_z = skreg.ZScoreScaler().fit_transform(X).astype(np.float64)
        ours_m = skreg.MinMaxScaler().fit_transform(X).astype(np.float64)
        print(
            f"  {name:<38} std: skreg {np.std(ours_z):.6f}  sklearn "
            f"{np.std(sk_z):.6f} | range: skreg [{np.min(ours_m):.2f}, "
            f"{np.max(ours_m):.2f}]  sklearn [{np.min(sk_m):.2f}, {np.max(sk_m):.2f}]",
            file=out,
        )


def _demo_pipeline(out):
    """Scaling inside a cross-validated pipeline on the wine data."""
    from sklearn.datasets import load_wine
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold, cross_val_score
    from sklearn.pipeline import make_pipeline

    X, y = load_wine(return_X_y=True, as_frame=True)
    cv = KFold(5, shuffle=True, random_state=0)
    print("\nWine, logistic regression, 5-fold CV accuracy:", file=out)
    for label, scaler in [
        ("ZScoreScaler", skreg.ZScoreScaler()),
        ("MinMaxScaler", skreg.MinMaxScaler()),
    ]:
        pipe = make_pipeline(scaler, LogisticRegression(max_iter=1000))
        scores = cross_val_score(pipe, X, y, cv=cv)
        print(f"  {label:<14} {scores.mean():.3f} +- {scores.std():.3f}", file=out)


def _demo_linear(out):
    """Seed 000: L1 zeroes coefficients, L2 shrinks them, on the wine data."""
    from sklearn.datasets import load_wine

    X, y = load_wine(return_X_y=True, as_frame=True)
    result = skreg.compare_linear_models(
        X, y, alpha=0.05, test_size=0.3, random_state=101
    )
    summary = result.summary[["n_nonzero", "train_mse", "test_mse"]]
    print("\nLasso vs Ridge on wine (alpha=0.05, 30 % test split):", file=out)
    print(summary.to_string(float_format="%.4f"), file=out)


def _demo_mlp(out):
    """The regularized MLP next to scikit-learn's on the digits (30 % train)."""
    import time

    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    from sklearn.neural_network import MLPClassifier

    X, y = load_digits(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(
        X / 16, y, train_size=0.3, stratify=y, random_state=0
    )
    models = [
        ("scikit-learn MLPClassifier", MLPClassifier),
        ("skreg, same parameters", skreg.RegularizedMLPClassifier),
        ("skreg, dropout 0.3 + batch norm", skreg.RegularizedMLPClassifier),
    ]
    print("\nDigits, 30 % train, hidden (256, 128): test accuracy, fit time", file=out)
    for i, (label, cls) in enumerate(models):
        extra = {"dropout": 0.3, "batch_norm": True} if i == 2 else {}
        model = cls(hidden_layer_sizes=(256, 128), random_state=0, **extra)
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a ConvergenceWarning is not news here
            model.fit(X_tr, y_tr)
        seconds = time.perf_counter() - start
        score = model.score(X_te, y_te)
        print(f"  {label:<32} {score:.3f}  {seconds:5.2f} s", file=out)


def demo(out=None):
    """Run the demo, printing to ``out`` (default: standard output)."""
    out = sys.stdout if out is None else out
    print(f"skreg {skreg.__version__}\n", file=out)
    _demo_scalers(out)
    _demo_pipeline(out)
    _demo_linear(out)
    _demo_mlp(out)
    return 0


def _parser():
    parser = argparse.ArgumentParser(
        prog="skreg",
        description="Regularization and normalization tools for scikit-learn.",
    )
    parser.add_argument("--version", action="version", version=skreg.__version__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", help="show what skreg does, on bundled data")
    return parser


def main(argv=None):
    """Entry point of the ``skreg`` command; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "demo":
        return demo()
    return 2  # unreachable: argparse rejects unknown commands


if __name__ == "__main__":
    raise SystemExit(main())
