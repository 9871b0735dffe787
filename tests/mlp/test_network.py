"""Engine properties: flat parameters, reused buffers, no per-batch allocation."""

import tracemalloc

import numpy as np

from skreg.mlp.layers import Context
from skreg.mlp.losses import LOSSES
from skreg.mlp.network import make_network
from skreg.mlp.optimizers import Adam
from skreg.mlp.regularizers import L1L2, MaxNorm
from skreg.mlp.schedules import OneCycle
from skreg.mlp.training import TrainConfig, Trainer


def _net(**kw):
    return make_network(
        50,
        (512, 256),
        10,
        activation="relu",
        loss=LOSSES["log_loss"](),
        dtype=np.float32,
        **kw,
    )


def test_training_allocates_nothing_per_batch():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2048, 50), dtype=np.float32)
    Y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, 2048)]
    net = _net(
        dropout=(0.2, 0.2),
        batch_norm=True,
        activity_l1=1e-4,
        input_noise=0.1,
        regularizers=L1L2(l1=1e-5, l2=1e-4),
        constraints=[MaxNorm(3.0), MaxNorm(3.0), None],
        weight_decay=1e-4,
    )
    net.theta[:] = 0.05 * rng.standard_normal(net.theta.size)
    opt = Adam()
    opt.init_state(net.theta, scratch=net.scratch)
    trainer = Trainer(
        net, opt, OneCycle(), TrainConfig(batch_size=256, max_iter=3), rng=rng
    )
    trainer.fit(X, Y, None, max_epochs=1)  # warm-up: buffers exist
    tracemalloc.start()
    trainer.fit(X, Y, None, max_epochs=1)  # 8 batches
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    one_activation = 256 * 256 * 4  # the smallest hidden activation of a batch
    assert peak < one_activation


def test_forward_reuses_its_buffers_and_params_are_views():
    net = _net(batch_norm=True)
    X = np.ones((32, 50), dtype=np.float32)
    ctx = Context(training=True, backward=True)
    a = net.forward(X, ctx)
    b = net.forward(X, ctx)
    assert np.shares_memory(a, b)  # training passes reuse their buffers
    c = net.forward(X, Context())
    assert not np.shares_memory(a, c)  # inference returns a fresh array
    for layer in net.dense:
        assert np.shares_memory(layer.params["W"], net.theta)
        assert np.shares_memory(layer.grads["W"], net.grad)
    n_params = sum(la.params["W"].size + la.params["b"].size for la in net.dense)
    n_params += sum(2 * bn.n_in for bn in net.batch_norms)
    assert net.theta.size == n_params


def test_standard_stack_never_copies_and_user_input_is_protected():
    net = _net(dropout=(0.3, 0.3), batch_norm=True, activity_l2=0.1, input_noise=0.1)
    assert not any(net.copy_plan)
    from skreg.mlp.layers import Activation, Dense
    from skreg.mlp.network import Network

    net = Network([Activation("relu"), Dense(3)], LOSSES["log_loss"]()).build(4)
    X = -np.ones((2, 4), dtype=np.float32)
    net.forward(X, Context())
    assert (X == -1).all()


def _blas_threads_during_training(hidden, batch_size, n=2048):
    """BLAS threads seen from inside the training loop."""
    from threadpoolctl import threadpool_info

    from skreg.mlp.callbacks import Callback

    class Probe(Callback):
        def on_epoch_end(self, trainer, logs):
            self.threads = [i["num_threads"] for i in threadpool_info()
                            if i["user_api"] == "blas"]  # fmt: skip

    rng = np.random.default_rng(0)
    net = make_network(50, hidden, 10, activation="relu", loss="log_loss")
    net.theta[:] = 0.05 * rng.standard_normal(net.theta.size)
    opt = Adam()
    opt.init_state(net.theta, scratch=net.scratch)
    probe = Probe()
    config = TrainConfig(batch_size=batch_size, max_iter=1)
    trainer = Trainer(net, opt, OneCycle(), config, rng=rng, callbacks=[probe])
    X = rng.standard_normal((n, 50), dtype=np.float32)
    Y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, n)]
    trainer.fit(X, Y, None, max_epochs=1)
    return probe.threads


def test_small_networks_train_on_one_blas_thread():
    from threadpoolctl import threadpool_info, threadpool_limits

    with threadpool_limits(limits=2, user_api="blas"):
        before = [
            i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"
        ]
        assert set(_blas_threads_during_training((64,), 200)) == {1}
        # a large batch of a large network keeps the library's threads
        big = _blas_threads_during_training((1024, 1024), 256, n=256)
        assert big == before
        after = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
        assert after == before  # restored
