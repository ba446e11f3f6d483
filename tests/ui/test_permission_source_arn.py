"""The permission box shows the aws:SourceArn a resource-based policy weighed. S3 calls
lambda:InvokeFunction as the service principal s3.amazonaws.com; what tells one bucket from
another in the function's policy is the aws:SourceArn condition (lambda-behaviour.md §6, RBP).
The decision carried it (PermissionDecision.source_arn) but the inspector never said it, so a
class could not see why a statement with the wrong bucket ARN refuses the call."""

from pathlib import Path

from app.engine import run
from app.engine.trace import PermissionDecision
from app.scenario.loader import load_scenario
from app.ui.permission_box import PermissionBox

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def _s3_to_lambda_check():
    trace = run(load_scenario(SCENARIOS / "photo-thumbnails.yaml"))
    return next(s for s in trace if s.kind == "permission-check" and s.permission is not None
                and s.permission.principal == "s3.amazonaws.com")


def test_the_s3_to_lambda_decision_shows_its_source_arn(qtbot):
    step = _s3_to_lambda_check()
    assert step.permission.source_arn == "arn:aws:s3:::photos"
    box = PermissionBox()
    qtbot.addWidget(box)
    box.set_decision(step.permission)
    assert box.details.value("aws:SourceArn") == "arn:aws:s3:::photos"
    names = [name for name, _value in PermissionBox.rows_of(step.permission)]
    assert names.index("principal") < names.index("aws:SourceArn") < names.index("action")
    assert "aws:SourceArn: arn:aws:s3:::photos" in box.details.toolTip()


def test_a_decision_without_a_source_arn_shows_no_such_row(qtbot):
    box = PermissionBox()
    qtbot.addWidget(box)
    box.set_decision(PermissionDecision("allow", "arn:aws:sts::123456789012:assumed-role/r/f",
                                        "s3:GetObject", "arn:aws:s3:::photos/a.jpg",
                                        "identity policy of r", "Allow s3:GetObject"))
    assert box.details.value("aws:SourceArn") == ""
    assert "aws:SourceArn" not in box.details.text()
