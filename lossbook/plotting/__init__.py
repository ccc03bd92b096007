"""The book's figures: one style, drawing helpers, deterministic output.

``lossbook.plotting`` is the only part of lossbook that imports matplotlib
(install it with the ``plot`` or ``book`` extra). Every drawing helper draws
into an ``Axes`` you pass, or creates a new figure through pyplot (so that
notebooks display it), and returns the ``Axes``.

- :mod:`lossbook.plotting.style`: the palette, :func:`use_book_style`,
  :func:`save_figure`.
- :mod:`lossbook.plotting.basics`: the figures of the first chapter.
- :mod:`lossbook.plotting.regression`: losses against the residual, fitted
  lines and curves, descent paths (the chapter on regression losses).
- :mod:`lossbook.plotting.training`: loss curves, decision boundaries, cost
  surfaces and slices, chords (the chapters on convexity and training).
- :mod:`lossbook.plotting.classification`: curves against a logit or a margin,
  probability bars, naive against stable computations (the chapter on
  cross-entropy).
- :mod:`lossbook.plotting.convexity`: curvature by second differences with
  its negative stretches shaded, descent paths over a cost surface (the
  chapter on convexity).
- :mod:`lossbook.plotting.costs`: per-sample losses with the cost and the
  objective, penalties and their gradients, paths of weights (the chapter on
  loss, cost and objective).
- :mod:`lossbook.plotting.custom`: what each model's cost is made of (the
  chapter on writing your own loss).
- :mod:`lossbook.plotting.diagnostics`: cost and accuracy on twin axes,
  reference lines on loss curves (the chapter on the training loop).
"""

from lossbook.plotting.basics import *  # noqa: F403
from lossbook.plotting.basics import __all__ as _basics_all
from lossbook.plotting.classification import *  # noqa: F403
from lossbook.plotting.classification import __all__ as _classification_all
from lossbook.plotting.convexity import *  # noqa: F403
from lossbook.plotting.convexity import __all__ as _convexity_all
from lossbook.plotting.costs import *  # noqa: F403
from lossbook.plotting.costs import __all__ as _costs_all
from lossbook.plotting.custom import *  # noqa: F403
from lossbook.plotting.custom import __all__ as _custom_all
from lossbook.plotting.diagnostics import *  # noqa: F403
from lossbook.plotting.diagnostics import __all__ as _diagnostics_all
from lossbook.plotting.regression import *  # noqa: F403
from lossbook.plotting.regression import __all__ as _regression_all
from lossbook.plotting.style import *  # noqa: F403
from lossbook.plotting.style import __all__ as _style_all
from lossbook.plotting.training import *  # noqa: F403
from lossbook.plotting.training import __all__ as _training_all

__all__ = [
    *_style_all,
    *_basics_all,
    *_classification_all,
    *_convexity_all,
    *_costs_all,
    *_custom_all,
    *_diagnostics_all,
    *_regression_all,
    *_training_all,
]
