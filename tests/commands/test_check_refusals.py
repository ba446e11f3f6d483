"""`check` names the real cause when S3 refuses a bucket's notification configuration (the
function's resource-based policy does not let s3.amazonaws.com invoke it from that bucket) and
when an event source mapping's poll is denied (the execution role cannot read the queue), as
`play` does, with the fix; and it does not send the teacher after a prefix, suffix or a missing
write instead. A new teacher's lessons (upload-log.yaml, jobs-sqs.yaml) and their slips."""

from __future__ import annotations

import pytest

from app.cli import main

UPLOAD_LOG = """\
title: Upload log
teaches: push
summary: A student uploads a file to the uploads bucket. S3 invokes a function that records the upload in a DynamoDB table.

resources:
  student:
    type: actor
    kind: user
    policies:
      - {action: "s3:PutObject", resource: "arn:aws:s3:::uploads/*"}

  uploads:
    type: s3_bucket
    notifications:
      - events: ["s3:ObjectCreated:*"]
        function: log-upload

  upload-table:
    type: dynamodb_table
    partition_key: key

  log-role:
    type: iam_role
    trusts: lambda.amazonaws.com
    policies:
ROLE_POLICIES
      - {action: "dynamodb:PutItem", resource: "arn:aws:dynamodb:us-east-1:123456789012:table/upload-table"}

  log-upload:
    type: function
    handler: builtin.echo
    options: {greeting: Upload logged}
    role: log-role
    timeout: 5
PERMISSIONS

script:
  - at: 0s
    actor: student
    action: put_object
    bucket: uploads
    key: homework.txt
    body: my homework
"""

GOOD_PERMISSIONS = """\
    permissions:
      - sid: AllowS3
        principal: s3.amazonaws.com
        source_arn: arn:aws:s3:::uploads
        source_account: "123456789012\""""

JOBS = """\
title: Jobs queue
teaches: pull
summary: A web app puts jobs on an SQS queue; Lambda polls the queue and runs a worker function.

resources:
  web-app:
    type: actor
    kind: custom_app
    policies:
      - {action: "sqs:SendMessage", resource: "arn:aws:sqs:us-east-1:123456789012:jobs"}

  jobs:
    type: sqs_queue
    visibility_timeout: 360

  worker-role:
    type: iam_role
    trusts: lambda.amazonaws.com
    managed_policies: [MANAGED]

  worker:
    type: function
    handler: builtin.work
    role: worker-role
    timeout: 60
    duration: 2s

  jobs-mapping:
    type: event_source_mapping
    source: jobs
    function: worker
    batch_size: 5

script:
  - at: 0s
    actor: web-app
    action: send_message
    queue: jobs
    message_body: {job: "resize", id: "{n}"}
    repeat: 3
    every: 1s
"""


def _check(tmp_path, capsys, text: str, *flags: str):
    path = tmp_path / "lesson.yaml"
    path.write_text(text, encoding="utf-8")
    code = main(["check", *flags, str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def _upload_log(permissions: str, role_policies: str = "") -> str:
    return UPLOAD_LOG.replace("PERMISSIONS", permissions).replace(
        "ROLE_POLICIES\n", role_policies)


SLIPS = {
    "no permissions": _upload_log(""),
    "source_arn with /*": _upload_log(GOOD_PERMISSIONS.replace(
        "arn:aws:s3:::uploads", "arn:aws:s3:::uploads/*")),
    "InvokeFunction in the execution role": _upload_log(
        "", '      - {action: "lambda:InvokeFunction", resource: "*"}\n'),
}


@pytest.mark.parametrize("slip", list(SLIPS))
def test_a_refused_notification_configuration_is_named_as_the_cause_with_the_fix(tmp_path, capsys, slip):
    code, out, err = _check(tmp_path, capsys, SLIPS[slip])
    entry = next(line for line in out.splitlines() if "script[0]" in line)
    assert "no notification matches the key" not in entry
    assert "S3 refuses uploads' notification configuration" in entry
    assert "400 InvalidArgument" in entry
    assert "prefix and suffix" not in err
    assert "no write in the run matches" not in err
    warning = next(line for line in err.splitlines() if "notification configuration" in line)
    assert "principal: s3.amazonaws.com" in warning
    assert "source_arn: \"arn:aws:s3:::uploads\"" in warning
    assert "not arn:aws:s3:::uploads/*" in warning
    assert "resources.uploads.notifications[0]" in warning


def test_the_teachers_upload_log_is_clean(tmp_path, capsys):
    code, out, err = _check(tmp_path, capsys, _upload_log(GOOD_PERMISSIONS), "--strict")
    assert code == 0, err
    assert "log-upload ran" in out
    assert "warning" not in err


def test_a_denied_poll_is_named_as_the_cause_with_the_fix(tmp_path, capsys):
    code, out, err = _check(tmp_path, capsys, JOBS.replace("MANAGED", "AWSLambdaBasicExecutionRole"))
    assert "nothing in the run writes to jobs" not in err
    assert "put_record" not in err
    warning = next(line for line in err.splitlines() if "jobs-mapping" in line)
    assert "AccessDenied" in warning and "sqs:ReceiveMessage" in warning
    assert "AWSLambdaSQSQueueExecutionRole" in warning
    for action in ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"):
        assert action in warning
    entry = next(line for line in out.splitlines() if "script[0]" in line)
    assert "poll jobs: AccessDenied (sqs:ReceiveMessage)" in entry


def test_the_teachers_jobs_queue_is_clean(tmp_path, capsys):
    code, out, err = _check(tmp_path, capsys,
                            JOBS.replace("MANAGED", "AWSLambdaBasicExecutionRole, AWSLambdaSQSQueueExecutionRole"),
                            "--strict")
    assert code == 0, err
    assert "worker ran" in out or "mapping jobs-mapping" in out


def test_a_queue_nobody_sends_to_asks_for_send_message(tmp_path, capsys):
    text = JOBS.replace("MANAGED", "AWSLambdaBasicExecutionRole, AWSLambdaSQSQueueExecutionRole")
    text = text.replace("queue: jobs\n", "queue: other\n").replace(
        "  worker-role:", "  other: {type: sqs_queue}\n\n  worker-role:").replace(
        'resource: "arn:aws:sqs:us-east-1:123456789012:jobs"', 'resource: "*"')
    code, out, err = _check(tmp_path, capsys, text)
    warning = next(line for line in err.splitlines() if "never gets a record" in line)
    assert "send_message" in warning
    assert "put_record" not in warning


def test_the_ok_line_counts_in_good_english_and_strict_says_it_fails(tmp_path, capsys):
    code, out, err = _check(tmp_path, capsys, SLIPS["no permissions"])
    assert code == 0
    assert "(5 resources, 1 script entry, 1 warning)" in out
    assert "script entries" not in out
    code, out, err = _check(tmp_path, capsys, SLIPS["no permissions"], "--strict")
    assert code == 1
    assert not out.startswith("OK ")
    assert "fails under --strict because of 1 warning" in out
