"""Built-in function code: real `handler(event, context)` callables. Qt-free."""
