"""A bad !Ref / !GetAtt / ${} is reported at the line the author wrote it, under the author's own
path (not SAM's generated logical id), together with every missing parameter, in one pass."""

from pathlib import Path

import pytest

pytest.importorskip("samtranslator")
pytest.importorskip("cfnlint")

from app.importers import TemplateError, import_template  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


def error_of(path: Path, **kwargs) -> TemplateError:
    with pytest.raises(TemplateError) as caught:
        import_template(path, **kwargs)
    return caught.value


def test_bad_getatt_in_a_sam_event_names_the_authors_path_and_line():
    err = error_of(FIXTURES / "bad-ref.yaml", parameters={"Env": "dev"})
    assert err.line == 16, str(err)
    assert err.message.startswith("Fn: Properties.Events.Q.Properties.Queue: !GetAtt WorkQueu.Arn: "
                                  "there is no resource named 'WorkQueu'"), err.message
    assert "did you mean 'WorkQueue'" in err.message
    assert "FnQ" not in str(err)  # SAM's generated logical id is not the author's


def test_bad_reference_and_missing_parameter_are_both_reported():
    err = error_of(FIXTURES / "bad-ref.yaml")
    text = str(err)
    assert f"{FIXTURES / 'bad-ref.yaml'}:16: Fn: " in text and "WorkQueu" in text
    assert f"{FIXTURES / 'bad-ref.yaml'}:3: " in text and "--parameter Env=VALUE" in text
    assert err.line == 3  # the first problem in the file


def test_sub_references_and_sam_generated_names(tmp_path):
    template = tmp_path / "t.yaml"
    template.write_text("""\
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: a.h
      InlineCode: x
      AutoPublishAlias: live
      Environment:
        Variables:
          ROLE: !GetAtt FnRole.Arn
          ALIAS: !Ref Fn.Alias
          TABLE: !Sub "${Tabel}-x"
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      KeySchema: [{AttributeName: id, KeyType: HASH}]
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
Outputs:
  Api:
    Value: !Sub "https://${ServerlessRestApiX}.execute-api.${AWS::Region}.amazonaws.com/${!Literal}"
""", encoding="utf-8")
    err = error_of(template)
    text = str(err)
    assert f"{template}:14: Fn: Properties.Environment.Variables.TABLE: !Sub ${{Tabel}}" in text, text
    assert "did you mean 'Table'" in text
    assert f"{template}:22: Outputs.Api.Value: !Sub ${{ServerlessRestApiX}}" in text, text
    assert "FnRole" not in text and "Fn.Alias" not in text and "Literal" not in text
