"""lossbook: loss functions for neural networks, exact at the extremes, with gradients.

Every loss takes ``(y_true, y_pred, *, ...)`` in the order of the maths
``L(y, ŷ)``, with ``reduction='mean'|'sum'|'none'`` and ``sample_weight``;
its gradient ``name_grad`` takes the same arguments and returns the gradient
of the reduced loss with respect to the prediction (or the logits).
"""

from importlib.metadata import PackageNotFoundError, version

from lossbook.activations import *  # noqa: F403
from lossbook.activations import __all__ as _activations_all
from lossbook.classification import *  # noqa: F403
from lossbook.classification import __all__ as _classification_all
from lossbook.regression import *  # noqa: F403
from lossbook.regression import __all__ as _regression_all
from lossbook.regularization import *  # noqa: F403
from lossbook.regularization import __all__ as _regularization_all

try:
    __version__ = version("lossbook")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "__version__",
    *_activations_all,
    *_regression_all,
    *_classification_all,
    *_regularization_all,
]
