"""Time skreg's scalers against scikit-learn's on the same data, in one run.

    python benchmarks/bench_scalers.py            # 1e6 x 100, float64 and float32
    python benchmarks/bench_scalers.py --rows 100000 --repeats 3

Prints one row per (scaler, dtype, operation) with the median and min-max time of
each library over the repeats and the ratio skreg / scikit-learn (below 1 is faster).
Each library is timed on the same array; transforms use the default ``copy=True``.
"""

import argparse
import platform
import statistics
import time
import warnings

import numpy as np
import sklearn
from sklearn import preprocessing as skp

import skreg


def _time(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def _row(name, dtype, op, ours, theirs):
    med_o, med_t = statistics.median(ours), statistics.median(theirs)
    return (
        f"{name:<13} {dtype:<8} {op:<10} "
        f"{med_o:8.3f} ({min(ours):.3f}-{max(ours):.3f})  "
        f"{med_t:8.3f} ({min(theirs):.3f}-{max(theirs):.3f})  {med_o / med_t:6.2f}x"
    )


def run(rows, cols, repeats, seed=0):
    """Return the table lines for both scalers and both dtypes."""
    pairs = [
        ("ZScoreScaler", skreg.ZScoreScaler, skp.StandardScaler),
        ("MinMaxScaler", skreg.MinMaxScaler, skp.MinMaxScaler),
    ]
    header = (
        f"{'scaler':<13} {'dtype':<8} {'operation':<10} "
        f"{'skreg s (min-max)':>24}  {'sklearn s (min-max)':>24}  {'ratio':>7}"
    )
    lines = [header, "-" * len(header)]
    rng = np.random.default_rng(seed)
    base = rng.normal(size=(rows, cols)) * rng.uniform(0.5, 50, cols)
    for dtype in (np.float64, np.float32):
        X = base.astype(dtype)
        for name, ours_cls, theirs_cls in pairs:
            ours, theirs = ours_cls(), theirs_cls()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                t_fit_o = _time(lambda o=ours, X=X: o.fit(X), repeats)
                t_fit_t = _time(lambda t=theirs, X=X: t.fit(X), repeats)
                t_tr_o = _time(lambda o=ours, X=X: o.transform(X), repeats)
                t_tr_t = _time(lambda t=theirs, X=X: t.transform(X), repeats)
            dname = np.dtype(dtype).name
            lines.append(_row(name, dname, "fit", t_fit_o, t_fit_t))
            lines.append(_row(name, dname, "transform", t_tr_o, t_tr_t))
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--cols", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    print(
        f"skreg {skreg.__version__}, scikit-learn {sklearn.__version__}, "
        f"numpy {np.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}; X is {args.rows} x {args.cols}, "
        f"{args.repeats} repeats, times in seconds (median and min-max)"
    )
    for line in run(args.rows, args.cols, args.repeats):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
