"""A FIFO queue imported with FifoQueue written "True" (any letter case, as map_services reads
it) gets a name ending in .fifo, so the lesson passes `check` (SQS: FIFO names end in .fifo)."""

from __future__ import annotations

import pytest

pytest.importorskip("samtranslator")
pytest.importorskip("cfnlint")

from app.importers import import_template  # noqa: E402

TEMPLATE = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      FifoQueue: {fifo}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Code: {{ZipFile: "x"}}
      Role: !GetAtt FnRole.Arn
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{{Effect: Allow, Principal: {{Service: lambda.amazonaws.com}}, Action: sts:AssumeRole}}]
  Map:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      EventSourceArn: !GetAtt Jobs.Arn
      FunctionName: !Ref Fn
"""


@pytest.mark.parametrize("fifo", ['"True"', '"TRUE"', "true", '"true"'])
def test_fifo_queue_name_ends_in_fifo_however_true_is_written(tmp_path, fifo):
    path = tmp_path / "t.yaml"
    path.write_text(TEMPLATE.format(fifo=fifo))
    result = import_template(path, lesson_path=tmp_path / "t.lesson.yaml")
    queues = {n: r for n, r in result.lesson["resources"].items() if r.get("type") == "sqs_queue"}
    assert [n for n, r in queues.items() if r.get("fifo")] == ["jobs.fifo"]
