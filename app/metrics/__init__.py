"""CloudWatch-style metrics computed from a `Trace` (Qt-free; see docs/metrics.md).

`compute_metrics(trace)` returns one `Series` per metric and dimension; the window's Metrics
panel and `lambdascope export --metrics` only draw them.
"""

from app.metrics.charts import Chart, charts_of, step_line
from app.metrics.series import Series, compute_metrics

__all__ = ["Chart", "Series", "charts_of", "compute_metrics", "step_line"]
