"""Built-in handler names → the `handler(event, context)` callables that implement them.

Entries name a module path so each handler module is imported only when a scenario uses it
(and so handlers written by others plug in by adding their module). The options a handler
accepts live in `app.scenario.handler_options` and reach the code as `context.options`.
"""

from __future__ import annotations

import importlib
import sys
from functools import lru_cache
from typing import Any, Callable

HANDLERS: dict[str, str] = {
    "builtin.echo": "app.handlers.echo",
    "builtin.work": "app.handlers.work",
    "builtin.thumbnail": "app.handlers.thumbnail",
    "builtin.http_api": "app.handlers.http_api",
    "builtin.process_clicks": "app.handlers.process_clicks",
    "builtin.stream_metrics": "app.handlers.stream_metrics",
    "builtin.forward": "app.handlers.forward",
}

Handler = Callable[[Any, Any], Any]


def get_handler(name: str) -> Handler:
    """The module's `handler`; KeyError for a name no built-in handler has.

    Looks in `sys.modules` first: `import_module` does the same, only slower (once per invoke).
    """
    path = HANDLERS[name]
    module = sys.modules.get(path)
    return (module if module is not None else importlib.import_module(path)).handler


def handler_file(name: str) -> str:
    """Where the code would live in the deployment package, for stack traces and narration."""
    return f"/var/task/{HANDLERS[name].rsplit('.', 1)[-1]}.py"


@lru_cache(maxsize=None)
def memory_used_mb(name: str) -> int:
    """`Max Memory Used` on the REPORT line: the module's MEMORY_MB estimate (default 40 MB)."""
    try:
        return int(getattr(importlib.import_module(HANDLERS[name]), "MEMORY_MB", 40))
    except ImportError:
        return 40
