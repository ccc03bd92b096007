r"""Optimisers: given the parameters and their gradients, return updated parameters.

All optimisers share one small interface::

    new_params = optimizer.step(params, grads)

``params`` and ``grads`` are dicts of arrays with the same names and shapes
(``model.params`` and ``model.backward(...)``). ``step`` returns a new dict of
new arrays and never writes into the caller's arrays. Optimisers with a
memory (momentum, Adam) keep it per parameter name, and :meth:`Optimizer.reset`
forgets it.

Mini-batching is the training loop's job: :class:`SGD` performs full-batch
gradient descent or mini-batch stochastic gradient descent depending on the
gradients it is given, so ``GradientDescent`` is the same class.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike

from lossbook._validation import as_float_array, check_positive, check_same_shape

__all__ = ["SGD", "Adam", "GradientDescent", "Momentum", "Optimizer"]


def _check_decay(value: float, name: str) -> float:
    """Return ``value`` as a float after checking it lies in [0, 1)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must lie in [0, 1), got {value!r}")
    return float(value)


class Optimizer:
    """The common interface: :meth:`step` and :meth:`reset`.

    Parameters
    ----------
    learning_rate : float
        Step size :math:`\\eta`, greater than 0.
    """

    def __init__(self, learning_rate: float) -> None:
        self.learning_rate = check_positive(learning_rate, "learning_rate")
        self.state: dict[str, dict[str, np.ndarray]] = {}
        self.n_steps = 0

    def step(
        self, params: Mapping[str, ArrayLike], grads: Mapping[str, ArrayLike]
    ) -> dict[str, np.ndarray]:
        """Return new parameters after one update; the inputs are not modified.

        Raises
        ------
        TypeError
            If ``params`` or ``grads`` is not a dict of numeric arrays.
        ValueError
            If their names or shapes differ, or a value is not finite.
        """
        params, grads = self._check_step(params, grads)
        self.n_steps += 1
        return {name: self._update(name, params[name], grads[name]) for name in params}

    def reset(self) -> None:
        """Forget the memory (velocities, moments) and the step count."""
        self.state = {}
        self.n_steps = 0

    def _update(self, name: str, param: np.ndarray, grad: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _memory(self, name: str, param: np.ndarray, *keys: str) -> dict[str, np.ndarray]:
        """The memory kept for parameter ``name``: zeros the first time it is seen."""
        memory = self.state.setdefault(name, {key: np.zeros_like(param) for key in keys})
        if memory[keys[0]].shape != param.shape:
            raise ValueError(
                f"params[{name!r}] has shape {param.shape} but the optimizer's memory has "
                f"shape {memory[keys[0]].shape}; call reset() before a new model"
            )
        return memory

    def _check_step(
        self, params: Mapping[str, ArrayLike], grads: Mapping[str, ArrayLike]
    ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        for value, name in ((params, "params"), (grads, "grads")):
            if not isinstance(value, Mapping):
                raise TypeError(f"{name} must be a dict of arrays, got {type(value).__name__}")
        if set(params) != set(grads):
            raise ValueError(
                f"params and grads must have the same names, got {sorted(params)} "
                f"and {sorted(grads)}"
            )
        checked_params, checked_grads = {}, {}
        for name in params:
            checked_params[name] = as_float_array(params[name], f"params[{name!r}]")
            checked_grads[name] = as_float_array(grads[name], f"grads[{name!r}]")
            check_same_shape(
                checked_params[name], checked_grads[name], f"params[{name!r}]", f"grads[{name!r}]"
            )
        return checked_params, checked_grads

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self.learning_rate!r})"


class SGD(Optimizer):
    r"""Plain (stochastic) gradient descent: :math:`\theta \leftarrow \theta - \eta\, g`.

    Given the gradient of the whole training cost this is gradient descent;
    given the gradient on a mini-batch it is stochastic gradient descent.
    ``GradientDescent`` is another name for this class.

    Parameters
    ----------
    learning_rate : float, default 0.01
        Step size :math:`\eta`, greater than 0.

    Raises
    ------
    ValueError
        If ``learning_rate`` is not greater than 0.

    Examples
    --------
    >>> import numpy as np
    >>> from lossbook.optim import SGD
    >>> optimizer = SGD(learning_rate=0.1)
    >>> params = {"weights": np.array([1.0, 2.0])}
    >>> optimizer.step(params, {"weights": np.array([10.0, -10.0])})["weights"].tolist()
    [0.0, 3.0]
    >>> params["weights"].tolist()  # the caller's arrays are left alone
    [1.0, 2.0]
    """

    def __init__(self, learning_rate: float = 0.01) -> None:
        super().__init__(learning_rate)

    def _update(self, name: str, param: np.ndarray, grad: np.ndarray) -> np.ndarray:
        return param - self.learning_rate * grad


#: Another name for :class:`SGD`: full-batch gradient descent is SGD on the whole data set.
GradientDescent = SGD


class Momentum(Optimizer):
    r"""Gradient descent with (heavy-ball) momentum.

    A velocity :math:`v`, starting at 0, accumulates the gradients:

    .. math::

        v \leftarrow \mu\, v + g, \qquad \theta \leftarrow \theta - \eta\, v .

    With a constant gradient the step grows towards :math:`\eta g/(1 - \mu)`.

    Parameters
    ----------
    learning_rate : float, default 0.01
        Step size :math:`\eta`, greater than 0.
    momentum : float, default 0.9
        Decay :math:`\mu` of the velocity, in [0, 1); 0 gives plain SGD.

    Raises
    ------
    ValueError
        If ``learning_rate`` is not greater than 0 or ``momentum`` is outside [0, 1).

    Notes
    -----
    This is the form of PyTorch's ``SGD(momentum=mu)`` (with no dampening)
    and of optax's ``sgd(learning_rate, momentum=mu)``, whose ``trace``
    accumulates the gradients before the learning rate scales them. Keras
    keeps :math:`v' = \mu v' - \eta g` and adds it, which gives the same
    iterates while the learning rate is constant.

    References
    ----------
    Polyak, B. T. (1964). Some methods of speeding up the convergence of
    iteration methods. USSR Computational Mathematics and Mathematical Physics.

    Examples
    --------
    >>> import numpy as np
    >>> from lossbook.optim import Momentum
    >>> optimizer = Momentum(learning_rate=0.1, momentum=0.5)
    >>> params, grads = {"w": np.array([0.0])}, {"w": np.array([1.0])}
    >>> params = optimizer.step(params, grads)  # v = 1
    >>> params = optimizer.step(params, grads)  # v = 1.5
    >>> params["w"].tolist()
    [-0.25]
    """

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.9) -> None:
        super().__init__(learning_rate)
        self.momentum = _check_decay(momentum, "momentum")

    def _update(self, name: str, param: np.ndarray, grad: np.ndarray) -> np.ndarray:
        memory = self._memory(name, param, "velocity")
        memory["velocity"] = self.momentum * memory["velocity"] + grad
        return param - self.learning_rate * memory["velocity"]


class Adam(Optimizer):
    r"""Adam: steps scaled by running estimates of the gradient's first two moments.

    At step :math:`t = 1, 2, \dots`, with :math:`m_0 = v_0 = 0`:

    .. math::

        m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2, \\
        \hat m_t &= \frac{m_t}{1 - \beta_1^t}, \qquad
        \hat v_t = \frac{v_t}{1 - \beta_2^t}, \qquad
        \theta_t = \theta_{t-1} - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon} .

    The bias corrections undo the pull of the zero start towards 0, so the
    first step has size about :math:`\eta` in every coordinate whatever the
    scale of the gradient.

    Parameters
    ----------
    learning_rate : float, default 1e-3
        Step size :math:`\eta`, greater than 0.
    beta1, beta2 : float, default 0.9 and 0.999
        Decay rates of the moment estimates, in [0, 1).
    eps : float, default 1e-8
        Added to :math:`\sqrt{\hat v_t}`, greater than 0.

    Raises
    ------
    ValueError
        If a hyper-parameter is out of range.

    Notes
    -----
    The defaults are those of the paper, PyTorch and optax. Keras uses
    ``epsilon=1e-7`` and adds it to :math:`\sqrt{v_t}` before the bias
    correction ("epsilon hat"), which differs only while
    :math:`\sqrt{\hat v_t}` is of the order of :math:`\epsilon`.

    References
    ----------
    Kingma, D. P. and Ba, J. (2015). Adam: A method for stochastic
    optimization. ICLR.

    Examples
    --------
    >>> import numpy as np
    >>> from lossbook.optim import Adam
    >>> optimizer = Adam(learning_rate=0.1)
    >>> params = optimizer.step({"w": np.array([1.0, 1.0])}, {"w": np.array([1e-3, -50.0])})
    >>> np.round(params["w"], 3).tolist()  # both coordinates move by about 0.1
    [0.9, 1.1]
    """

    def __init__(
        self,
        learning_rate: float = 1e-3,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
    ) -> None:
        super().__init__(learning_rate)
        self.beta1 = _check_decay(beta1, "beta1")
        self.beta2 = _check_decay(beta2, "beta2")
        self.eps = check_positive(eps, "eps")

    def _update(self, name: str, param: np.ndarray, grad: np.ndarray) -> np.ndarray:
        memory = self._memory(name, param, "first_moment", "second_moment")
        memory["first_moment"] = self.beta1 * memory["first_moment"] + (1 - self.beta1) * grad
        memory["second_moment"] = self.beta2 * memory["second_moment"] + (1 - self.beta2) * grad**2
        first = memory["first_moment"] / (1 - self.beta1**self.n_steps)
        second = memory["second_moment"] / (1 - self.beta2**self.n_steps)
        return param - self.learning_rate * first / (np.sqrt(second) + self.eps)
