"""A test-only handler: writes one line through Python's `logging` (the runtime's log format)."""

import logging

MEMORY_MB = 40


def handler(event, context):
    logging.getLogger().warning("resizing %s", event.get("key", "?"))
    return {"logged": True}
