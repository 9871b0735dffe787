"""AdamW: Adam with decoupled weight decay (Loshchilov & Hutter, 2019)."""

from skreg.mlp.optimizers.adam import Adam


class AdamW(Adam):
    """Adam whose weights shrink by ``1 - lr * weight_decay`` before each step.

    Parameters
    ----------
    beta_1 : float, default=0.9
    beta_2 : float, default=0.999
    epsilon : float, default=1e-8
    weight_decay : float, default=0.01
        PyTorch's default.
    """

    def __init__(self, beta_1=0.9, beta_2=0.999, epsilon=1e-8, *, weight_decay=0.01):
        super().__init__(beta_1, beta_2, epsilon, weight_decay=weight_decay)
