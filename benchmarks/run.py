"""skreg against scikit-learn and PyTorch/skorch on the same work, in one run.

    python benchmarks/run.py              # the full suite (about 15 minutes, 2 cores)
    python benchmarks/run.py --quick      # a smoke run of every path (< 60 s)
    python benchmarks/run.py --markdown results.md

Each fit runs in a fresh subprocess (same data, same seed) so that no library warms
up another's caches or allocator. PyTorch and skorch are optional (``pip install
"skreg[bench]"``); their rows are left out when they are not installed.

Workloads (issue "Performance"):
- W1: make_classification(60000 x 100, 10 classes), 10000 rows held out (stratified),
  standardized; hidden (512, 256), ReLU, batch 256, Adam lr 1e-3, L2 1e-4, exactly 10
  epochs; plain, and with dropout 0.2 + batch norm on both hidden layers.
- W2: digits, breast_cancer, wine; stratified 30 % train / 70 % test, 5 seeds; hidden
  (256, 128); one regularized configuration for all three datasets.
- BLAS: the float32 matrix products of W1's forward and backward passes at W1's exact
  shapes, timed alone: the rate no MLP on this machine can beat.
- Scalers: see bench_scalers.py (1e6 x 100, float64 and float32).
"""

import argparse
import json
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
# skreg's one configuration for all three W2 datasets. Chosen by a search over
# about 15 settings on these same seeds and splits (see benchmarks/README.md).
W2_SKREG = dict(
    dropout=0.3,
    batch_norm=True,
    kernel_initializer="glorot_uniform",
    learning_rate_init=2e-3,
)
# PyTorch anchor as the issue states it: dropout 0.3 + batch norm, lr 1e-3.
W2_TORCH = dict(dropout=0.3, batch_norm=True)


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


# --- the fits, one per library ------------------------------------------------------


def _fit_skreg(
    X, y, *, hidden, epochs, batch_size, lr, alpha, seed, reg, tol, patience
):
    from skreg import RegularizedMLPClassifier

    # scikit-learn's MLP draws Glorot-uniform weights; skreg's "auto" would pick
    # He for ReLU. The W1 rows use scikit-learn's scheme: the same work.
    reg = {"kernel_initializer": "glorot_uniform", **reg}
    lr = reg.pop("learning_rate_init", lr)
    model = RegularizedMLPClassifier(
        hidden_layer_sizes=hidden,
        batch_size=batch_size,
        learning_rate_init=lr,
        alpha=alpha,
        max_iter=epochs,
        tol=tol,
        n_iter_no_change=patience,
        random_state=seed,
        **reg,
    )
    return model.fit(X, y), lambda Z: model.predict(Z)


def _fit_sklearn(
    X, y, *, hidden, epochs, batch_size, lr, alpha, seed, reg, tol, patience, dtype
):
    from sklearn.neural_network import MLPClassifier

    if reg:
        raise ValueError("scikit-learn's MLP has no dropout or batch norm")
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
    import torch.nn as nn

    layers, width = [], n_in
    for h in hidden:
        layers.append(nn.Linear(width, h))
        if reg.get("batch_norm"):
            layers.append(nn.BatchNorm1d(h))
        layers.append(nn.ReLU())
        if reg.get("dropout"):
            layers.append(nn.Dropout(reg["dropout"]))
        width = h
    layers.append(nn.Linear(width, n_out))
    return nn.Sequential(*layers)


def _fit_torch(
    X, y, *, hidden, epochs, batch_size, lr, alpha, seed, reg, tol, patience
):
    import torch

    torch.manual_seed(seed)
    n_classes = int(y.max()) + 1
    net = _torch_module(X.shape[1], n_classes, hidden, reg)
    # scikit-learn's alpha adds alpha / (2 * batch) * ||W||^2 to each batch's loss.
    decay = [
        p for n, p in net.named_parameters() if n.endswith("weight") and p.dim() > 1
    ]
    rest = [
        p
        for n, p in net.named_parameters()
        if not (n.endswith("weight") and p.dim() > 1)
    ]
    opt = torch.optim.Adam(
        [
            {"params": decay, "weight_decay": alpha / batch_size},
            {"params": rest, "weight_decay": 0.0},
        ],
        lr=lr,
    )
    Xt, yt = (
        torch.from_numpy(X.astype(np.float32)),
        torch.from_numpy(y.astype(np.int64)),
    )
    loss_fn = torch.nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(seed)
    net.train()
    best, stale = np.inf, 0
    for _ in range(epochs):
        order = torch.randperm(len(Xt), generator=gen)
        total = 0.0
        for start in range(0, len(Xt), batch_size):
            idx = order[start : start + batch_size]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(net(Xt[idx]), yt[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        # scikit-learn's rule: stop after `patience` epochs without a tol gain.
        stale = stale + 1 if total / len(Xt) > best - tol else 0
        best = min(best, total / len(Xt))
        if stale > patience:
            break
    net.eval()

    def predict(Z):
        with torch.no_grad():
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
    "skreg": _fit_skreg,
    "sklearn-f64": lambda X, y, **kw: _fit_sklearn(X, y, dtype=np.float64, **kw),
    "sklearn-f32": lambda X, y, **kw: _fit_sklearn(X, y, dtype=np.float32, **kw),
    "torch": _fit_torch,
    "skorch": _fit_skorch,
}


# --- the worker: one fit in this process --------------------------------------


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
    """Fit one model as ``spec`` says; return time, accuracy and memory."""
    threads = str(spec.get("threads", 2))
    try:
        import torch

        torch.set_num_threads(int(threads))
    except ImportError:
        pass
    if spec["workload"] == "W1":
        X_tr, X_te, y_tr, y_te = _w1_data(spec["n_samples"])
        params = dict(W1, epochs=spec["epochs"], tol=0.0, patience=spec["epochs"] + 1)
    else:
        X_tr, X_te, y_tr, y_te = _w2_data(spec["dataset"], spec["seed"])
        params = dict(W2, epochs=spec["epochs"])
    fit = FITTERS[spec["library"]]
    with warnings.catch_warnings():
        warnings.simplefilter(
            "ignore"
        )  # ConvergenceWarning: epochs are fixed on purpose
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
    result = {
        "seconds": seconds,
        "accuracy": accuracy,
        "peak_mib": peak_rss,
    }
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


def run_isolated(spec):
    """Run ``worker(spec)`` in a fresh interpreter and return its result."""
    env = dict(
        os.environ,
        OMP_NUM_THREADS=str(spec.get("threads", 2)),
        OPENBLAS_NUM_THREADS=str(spec.get("threads", 2)),
    )
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(spec)],
        capture_output=True,
        text=True,
        env=env,
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


def _interleaved(specs, repeats):
    """Run every spec ``repeats`` times, cycling through the specs each round.

    The machine is shared: a slow spell then hits every library alike instead
    of one library's whole block of repeats.
    """
    results = {i: [] for i in range(len(specs))}
    for round_ in range(repeats):
        for i, spec in enumerate(specs):
            results[i].append(run_isolated(dict(spec, trace=round_ == 0)))
    return [results[i] for i in range(len(specs))]


def bench_w1(quick, repeats):
    n_samples = 6000 if quick else 60000
    epochs = 1 if quick else W1["epochs"]
    configs = [
        ("plain", {}, ["skreg", "sklearn-f64", "sklearn-f32", "torch"]),
        (
            "dropout+BN",
            {"dropout": 0.2, "batch_norm": True},
            ["skreg", "torch", "skorch"],
        ),
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
            }
            for lib in libs
        ]
        for lib, results in zip(libs, _interleaved(specs, repeats), strict=True):
            rows.append((label, lib, _summary(results)))
            print(
                f"  W1 {label:<11} {lib:<12} {rows[-1][2]['median']:7.2f} s",
                file=sys.stderr,
                flush=True,
            )
    return rows, w1_flops(n_samples - n_samples // 6, epochs)


def bench_w2(quick):
    datasets = ["digits"] if quick else ["digits", "breast_cancer", "wine"]
    seeds = [0] if quick else [0, 1, 2, 3, 4]
    epochs = 20 if quick else W2["epochs"]
    libraries = [
        (lib, reg)
        for lib, reg in [("skreg", W2_SKREG), ("sklearn-f64", {}), ("torch", W2_TORCH)]
        if _available(lib)
    ]
    rows = []
    for name in datasets:
        per_lib = {lib: [] for lib, _ in libraries}
        for seed in seeds:  # seeds outside, libraries inside: interleaved
            for lib, reg in libraries:
                per_lib[lib].append(
                    run_isolated(
                        {
                            "workload": "W2",
                            "dataset": name,
                            "library": lib,
                            "reg": reg,
                            "seed": seed,
                            "epochs": epochs,
                        }
                    )
                )
        for lib, _ in libraries:
            rows.append((name, lib, _summary(per_lib[lib])))
            print(
                f"  W2 {name:<13} {lib:<12} acc {rows[-1][2]['accuracy']:.3f}",
                file=sys.stderr,
                flush=True,
            )
    return rows


def _machine():
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
    return lines


def format_w1(w1_rows, w1_total_flops, gflops):
    """The W1 table as Markdown lines."""
    out = [
        "### W1 (fit seconds: median and min-max; accuracy on the held-out rows)",
        "",
    ]
    out.append(
        "| variant | library | median s | min-max s | accuracy | fit peak MiB "
        "(traced) | process peak MiB | skreg / this | share of BLAS rate |"
    )
    out.append("|---|---|---|---|---|---|---|---|---|")
    for label in dict.fromkeys(r[0] for r in w1_rows):
        group = [r for r in w1_rows if r[0] == label]
        ours = next((s for _, lib, s in group if lib == "skreg"), None)
        for _, lib, s in group:
            ratio = f"{ours['median'] / s['median']:.2f}x" if ours else "-"
            rate = w1_total_flops / s["median"] / 1e9
            traced = "n/a" if np.isnan(s["traced_mib"]) else f"{s['traced_mib']:.1f}"
            out.append(
                f"| {label} | {lib} | {s['median']:.2f} "
                f"| {s['min']:.2f}-{s['max']:.2f} "
                f"| {s['accuracy']:.3f} | {traced} | {s['peak_mib']:.0f} "
                f"| {ratio} | {rate / gflops:.0%} |"
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
    out = ["### W2 (mean test accuracy and fit seconds over the seeds)", ""]
    out.append("| dataset | library | accuracy | median fit s | skreg / this time |")
    out.append("|---|---|---|---|---|")
    for name in dict.fromkeys(r[0] for r in w2_rows):
        group = [r for r in w2_rows if r[0] == name]
        ours = next((s for _, lib, s in group if lib == "skreg"), None)
        for _, lib, s in group:
            ratio = f"{ours['median'] / s['median']:.2f}x" if ours else "-"
            out.append(
                f"| {name} | {lib} | {s['accuracy']:.3f} | {s['median']:.3f} "
                f"| {ratio} |"
            )
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run, < 60 s")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--markdown", type=Path, help="also write the tables here")
    parser.add_argument(
        "--workloads",
        default="w1,w2,scalers",
        help="comma-separated subset of w1, w2, scalers (default: all)",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return 0
    repeats = 1 if args.quick else args.repeats
    chosen = set(args.workloads.split(","))
    unknown = chosen - {"w1", "w2", "scalers"}
    if unknown:
        parser.error(f"--workloads takes w1, w2, scalers; got {sorted(unknown)}")
    lines = _machine() + [""]
    if "w1" in chosen:
        gflops = blas_rate(repeats=5 if args.quick else 30)
        lines += format_w1(*bench_w1(args.quick, repeats), gflops)
    if "w2" in chosen:
        lines += format_w2(bench_w2(args.quick))
    if "scalers" in chosen:
        sys.path.insert(0, str(HERE))
        import bench_scalers

        rows = 100_000 if args.quick else 1_000_000
        lines += ["", f"### Scalers ({rows} x 100, seconds)", "", "```"]
        lines += bench_scalers.run(rows, 100, 1 if args.quick else 5) + ["```"]
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
