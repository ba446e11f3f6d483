"""A role may grant an action the function's code never calls. Taking it away then changes
nothing in the run, and the what-if's prediction must say so rather than promise an AccessDenied
(an expert flipped such a switch and saw "the two runs are step for step the same")."""

from __future__ import annotations

from app.bundled import SCENARIOS_DIR
from app.engine import run
from app.lab.compare import compare
from app.lab.edits import apply_edits
from app.lab.switches import switches_for
from app.scenario.loader import load_scenario_text

ECHO_READS = (SCENARIOS_DIR / "async-retries.yaml").read_text(encoding="utf-8").replace(
    "    managed_policies: [AWSLambdaBasicExecutionRole]\n    policies:\n",
    "    managed_policies: [AWSLambdaBasicExecutionRole]\n    policies:\n"
    "      - {sid: ReadInvoices, action: \"s3:GetObject\", resource: \"arn:aws:s3:::invoices/*\"}\n", 1)


def test_a_right_the_code_never_uses_is_predicted_to_change_nothing_and_does_not(tmp_path):
    scenario = load_scenario_text(ECHO_READS, tmp_path / "echo-reads.yaml")
    switch = {s.id: s for s in switches_for(scenario)}["role-action:read-invoice-role:s3:GetObject"]
    assert "is denied" not in switch.prediction
    assert "never calls s3:GetObject" in switch.prediction and "§6 ROLE" in switch.prediction
    assert switch.prediction.startswith("Nothing changes in this run")
    before, after = run(scenario), run(apply_edits(scenario, switch.edits_for(True)))
    assert compare(before, after).first_difference is None


def test_a_right_the_code_uses_still_predicts_the_denial():
    photos = load_scenario_text((SCENARIOS_DIR / "photo-thumbnails.yaml").read_text(encoding="utf-8"),
                                SCENARIOS_DIR / "photo-thumbnails.yaml")
    switch = {s.id: s for s in switches_for(photos)}["role-action:thumbnail-role:s3:GetObject"]
    assert "is denied (AccessDenied)" in switch.prediction
