"""skreg against scikit-learn and PyTorch/skorch on the same work, in one run.

    python benchmarks/run.py              # the full suite (about 20 min on 2 cores)
    python benchmarks/run.py --threads 1  # the same on one BLAS/torch thread
    python benchmarks/run.py --quick      # a smoke run of every path (< 2 min)
    python benchmarks/run.py --workloads latency,bn --markdown results.md

Each timed fit runs in a fresh subprocess (same data, same seed) so that no library
warms up another's caches or allocator. PyTorch and skorch are optional (``pip
install "skreg[bench]"``); their rows are left out when they are not installed.
skreg runs its defaults; ``skreg-f64`` is the default on float64 data and
``skreg-f32`` adds ``dtype="float32"``, the one-word switch to the fast path.

Workloads:
- w1: make_classification(60000 x 100, 10 classes), 10000 rows held out (stratified),
  standardized; hidden (512, 256), ReLU, batch 256, Adam lr 1e-3, L2 1e-4, exactly 10
  epochs; plain, and with dropout 0.2 + batch norm on both hidden layers. Also the
  float32 matrix products of W1's passes at W1's shapes, timed alone: the rate no
  MLP on this machine can beat.
- w2: digits, breast_cancer, wine; stratified 30 % train / 70 % test, 5 seeds; hidden
  (256, 128); skreg and PyTorch with dropout 0.3 + batch norm (untuned), scikit-learn
  with its defaults.
- latency: predict_proba of a fitted (256, 128) digits classifier on 1 to 100,000
  rows, warm, median over many calls.
- bn: test accuracy of the initializers of a layer that feeds batch norm (digits,
  5-fold CV x 20 seeds), and W1 dropout + batch norm accuracy over 5 seeds.
- scalers: see bench_scalers.py (1e6 x 100, float64 and float32).
"""

import argparse
import contextlib
import functools
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent

# W1 trains exactly `epochs` epochs: tol=0 and a patience longer than the run.
W1 = dict(hidden=(512, 256), batch_size=256, lr=1e-3, alpha=1e-4, epochs=10)
W1_REG = {"dropout": 0.2, "batch_norm": True}
# W2 keeps scikit-learn's defaults: batch 200, at most 200 epochs, and its stopping
# rule (training loss not better by tol=1e-4 for 10 epochs), mirrored for PyTorch.
W2 = dict(
    hidden=(256, 128),
    batch_size=200,
    lr=1e-3,
    alpha=1e-4,
    epochs=200,
    tol=1e-4,
    patience=10,
)
# skreg's defaults plus the regularizers the PyTorch anchor uses; not tuned.
W2_REG = {"dropout": 0.3, "batch_norm": True}
# The latency model: trained a few epochs, its weights do not matter.
LATENCY = dict(hidden=(256, 128), batch_size=200, lr=1e-3, alpha=1e-4, epochs=3)
LATENCY_SIZES = (1, 10, 1_000, 100_000)
# The batch-norm initializer measurement: exactly 15 epochs, no early stopping.
BN = dict(hidden=(64,), batch_size=200, lr=1e-3, alpha=1e-4, epochs=15)
BN_REG = {"batch_norm": True}
BN_INITIALIZERS = ("auto", "he_normal", "glorot_uniform")


def _fixed_epochs(params):
    """``params`` with scikit-learn's stopping rule switched off."""
    return dict(params, tol=0.0, patience=params["epochs"] + 1)


# --- data ------------------------------------------------------------------------


def _w1_data(n_samples):
    from sklearn.datasets import make_classification
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X, y = make_classification(
        n_samples=n_samples,
        n_features=100,
        n_informative=60,
        n_redundant=10,
        n_classes=10,
        n_clusters_per_class=2,
        random_state=0,
    )
    test = n_samples // 6
    X_tr, X_te, y_tr, y_te = train_test_split(
        X, y, test_size=test, stratify=y, random_state=0
    )
    scaler = StandardScaler().fit(X_tr)
    return scaler.transform(X_tr), scaler.transform(X_te), y_tr, y_te


def _w2_data(name, seed):
    from sklearn import datasets
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    loader = {
        "digits": datasets.load_digits,
        "breast_cancer": datasets.load_breast_cancer,
        "wine": datasets.load_wine,
    }[name]
    X, y = loader(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(
        X, y, train_size=0.3, stratify=y, random_state=seed
    )
    scaler = StandardScaler().fit(X_tr)
    return scaler.transform(X_tr), scaler.transform(X_te), y_tr, y_te


def _digits():
    """The digits as float64 in [0, 1] (pixel values are 0-16): no fitted scaler."""
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    return X / 16.0, y


# --- the fits, one per library ------------------------------------------------------
# Every fitter takes the same keywords and returns (model, predict).


def _fit_skreg(
    X, y, *, hidden, epochs, batch_size, lr, alpha, seed, reg, tol, patience, dtype
):
    from skreg import RegularizedMLPClassifier

    model = RegularizedMLPClassifier(
        hidden_layer_sizes=hidden,
        batch_size=batch_size,
        learning_rate_init=lr,
        alpha=alpha,
        max_iter=epochs,
        tol=tol,
        n_iter_no_change=patience,
        random_state=seed,
        dtype=dtype,
        **reg,
    )
    return model.fit(X, y), model.predict


def _fit_sklearn(
    X, y, *, hidden, epochs, batch_size, lr, alpha, seed, reg, tol, patience, dtype
):
    from sklearn.neural_network import MLPClassifier

    if reg:
        raise ValueError(f"scikit-learn's MLP has no dropout or batch norm; got {reg}")
    model = MLPClassifier(
        hidden_layer_sizes=hidden,
        batch_size=batch_size,
        learning_rate_init=lr,
        alpha=alpha,
        max_iter=epochs,
        tol=tol,
        n_iter_no_change=patience,
        random_state=seed,
    )
    return model.fit(X.astype(dtype), y), lambda Z: model.predict(Z.astype(dtype))


def _torch_module(n_in, n_out, hidden, reg):
    """skreg's layers in PyTorch: Linear -> [BatchNorm1d] -> ReLU -> [Dropout]."""
    import torch.nn as nn

    batch_norm = reg.get("batch_norm", False)
    layers, width = [], n_in
    for h in hidden:
        # No bias before batch norm (it subtracts the batch mean), as in skreg.
        layers.append(nn.Linear(width, h, bias=not batch_norm))
        if batch_norm:
            # PyTorch's defaults, equal to skreg's (batch_norm_momentum=0.9 is
            # PyTorch's momentum=0.1).
            layers.append(nn.BatchNorm1d(h, momentum=0.1, eps=1e-5))
        layers.append(nn.ReLU())
        if reg.get("dropout"):
            layers.append(nn.Dropout(reg["dropout"]))
        width = h
    layers.append(nn.Linear(width, n_out))
    return nn.Sequential(*layers)


def _torch_epoch(net, opt, Xt, yt, batch_size, alpha, gen, track):
    """One shuffled epoch; its mean loss with scikit-learn's penalty if ``track``."""
    import torch
    from torch.nn.functional import cross_entropy

    decay = opt.param_groups[0]
    order = torch.randperm(len(Xt), generator=gen)
    total = 0.0
    for start in range(0, len(Xt), batch_size):
        idx = order[start : start + batch_size]
        # Adam's weight_decay adds wd * W to the gradient before the moments; with
        # wd = alpha / n_batch set per batch, that is the gradient of scikit-learn's
        # alpha / (2 n_batch) ||W||^2, the last, smaller batch included.
        decay["weight_decay"] = alpha / len(idx)
        opt.zero_grad(set_to_none=True)
        loss = cross_entropy(net(Xt[idx]), yt[idx])
        loss.backward()
        if track:
            with torch.no_grad():
                squares = sum(float(w.square().sum()) for w in decay["params"])
            total += loss.item() * len(idx) + 0.5 * alpha * squares
        opt.step()
    return total / len(Xt)


def _fit_torch(
    X, y, *, hidden, epochs, batch_size, lr, alpha, seed, reg, tol, patience
):
    import torch

    torch.manual_seed(seed)
    net = _torch_module(X.shape[1], int(y.max()) + 1, hidden, reg)
    # scikit-learn penalizes the weight matrices only: not biases, not batch norm.
    weights = [p for p in net.parameters() if p.dim() > 1]
    rest = [p for p in net.parameters() if p.dim() <= 1]
    opt = torch.optim.Adam(
        [{"params": weights}, {"params": rest, "weight_decay": 0.0}], lr=lr
    )
    Xt = torch.from_numpy(X.astype(np.float32))
    yt = torch.from_numpy(y.astype(np.int64))
    gen = torch.Generator().manual_seed(seed)
    net.train()
    best, stale = np.inf, 0
    for _ in range(epochs):
        loss = _torch_epoch(net, opt, Xt, yt, batch_size, alpha, gen, track=tol > 0)
        if tol > 0:  # scikit-learn's rule: stop after `patience` stale epochs
            stale = stale + 1 if loss > best - tol else 0
            best = min(best, loss)
            if stale > patience:
                break
    net.eval()

    def predict(Z):
        with torch.inference_mode():
            return net(torch.from_numpy(Z.astype(np.float32))).argmax(1).numpy()

    return net, predict


def _fit_skorch(
    X, y, *, hidden, epochs, batch_size, lr, alpha, seed, reg, tol, patience
):
    import torch
    from skorch import NeuralNetClassifier

    torch.manual_seed(seed)
    n_classes = int(y.max()) + 1
    model = NeuralNetClassifier(
        _torch_module(X.shape[1], n_classes, hidden, reg),
        criterion=torch.nn.CrossEntropyLoss,
        optimizer=torch.optim.Adam,
        lr=lr,
        # skorch's one weight_decay: every parameter, alpha / batch_size for all
        # batches. The plain-PyTorch rows apply scikit-learn's penalty exactly.
        optimizer__weight_decay=alpha / batch_size,
        max_epochs=epochs,
        batch_size=batch_size,
        train_split=None,
        iterator_train__shuffle=True,
        verbose=0,
    )
    model.fit(X.astype(np.float32), y.astype(np.int64))
    return model, lambda Z: model.predict(Z.astype(np.float32))


FITTERS = {
    "skreg-f32": functools.partial(_fit_skreg, dtype="float32"),
    "skreg-f64": functools.partial(_fit_skreg, dtype=None),
    "sklearn-f64": functools.partial(_fit_sklearn, dtype=np.float64),
    "sklearn-f32": functools.partial(_fit_sklearn, dtype=np.float32),
    "torch": _fit_torch,
    "skorch": _fit_skorch,
}
SKREG = ("skreg-f32", "skreg-f64")


# --- threads -------------------------------------------------------------------------


def _thread_env(threads):
    """The environment of a worker: BLAS and OpenMP limited to ``threads``."""
    if threads is None:
        return dict(os.environ)
    n = str(threads)
    return dict(
        os.environ, OPENBLAS_NUM_THREADS=n, OMP_NUM_THREADS=n, MKL_NUM_THREADS=n
    )


@contextlib.contextmanager
def limit_threads(threads):
    """Limit BLAS and PyTorch to ``threads`` in this process (None: leave them)."""
    if threads is None:
        yield
        return
    # threadpoolctl limits the libraries loaded so far: load every copy of BLAS
    # and OpenMP this run uses first (SciPy's OpenBLAS, scikit-learn's OpenMP).
    import scipy.linalg  # noqa: F401
    import sklearn.neural_network  # noqa: F401
    from threadpoolctl import threadpool_limits

    import skreg  # noqa: F401

    torch = __import__("torch") if _available("torch") else None
    before = torch.get_num_threads() if torch else None
    with threadpool_limits(limits=threads):
        if torch:
            torch.set_num_threads(threads)
        try:
            yield
        finally:
            if torch:
                torch.set_num_threads(before)


def _blas_threads():
    """The largest thread count of the BLAS libraries loaded in this process."""
    from threadpoolctl import threadpool_info

    return max(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")


def _thread_counts():
    """How many threads BLAS and PyTorch use in this process, as text."""
    text = f"BLAS {_blas_threads()}"
    if _available("torch"):
        text += f", torch {__import__('torch').get_num_threads()}"
    return text


# --- the worker: one job in this process ---------------------------------------------


def _status_mib(field):
    """A memory figure of this process from /proc/self/status, in MiB."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")  # pragma: no cover - not Linux


def _reset_peak_rss():
    """Reset the kernel's high-water mark of this process's RSS (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:  # pragma: no cover - not Linux
        pass


def worker(spec):
    """Run the job ``spec`` describes in this process and return its result."""
    if spec.get("threads") is not None and spec["library"] in ("torch", "skorch"):
        # OMP_NUM_THREADS (set by run_isolated) already limits PyTorch; this makes
        # it explicit. Only there: torch in another library's worker would count
        # in that worker's memory.
        __import__("torch").set_num_threads(spec["threads"])
    result = (_latency_worker if spec["workload"] == "latency" else _fit_worker)(spec)
    result["blas_threads"] = _blas_threads()
    if spec["library"] in ("torch", "skorch"):
        result["torch_threads"] = __import__("torch").get_num_threads()
    return result


def _fit_worker(spec):
    """Fit one model as ``spec`` says; return time, accuracy and memory."""
    if spec["workload"] == "W1":
        X_tr, X_te, y_tr, y_te = _w1_data(spec["n_samples"])
        params = _fixed_epochs(dict(W1, epochs=spec["epochs"]))
    else:
        X_tr, X_te, y_tr, y_te = _w2_data(spec["dataset"], spec["seed"])
        params = dict(W2, epochs=spec["epochs"])
    fit = FITTERS[spec["library"]]
    with warnings.catch_warnings():
        # ConvergenceWarning: epochs are fixed on purpose.
        warnings.simplefilter("ignore")
        # Warm-up on a sliver of the data: one-time imports and initialization
        # (PyTorch's optimizer imports its compiler stack on first use) are not
        # part of any library's fit time.
        n_warm = 2 * params["batch_size"]
        fit(
            X_tr[:n_warm],
            y_tr[:n_warm],
            **dict(params, epochs=1),
            seed=0,
            reg=spec["reg"],
        )
        _reset_peak_rss()
        start = time.perf_counter()
        _, predict = fit(X_tr, y_tr, **params, seed=spec["seed"], reg=spec["reg"])
        seconds = time.perf_counter() - start
        peak_rss = _status_mib("VmHWM")
    accuracy = float((predict(X_te) == y_te).mean())
    result = {"seconds": seconds, "accuracy": accuracy, "peak_mib": peak_rss}
    if spec.get("trace") and spec["library"] not in ("torch", "skorch"):
        # A second, untimed fit under tracemalloc: NumPy reports every array it
        # allocates, so this is the fit's exact peak, free of allocator reuse.
        # (PyTorch's allocator is invisible to tracemalloc: no figure for it.)
        tracemalloc.start()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit(X_tr, y_tr, **params, seed=spec["seed"], reg=spec["reg"])
        result["traced_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return result


def _predict_proba(library, X, y):
    """A fitted (256, 128) digits classifier's predict_proba, as a user calls it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning: a few epochs only
        model, _ = FITTERS[library](X, y, **_fixed_epochs(LATENCY), seed=0, reg={})
    if library != "torch":
        return model.predict_proba
    import torch

    def predict_proba(Z):
        # The same work as a user's predict_proba: NumPy float array in, the
        # network in eval mode, softmax, NumPy out.
        with torch.inference_mode():
            logits = model(torch.from_numpy(Z.astype(np.float32)))
            return torch.softmax(logits, dim=1).numpy()

    return predict_proba


def _median_call(fn, Z, budget, min_calls):
    """Median seconds of ``fn(Z)`` over enough calls to take about ``budget`` s."""
    warm = []
    for _ in range(3):  # untimed: caches, lazy initialization, first-call paths
        start = time.perf_counter()
        fn(Z)
        warm.append(time.perf_counter() - start)
    once = max(min(warm), 1e-7)  # the fastest: a stall must not cut the calls
    calls = max(min_calls, min(100_000, math.ceil(budget / once)))
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        fn(Z)
        times.append(time.perf_counter() - start)
    return statistics.median(times), calls


def _latency_worker(spec):
    """Median predict_proba latency per row count for one library."""
    X, y = _digits()
    predict_proba = _predict_proba(spec["library"], X, y)
    sizes = {}
    for n in spec["sizes"]:
        Z = np.tile(X, (-(-n // len(X)), 1))[:n]  # the digits repeated, n rows
        P = predict_proba(Z)
        if P.shape != (n, 10) or not np.allclose(P.sum(axis=1), 1.0, atol=1e-4):
            raise RuntimeError(f"{spec['library']} gave no probabilities: {P[:2]}")
        seconds, calls = _median_call(
            predict_proba, Z, spec["budget"], spec["min_calls"]
        )
        sizes[str(n)] = {"us": seconds * 1e6, "calls": calls}
    return {"sizes": sizes}


def run_isolated(spec):
    """Run ``worker(spec)`` in a fresh interpreter and return its result."""
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(spec)],
        capture_output=True,
        text=True,
        env=_thread_env(spec.get("threads")),
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"worker failed for {spec}:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- BLAS rate at W1's shapes --------------------------------------------------------


def w1_flops(n_train, epochs, hidden=W1["hidden"], n_in=100, n_out=10):
    """Multiply-add flops of W1's matrix products: forward, grad W and grad X."""
    widths = [n_in, *hidden, n_out]
    fwd = sum(2 * a * b for a, b in zip(widths[:-1], widths[1:], strict=True))
    grad_w = fwd
    grad_x = fwd - 2 * widths[0] * widths[1]  # no gradient for the input itself
    return n_train * epochs * (fwd + grad_w + grad_x)


def blas_rate(batch=W1["batch_size"], repeats=30):
    """GFLOP/s of float32 products at W1's forward and backward shapes.

    Outputs are preallocated (as a tuned MLP would do) and the best of several
    timings is kept: this is the machine's limit, not a typical run.
    """
    rng = np.random.default_rng(0)
    widths = [100, *W1["hidden"], 10]
    work, flops = [], 0
    for a, b in zip(widths[:-1], widths[1:], strict=True):
        x = rng.standard_normal((batch, a), dtype=np.float32)
        w = rng.standard_normal((a, b), dtype=np.float32)
        g = rng.standard_normal((batch, b), dtype=np.float32)
        outs = (
            np.empty((batch, b), np.float32),
            np.empty((a, b), np.float32),
            np.empty((batch, a), np.float32),
        )
        first = a == widths[0]
        work.append((x, w, g, outs, first))
        flops += 2 * batch * a * b * (2 if first else 3)
    times = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(repeats):
            for x, w, g, (y, dw, dx), first in work:
                np.matmul(x, w, out=y)
                np.matmul(x.T, g, out=dw)
                if not first:
                    np.matmul(g, w.T, out=dx)
        times.append(time.perf_counter() - start)
    return flops * repeats / min(times) / 1e9


# --- the suite -----------------------------------------------------------------------


def _available(library):
    if library in ("torch", "skorch"):
        try:
            __import__(library)
        except ImportError:
            return False
    return True


def _summary(results):
    times = [r["seconds"] for r in results]
    return {
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "accuracy": statistics.mean(r["accuracy"] for r in results),
        "peak_mib": max(r["peak_mib"] for r in results),
        "traced_mib": next(
            (r["traced_mib"] for r in results if "traced_mib" in r), float("nan")
        ),
    }


def _interleaved(specs, repeats, trace_first=False):
    """Run every spec ``repeats`` times, cycling through the specs each round.

    The machine is shared: a slow spell then hits every library alike instead
    of one library's whole block of repeats.
    """
    results = {i: [] for i in range(len(specs))}
    for round_ in range(repeats):
        for i, spec in enumerate(specs):
            trace = trace_first and round_ == 0
            results[i].append(run_isolated(dict(spec, trace=trace)))
    return [results[i] for i in range(len(specs))]


def _progress(text):
    print(f"  {text}", file=sys.stderr, flush=True)


def bench_w1(quick, repeats, threads=None):
    """W1's rows (variant, library, summary) and the flops of its products."""
    n_samples = 6000 if quick else 60000
    epochs = 1 if quick else W1["epochs"]
    configs = [
        ("plain", {}, [*SKREG, "sklearn-f64", "sklearn-f32", "torch"]),
        ("dropout+BN", W1_REG, [*SKREG, "torch", "skorch"]),
    ]
    rows = []
    for label, reg, libraries in configs:
        libs = [lib for lib in libraries if _available(lib)]
        specs = [
            {
                "workload": "W1",
                "library": lib,
                "reg": reg,
                "seed": 0,
                "epochs": epochs,
                "n_samples": n_samples,
                "threads": threads,
            }
            for lib in libs
        ]
        results = _interleaved(specs, repeats, trace_first=True)
        for lib, runs in zip(libs, results, strict=True):
            rows.append((label, lib, _summary(runs)))
            _progress(f"W1 {label:<11} {lib:<12} {rows[-1][2]['median']:7.2f} s")
    return rows, w1_flops(n_samples - n_samples // 6, epochs)


def bench_w2(quick, threads=None):
    """W2's rows (dataset, library, summary over the seeds)."""
    datasets = ["digits"] if quick else ["digits", "breast_cancer", "wine"]
    seeds = [0] if quick else [0, 1, 2, 3, 4]
    epochs = 5 if quick else W2["epochs"]
    libraries = [
        (lib, reg)
        for lib, reg in [
            ("skreg-f32", W2_REG),
            ("skreg-f64", W2_REG),
            ("sklearn-f64", {}),
            ("sklearn-f32", {}),
            ("torch", W2_REG),
        ]
        if _available(lib)
    ]
    rows = []
    for name in datasets:
        specs = [
            {
                "workload": "W2",
                "dataset": name,
                "library": lib,
                "reg": reg,
                "seed": seed,
                "epochs": epochs,
                "threads": threads,
            }
            for seed in seeds  # seeds outside, libraries inside: interleaved
            for lib, reg in libraries
        ]
        results = [run_isolated(spec) for spec in specs]
        for lib, _ in libraries:
            runs = [
                r for s, r in zip(specs, results, strict=True) if s["library"] == lib
            ]
            rows.append((name, lib, _summary(runs)))
            _progress(f"W2 {name:<13} {lib:<12} acc {rows[-1][2]['accuracy']:.3f}")
    return rows


def bench_latency(quick, repeats, threads=None):
    """Latency rows (rows per call, library, {"us", "calls"}), median of rounds."""
    sizes = (1, 10, 1_000, 10_000) if quick else LATENCY_SIZES
    libs = [
        lib
        for lib in ("skreg-f64", "skreg-f32", "sklearn-f64", "torch")
        if _available(lib)
    ]
    specs = [
        {
            "workload": "latency",
            "library": lib,
            "sizes": sizes,
            "budget": 0.05 if quick else 0.5,
            "min_calls": 5 if quick else 20,
            "threads": threads,
        }
        for lib in libs
    ]
    rows = []
    for lib, runs in zip(libs, _interleaved(specs, repeats), strict=True):
        for n in sizes:
            us = statistics.median(run["sizes"][str(n)]["us"] for run in runs)
            calls = sum(run["sizes"][str(n)]["calls"] for run in runs)
            rows.append((n, lib, {"us": us, "calls": calls}))
            _progress(f"latency {lib:<12} {n:>7} rows {us:10.1f} us")
    return sorted(rows, key=lambda row: row[0])


def _cv_accuracies(X, y, fit, reg, seeds):
    """Test accuracy of every fold of KFold(5, shuffle=True) for every seed."""
    from sklearn.model_selection import KFold

    scores = []
    for seed in seeds:
        folds = KFold(5, shuffle=True, random_state=seed).split(X)
        for fold, (train, test) in enumerate(folds):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # ConvergenceWarning: 15 epochs
                _, predict = fit(
                    X[train],
                    y[train],
                    **_fixed_epochs(BN),
                    seed=100 * seed + fold,
                    reg=reg,
                )
            scores.append(float((predict(X[test]) == y[test]).mean()))
    return scores


def _w1_seed_accuracies(fit, quick):
    """W1 dropout + batch norm held-out accuracy for each seed."""
    X_tr, X_te, y_tr, y_te = _w1_data(6000 if quick else 60000)
    params = _fixed_epochs(dict(W1, epochs=1 if quick else W1["epochs"]))
    scores = []
    for seed in range(2 if quick else 5):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _, predict = fit(X_tr, y_tr, **params, seed=seed, reg=W1_REG)
        scores.append(float((predict(X_te) == y_te).mean()))
    return scores


def bench_bn(quick):
    """Accuracy lists per (library, initializer): digits folds, then W1 seeds."""
    X, y = _digits()
    seeds = range(1 if quick else 20)
    configs = [
        ("skreg-f64", init, {**BN_REG, "kernel_initializer": init})
        for init in BN_INITIALIZERS
    ]
    if _available("torch"):
        configs.append(("torch", "nn.Linear default", BN_REG))
    folds = []
    with limit_threads(1):  # small fits: a second thread only costs
        for lib, init, reg in configs:
            scores = _cv_accuracies(X, y, FITTERS[lib], reg, seeds)
            folds.append((lib, init, scores))
            _progress(f"bn {lib:<10} {init:<18} acc {statistics.mean(scores):.4f}")
    seeds_w1 = []
    for lib in ("skreg-f32", "torch"):
        if _available(lib):
            scores = _w1_seed_accuracies(FITTERS[lib], quick)
            seeds_w1.append((lib, "default", scores))
            _progress(f"bn W1 {lib:<10} acc {statistics.mean(scores):.4f}")
    return folds, seeds_w1


# --- tables --------------------------------------------------------------------------


def _machine(threads):
    import sklearn

    lines = [
        f"Python {platform.python_version()}, NumPy {np.__version__}, "
        f"scikit-learn {sklearn.__version__}",
    ]
    for lib in ("torch", "skorch"):
        if _available(lib):
            lines[0] += f", {lib} {__import__(lib).__version__}"
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(
                line.split(":", 1)[1].strip()
                for line in fh
                if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    lines.append(f"{os.cpu_count()} cores ({cpu}), {time.strftime('%Y-%m-%d')}")
    limit = "library defaults" if threads is None else f"--threads {threads}"
    lines.append(f"Threads: {limit} ({_thread_counts()})")
    return lines


def _skreg_of(group, key):
    """Per skreg variant, its ``key`` value in ``group`` (None when absent)."""
    found = {lib: s[key] for _, lib, s in group}
    return [found.get(lib) for lib in SKREG]


def _ratio_cells(ours, value):
    """``skreg / this`` for each skreg variant (below 1: skreg is faster)."""
    return " | ".join(f"{o / value:.2f}x" if o else "-" for o in ours)


def _ratio_header(what=""):
    return " | ".join(f"{lib} / this{what}" for lib in SKREG)


def format_w1(w1_rows, w1_total_flops, gflops):
    """The W1 table as Markdown lines."""
    out = [
        "### W1 (fit seconds: median and min-max; accuracy on the held-out rows)",
        "",
        "| variant | library | median s | min-max s | accuracy | fit peak MiB "
        f"(traced) | process peak MiB | {_ratio_header()} | share of BLAS rate |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label in dict.fromkeys(r[0] for r in w1_rows):
        group = [r for r in w1_rows if r[0] == label]
        ours = _skreg_of(group, "median")
        for _, lib, s in group:
            rate = w1_total_flops / s["median"] / 1e9
            traced = "n/a" if np.isnan(s["traced_mib"]) else f"{s['traced_mib']:.1f}"
            out.append(
                f"| {label} | {lib} | {s['median']:.2f} "
                f"| {s['min']:.2f}-{s['max']:.2f} "
                f"| {s['accuracy']:.3f} | {traced} | {s['peak_mib']:.0f} "
                f"| {_ratio_cells(ours, s['median'])} | {rate / gflops:.0%} |"
            )
    out += [
        "",
        f"float32 matrix products at W1's shapes: {gflops:.1f} GFLOP/s; "
        f"W1's products need {w1_total_flops:.3g} flop, so at least "
        f"{w1_total_flops / gflops / 1e9:.2f} s. Fit peak (traced): NumPy's "
        "allocations during one untimed fit, from tracemalloc, exact and free of "
        "allocator reuse; PyTorch's allocator is invisible to it (n/a). Process "
        "peak: the worker's peak RSS during the timed fit, data and imported "
        "libraries included.",
        "",
    ]
    return out


def format_w2(w2_rows):
    """The W2 table as Markdown lines."""
    out = [
        "### W2 (mean test accuracy and fit seconds over the seeds)",
        "",
        f"| dataset | library | accuracy | median fit s | {_ratio_header(' time')} |",
        "|---|---|---|---|---|---|",
    ]
    for name in dict.fromkeys(r[0] for r in w2_rows):
        group = [r for r in w2_rows if r[0] == name]
        ours = _skreg_of(group, "median")
        for _, lib, s in group:
            out.append(
                f"| {name} | {lib} | {s['accuracy']:.3f} | {s['median']:.3f} "
                f"| {_ratio_cells(ours, s['median'])} |"
            )
    return out + [""]


def format_latency(rows):
    """The latency table as Markdown lines."""
    out = [
        "### Latency (predict_proba of a fitted (256, 128) digits classifier, "
        "warm; median microseconds per call)",
        "",
        f"| rows | library | median us | calls | {_ratio_header()} |",
        "|---|---|---|---|---|---|",
    ]
    for n in dict.fromkeys(r[0] for r in rows):
        group = [r for r in rows if r[0] == n]
        ours = _skreg_of(group, "us")
        for _, lib, s in group:
            out.append(
                f"| {n} | {lib} | {s['us']:.1f} | {s['calls']} "
                f"| {_ratio_cells(ours, s['us'])} |"
            )
    return out + [""]


def _mean_sd(scores):
    sd = statistics.stdev(scores) if len(scores) > 1 else float("nan")
    return f"{statistics.mean(scores):.4f} | {sd:.4f}"


def format_bn(folds, seeds_w1):
    """The batch-norm accuracy tables as Markdown lines."""
    n_folds = len(folds[0][2]) if folds else 0
    out = [
        f"### Initializers before batch norm (digits, hidden (64,), {BN['epochs']} "
        f"epochs of Adam; test accuracy over {n_folds} folds)",
        "",
        "| library | initializer | folds | mean accuracy | sd |",
        "|---|---|---|---|---|",
    ]
    for lib, init, scores in folds:
        out.append(f"| {lib} | {init} | {len(scores)} | {_mean_sd(scores)} |")
    out += [
        "",
        "### W1 dropout + batch norm (held-out accuracy over the seeds)",
        "",
        "| library | initializer | seeds | mean accuracy | sd |",
        "|---|---|---|---|---|",
    ]
    for lib, init, scores in seeds_w1:
        out.append(f"| {lib} | {init} | {len(scores)} | {_mean_sd(scores)} |")
    return out + [""]


WORKLOADS = ("w1", "w2", "latency", "bn", "scalers")


def _parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run, < 2 min")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--markdown", type=Path, help="also write the tables here")
    parser.add_argument(
        "--workloads",
        default=",".join(WORKLOADS),
        help=f"comma-separated subset of {', '.join(WORKLOADS)} (default: all)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        help="limit BLAS and PyTorch to this many threads (default: theirs)",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    unknown = set(args.workloads.split(",")) - set(WORKLOADS)
    if unknown:
        parser.error(f"--workloads takes {', '.join(WORKLOADS)}; got {sorted(unknown)}")
    if args.threads is not None and args.threads < 1:
        parser.error(f"--threads must be >= 1; got --threads {args.threads}")
    if args.repeats < 1:
        parser.error(f"--repeats must be >= 1; got --repeats {args.repeats}")
    return args


def _tables(args):
    """Run the chosen workloads and return the report's lines."""
    chosen = set(args.workloads.split(","))
    repeats = 1 if args.quick else args.repeats
    lines = _machine(args.threads) + [""]
    if "w1" in chosen:
        gflops = blas_rate(repeats=5 if args.quick else 30)
        lines += format_w1(*bench_w1(args.quick, repeats, args.threads), gflops)
    if "w2" in chosen:
        lines += format_w2(bench_w2(args.quick, args.threads))
    if "latency" in chosen:
        lines += format_latency(bench_latency(args.quick, repeats, args.threads))
    if "bn" in chosen:
        lines += format_bn(*bench_bn(args.quick))
    if "scalers" in chosen:
        sys.path.insert(0, str(HERE))
        import bench_scalers

        rows = 100_000 if args.quick else 1_000_000
        lines += [f"### Scalers ({rows} x 100, seconds)", "", "```"]
        lines += bench_scalers.run(rows, 100, 1 if args.quick else 5) + ["```"]
    return lines


def main(argv=None):
    args = _parse(argv)
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return 0
    # This process's own work (BLAS rate, scalers, the bn fits) obeys --threads
    # too; the workers get it through their environment.
    with limit_threads(args.threads):
        text = "\n".join(_tables(args))
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
