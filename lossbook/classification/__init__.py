r"""Classification losses and their gradients.

Binary losses (:func:`binary_cross_entropy`, :func:`binary_cross_entropy_with_logits`,
:func:`focal_loss`, :func:`hinge`, :func:`squared_hinge`) are elementwise: any
shape, one loss per element. Class-axis losses (:func:`categorical_cross_entropy`,
:func:`softmax_cross_entropy`, :func:`kl_divergence`, :func:`entropy`,
:func:`multiclass_hinge`) hold the classes on the LAST axis and give one loss per
row.

Every loss ``name(y_true, y_pred, *, ..., reduction="mean", sample_weight=None)``
has a gradient ``name_grad`` with the same arguments, which returns the gradient
of the reduced loss with respect to ``y_pred`` (the logits or scores for the
losses that take them), shaped like it. For ``reduction="none"`` it is the
gradient of the SUM of the per-sample losses.

The code lives in three private modules, by family: ``_binary`` (binary
cross-entropy and the focal loss), ``_multiclass`` (softmax and categorical
cross-entropy, KL divergence, entropy) and ``_margin`` (the hinge losses).
Import from here.
"""

from lossbook.classification._binary import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
    focal_loss,
    focal_loss_grad,
)
from lossbook.classification._margin import (
    hinge,
    hinge_grad,
    multiclass_hinge,
    multiclass_hinge_grad,
    squared_hinge,
    squared_hinge_grad,
)
from lossbook.classification._multiclass import (
    categorical_cross_entropy,
    categorical_cross_entropy_grad,
    entropy,
    kl_divergence,
    kl_divergence_grad,
    softmax_cross_entropy,
    softmax_cross_entropy_grad,
)

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "categorical_cross_entropy",
    "categorical_cross_entropy_grad",
    "entropy",
    "focal_loss",
    "focal_loss_grad",
    "hinge",
    "hinge_grad",
    "kl_divergence",
    "kl_divergence_grad",
    "multiclass_hinge",
    "multiclass_hinge_grad",
    "softmax_cross_entropy",
    "softmax_cross_entropy_grad",
    "squared_hinge",
    "squared_hinge_grad",
]
