"""Headless and GUI entry points behind `lambdascope SUBCOMMAND`."""
