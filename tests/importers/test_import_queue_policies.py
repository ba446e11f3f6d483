"""Queue and topic policies whose statements name `*` (or AWS `*`) and narrow it with
aws:SourceArn / aws:SourceAccount, as SAM writes them for `SqsSubscription: true`: the lesson
must allow what AWS allows (SNS → SQS delivers), and a statement that cannot be simulated is
said loudly (left out, on stderr, and `import` exits 3 when the lesson then refuses a call)."""

from pathlib import Path

import pytest

pytest.importorskip("samtranslator")
pytest.importorskip("cfnlint")

from app.importers import import_template  # noqa: E402
from tests.importers.helpers import check_text  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"

POLICY = """\
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      Subscription:
        - Protocol: sqs
          Endpoint: !GetAtt Queue.Arn
  Queue:
    Type: AWS::SQS::Queue
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument:
        Statement:
{statements}
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      EventSourceArn: !GetAtt Queue.Arn
      FunctionName: !Ref Fn
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: a.h
      Role: !GetAtt Role.Arn
      Code: {{ZipFile: "x"}}
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{{Effect: Allow, Principal: {{Service: lambda.amazonaws.com}}, Action: sts:AssumeRole}}]
      ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole]
"""


def _import(tmp_path, text=None, name="sns-sqs-subscription.yaml"):
    path = FIXTURES / name
    if text is not None:
        path = tmp_path / "t.yaml"
        path.write_text(text, encoding="utf-8")
    out = tmp_path / "t.lesson.yaml"
    result = import_template(path, lesson_path=out)
    out.write_text(result.text, encoding="utf-8")
    return result, check_text(result.text, out)


def test_sam_sqs_subscription_delivers_like_aws(tmp_path):
    result, (_, lines, warnings) = _import(tmp_path)
    queue = result.lesson["resources"]["worker-from-topic-queue"]
    assert queue["permissions"] == [{"sid": "WorkerFromTopicQueuePolicy1", "principal": "*",
                                     "source_arn": "arn:aws:sns:us-east-1:123456789012:topic"}]
    assert not any("QueuePolicy" in item for item in result.left_out), result.left_out
    assert lines == ["script[0] publish topic → worker ran"], lines
    assert not any(word in text for word in ("DENIED", "refused") for text in lines + warnings)


@pytest.mark.parametrize("principal", ['"*"', '{AWS: "*"}'])
def test_star_with_source_account_and_several_arns(tmp_path, principal):
    statements = f"""\
          - Effect: Allow
            Principal: {principal}
            Action: sqs:SendMessage
            Resource: "*"
            Condition:
              ArnLike: {{aws:SourceArn: [arn:aws:sns:us-east-1:123456789012:other, !Ref Topic]}}
              StringEquals: {{aws:SourceAccount: "123456789012"}}"""
    result, (_, lines, _) = _import(tmp_path, POLICY.format(statements=statements))
    perms = result.lesson["resources"]["queue"]["permissions"]
    assert [p["source_arn"] for p in perms] == ["arn:aws:sns:us-east-1:123456789012:other",
                                                "arn:aws:sns:us-east-1:123456789012:topic"]
    assert {(p["principal"], p["source_account"]) for p in perms} == {("*", "123456789012")}
    assert lines == ["script[0] publish topic → fn ran"], lines


@pytest.mark.parametrize("statement, why", [
    ("""\
          - Effect: Deny
            Principal: "*"
            Action: sqs:SendMessage
            Resource: "*"
""", "Deny"),
    ("""\
          - Effect: Allow
            Principal: "*"
            Action: sqs:SendMessage
            Resource: "*"
            Condition:
              ArnNotEquals: {aws:SourceArn: !Ref Topic}
""", "ArnNotEquals"),
    ("""\
          - Effect: Allow
            NotPrincipal: {AWS: "arn:aws:iam::123456789012:root"}
            Action: sqs:SendMessage
            Resource: "*"
""", "NotPrincipal"),
])
def test_statements_that_cannot_be_simulated_are_listed(tmp_path, statement, why):
    text = POLICY.format(statements=statement.rstrip("\n"))
    result, _ = _import(tmp_path, text)
    dropped = [item for item in result.left_out if item.startswith("QueuePolicy: statement 1")]
    assert len(dropped) == 1 and why in dropped[0], result.left_out


def _template_whose_only_statement_is_dropped(tmp_path: Path) -> Path:
    """A template whose queue policy has one statement the lesson cannot simulate (ArnNotEquals),
    so the topic's delivery to the queue is refused in the lesson: `import` exits 3."""
    deny_only = """\
          - Effect: Allow
            Principal: "*"
            Action: sqs:SendMessage
            Resource: "*"
            Condition:
              ArnNotEquals: {aws:SourceArn: arn:aws:sns:us-east-1:123456789012:other}"""
    template = tmp_path / "t.yaml"
    template.write_text(POLICY.format(statements=deny_only), encoding="utf-8")
    return template


def test_cli_exit_3_when_a_dropped_statement_leaves_a_call_refused(tmp_path, capsys):
    from app.cli import main
    template = _template_whose_only_statement_is_dropped(tmp_path)
    out = tmp_path / "t.lesson.yaml"
    assert main(["import", str(template), "-o", str(out)]) == 3
    err = capsys.readouterr().err
    assert "not simulated: QueuePolicy: statement 1" in err
    assert "warning:" in err  # the check's findings on the lesson, said at once
    assert "may not sqs:SendMessage on queue" in err or "DENIED" in err
    assert out.exists()  # the lesson is still written, to be fixed by hand
    ok = tmp_path / "ok.lesson.yaml"
    assert main(["import", str(FIXTURES / "sns-sqs-subscription.yaml"), "-o", str(ok)]) == 0


def test_cli_summary_counts_in_good_english(tmp_path, capsys):
    from app.cli import main
    ok = tmp_path / "ok.lesson.yaml"
    assert main(["import", str(FIXTURES / "sns-sqs-subscription.yaml"), "-o", str(ok)]) == 0
    summary = capsys.readouterr().out
    assert "1 script entry;" in summary and "1 left out," in summary and "1 guessed" in summary, summary


def test_import_validates_the_lesson_once_and_does_not_read_it_back(tmp_path, capsys, monkeypatch):
    """The exit-3 check runs on the Scenario the import already validated (it used to load the
    written file again: a second read and a second validation of the same text)."""
    import app.scenario.loader as loader
    import app.scenario.safety as safety
    from app.cli import main

    validated, read = [], []
    real_validate, real_read = loader.load_scenario_text, safety.read_scenario_text
    monkeypatch.setattr(loader, "load_scenario_text",
                        lambda text, path=None: validated.append(path) or real_validate(text, path))
    monkeypatch.setattr(safety, "read_scenario_text",
                        lambda path, **kw: read.append(Path(path)) or real_read(path, **kw))
    template = _template_whose_only_statement_is_dropped(tmp_path)
    out = tmp_path / "t.lesson.yaml"
    assert main(["import", str(template), "-o", str(out)]) == 3
    assert "warning:" in capsys.readouterr().err
    assert len(validated) == 1 and out not in read, (validated, read)
