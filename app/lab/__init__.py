"""The classroom lab, Qt-free: what-if edits and switches, runs compared, predict-the-next-step.

docs/decisions/0007-classroom-lab.md describes the API the panel, the comparison view and the
quiz dialog build on; docs/lab.md is the teachers' guide to `--set` paths and switches.
"""

from app.lab.edits import ABSENT, Change, Edit, EditError, apply_edits, apply_edits_verbose, parse_edit

__all__ = ["ABSENT", "Change", "Edit", "EditError", "apply_edits", "apply_edits_verbose", "parse_edit"]
