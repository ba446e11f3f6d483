"""CloudWatch-style metrics computed from a `Trace` (Qt-free; see docs/metrics.md).

`compute_metrics(trace)` returns one `Series` per metric and dimension; the window's Metrics
panel and `lambdascope export --metrics` only draw them.
"""

from app.metrics.series import Series, compute_metrics

__all__ = ["Series", "compute_metrics"]
