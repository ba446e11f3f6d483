"""Bad templates get one clean error with the file, the line and what to do; nothing else escapes."""

from pathlib import Path

import pytest

pytest.importorskip("samtranslator")
pytest.importorskip("cfnlint")

from app.cli import main  # noqa: E402
from app.importers import TemplateError, import_template  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
FUNCTION = """
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Handler: a.b, Runtime: python3.12, CodeUri: src/}
"""
HEAD = "Transform: AWS::Serverless-2016-10-31\nResources:\n"


def error_of(tmp_path: Path, text: str, name: str = "t.yaml", **kwargs) -> TemplateError:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        import_template(path, **kwargs)
    assert str(caught.value).startswith(str(path))
    return caught.value


def test_yaml_error_has_its_line(tmp_path):
    err = error_of(tmp_path, HEAD + FUNCTION + "  Broken: [1, 2\n  Other: 3\n")
    # `Broken:` is line 7; YAML notices the unclosed list on the next line
    assert err.line == 8 and "not valid YAML or JSON" in err.message


def test_json_error_has_its_line(tmp_path):
    err = error_of(tmp_path, '{\n  "Resources": {\n    "A": {"Type": "x"} "B": 1\n  }\n}\n', "t.json")
    assert err.line == 3


def test_not_a_template(tmp_path):
    assert "no Resources section" in error_of(tmp_path, "title: a lesson\nscript: []\n").message
    assert "no Resources section" in error_of(tmp_path, "- 1\n- 2\n").message
    assert "top level must be a mapping" in error_of(tmp_path, "[\nResources: 1\n]\n").message


def test_unresolvable_reference_is_named(tmp_path):
    err = error_of(tmp_path, HEAD + FUNCTION + """
  Bucket:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Ref NoSuchThing}
""")
    assert "NoSuchThing" in err.message and err.message.startswith("Bucket: ")
    assert err.line == 10  # the line of the `!Ref` itself (it was the line of `Bucket:`)
    assert err.message.startswith("Bucket: Properties.BucketName: !Ref NoSuchThing: ")


def test_template_without_function(tmp_path):
    err = error_of(tmp_path, "Resources:\n  Q: {Type: AWS::SQS::Queue}\n")
    assert "has no function" in err.message


def test_parameter_without_default_and_unknown_parameter(tmp_path):
    text = "Parameters:\n  Env: {Type: String}\n" + HEAD + FUNCTION
    assert "--parameter Env=VALUE" in error_of(tmp_path, text).message
    assert "no such parameter" in error_of(tmp_path, text, parameters={"Nope": "x"}).message


def test_aliases_are_refused_before_they_expand(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    err = error_of(tmp_path, bomb + HEAD + FUNCTION)
    assert "aliases" in err.message and err.line == 2


def test_file_too_big(tmp_path):
    err = error_of(tmp_path, HEAD + FUNCTION + "#" * (1024 * 1024 + 10) + "\n")
    assert "MiB" in err.message or "too big" in err.message or "large" in err.message


def test_sam_refusal_is_reported_with_sam_words(tmp_path):
    err = error_of(tmp_path, HEAD + """
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.b
      Runtime: python3.12
      CodeUri: src/
      Events:
        Up: {Type: S3, Properties: {Bucket: not-in-this-template, Events: "s3:ObjectCreated:*"}}
""")
    assert "AWS SAM refuses the template" in err.message


def test_unknown_types_never_fail_the_import(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(HEAD + FUNCTION + "  Thing: {Type: AWS::Made::Up, Properties: {X: 1}}\n", encoding="utf-8")
    result = import_template(path)
    assert "Thing: AWS::Made::Up: this kind of resource is not simulated" in result.left_out
    assert result.lesson["script"][0]["action"] == "invoke"  # nothing triggers Fn: a client invokes it


def test_cli_writes_a_lesson_that_checks(tmp_path, capsys):
    out = tmp_path / "lesson.yaml"
    assert main(["import", str(FIXTURES / "s3-thumbnail.yaml"), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert f"wrote {out}" in captured.out
    assert "not simulated: ThumbnailLogs: AWS::Logs::LogGroup" in captured.err
    assert main(["check", "--strict", str(out)]) == 0
    assert main(["import", str(FIXTURES / "s3-thumbnail.yaml"), "-o", str(out)]) == 1  # no overwrite
    assert "exists already" in capsys.readouterr().err


def test_cli_bad_template_exit_1(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("Resources: [\n", encoding="utf-8")
    assert main(["import", str(bad), "-o", str(tmp_path / "x.yaml")]) == 1
    assert capsys.readouterr().err.startswith(f"{bad}:")
    assert not (tmp_path / "x.yaml").exists()


def test_deep_nesting_is_refused_quickly(tmp_path):
    """Thousands of nested brackets: one clean error (the alias scan must not go quadratic)."""
    err = error_of(tmp_path, "Resources:\n  A: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert "nesting" in err.message and err.line == 2


@pytest.mark.parametrize("content_based", [True, False])
def test_fifo_queue_message_carries_what_fifo_needs(tmp_path, content_based):
    path = tmp_path / "fifo.yaml"
    path.write_text(HEAD + f"""
  Orders:
    Type: AWS::SQS::Queue
    Properties: {{FifoQueue: true, ContentBasedDeduplication: {str(content_based).lower()}}}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.b
      Runtime: python3.12
      CodeUri: src/
      Events:
        Q: {{Type: SQS, Properties: {{Queue: !GetAtt Orders.Arn}}}}
""", encoding="utf-8")
    result = import_template(path)
    queue = result.lesson["resources"]["orders.fifo"]
    assert queue["fifo"] is True and queue.get("content_based_deduplication", False) is content_based
    entry = result.lesson["script"][0]
    assert entry["message_group_id"] == "group-1"
    assert ("message_deduplication_id" in entry) is not content_based


def test_copy_ints_copies_whole_numbers_in_order_and_skips_the_rest():
    """The one loop the mappers share for integer properties (Timeout, BatchSize, …)."""
    from app.importers.context import copy_ints

    target = {"type": "function"}
    copy_ints(target, {"Timeout": "30", "MemorySize": {"Ref": "Size"}, "BatchSize": 10},
              (("timeout", "Timeout"), ("memory_size", "MemorySize"), ("batch_size", "BatchSize"),
               ("absent", "NotThere")))
    assert list(target.items()) == [("type", "function"), ("timeout", 30), ("batch_size", 10)]
