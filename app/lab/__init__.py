"""The classroom lab, Qt-free: what-if edits and switches, runs compared, predict-the-next-step.

docs/decisions/0009-classroom-lab.md describes the API the panel, the comparison view and the
quiz dialog build on; docs/lab.md is the teachers' guide to `--set` paths and switches.
"""

# Exported names are imported on first use (PEP 562), so importing a submodule such as
# app.lab.play_options (every `lambdascope play`) does not load the lab's session, quiz and
# comparison (~0.1 s of a `play --summary` process, issue 12 item 3). One catch: once the
# submodule app.lab.compare is imported, `app.lab.compare` is that module (Python sets it), so
# take the function from the submodule: `from app.lab.compare import compare`.
_EXPORTS = {
    "Comparison": "compare", "compare": "compare", "keep_position": "compare",
    "ABSENT": "edits", "Change": "edits", "Edit": "edits", "EditError": "edits",
    "apply_edits": "edits", "apply_edits_verbose": "edits", "parse_edit": "edits",
    "Question": "quiz", "Quiz": "quiz", "question_for": "quiz",
    "LabSession": "session", "Rerun": "session",
    "Switch": "switch", "edits_for_values": "switch",
    "switches_for": "switches",
}


def __getattr__(name: str):
    """`app.lab.<name>` for an exported name: imported from its submodule on first use."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'app.lab' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"app.lab.{module}"), name)
    globals()[name] = value
    return value


__all__ = ["ABSENT", "Change", "Comparison", "Edit", "EditError", "LabSession", "Question", "Quiz",
           "Rerun", "Switch",
           "apply_edits", "apply_edits_verbose", "compare", "edits_for_values", "keep_position",
           "parse_edit", "question_for", "switches_for"]
