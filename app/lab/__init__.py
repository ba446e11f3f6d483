"""The classroom lab, Qt-free: what-if edits and switches, runs compared, predict-the-next-step.

docs/decisions/0009-classroom-lab.md describes the API the panel, the comparison view and the
quiz dialog build on; docs/lab.md is the teachers' guide to `--set` paths and switches.
"""

from app.lab.compare import Comparison, compare, keep_position
from app.lab.edits import ABSENT, Change, Edit, EditError, apply_edits, apply_edits_verbose, parse_edit
from app.lab.quiz import Question, Quiz, question_for
from app.lab.session import LabSession, Rerun
from app.lab.switch import Switch, edits_for_values
from app.lab.switches import switches_for

__all__ = ["ABSENT", "Change", "Comparison", "Edit", "EditError", "LabSession", "Question", "Quiz",
           "Rerun", "Switch",
           "apply_edits", "apply_edits_verbose", "compare", "edits_for_values", "keep_position",
           "parse_edit", "question_for", "switches_for"]
