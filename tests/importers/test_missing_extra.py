"""Without the `sam` extra, `lambdascope import` says what to install (exit 2), and nothing else
in LambdaScope needs it."""

import sys
from pathlib import Path

import pytest

from app.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "s3-thumbnail.yaml"


@pytest.mark.parametrize("module, package", [("cfnlint.decode", "cfn-lint"),
                                             ("samtranslator.translator.translator", "aws-sam-translator")])
def test_missing_package_is_named_with_the_fix(monkeypatch, capsys, tmp_path, module, package):
    monkeypatch.setitem(sys.modules, module, None)  # `import` of it now raises ImportError
    if package == "aws-sam-translator":
        pytest.importorskip("cfnlint")
    out = tmp_path / "lesson.yaml"
    assert main(["import", str(FIXTURE), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"'{package}'" in err and "lambdascope[sam]" in err and "setup.sh" in err
    assert not out.exists()


def test_only_the_importer_imports_the_extra():
    """The extra's packages are imported by app/importers alone (and only inside functions)."""
    app = Path(__file__).resolve().parents[2] / "app"
    users = sorted(str(p.relative_to(app)) for p in app.rglob("*.py")
                   if "samtranslator" in p.read_text(encoding="utf-8")
                   or "cfnlint" in p.read_text(encoding="utf-8"))
    assert users == ["importers/reader.py", "importers/sam.py"]
