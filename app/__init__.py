"""LambdaScope: step through how AWS Lambda is invoked, on a simulated engine."""

__version__ = "0.1.0"
