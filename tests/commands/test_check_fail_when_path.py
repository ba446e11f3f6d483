"""`check` warns when `faults.fail_when.path` names no field of any record the function got:
a teacher wrote `path: total` for SQS records whose total is at `body.total`, and the
poison-message lesson quietly had no poison (app/engine/fail_when_warnings.py)."""

from __future__ import annotations

from app.bundled import resolve_scenario
from app.cli import main


def _check(tmp_path, capsys, text: str):
    path = tmp_path / "orders.yaml"
    path.write_text(text)
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    return code, [line for line in err.splitlines() if "fail_when" in line], path


def test_a_path_that_names_no_field_is_warned_with_the_path_meant(tmp_path, capsys):
    text = resolve_scenario("orders-sqs").read_text()
    assert "path: body.total" in text
    code, lines, path = _check(tmp_path, capsys, text.replace("path: body.total", "path: total"))
    assert code == 0
    (line,) = lines
    assert ".faults.fail_when.path: warning: no record fulfil-orders got" in line
    assert "`total`" in line and "Did you mean `path: body.total`?" in line


def test_the_built_in_path_is_not_warned(tmp_path, capsys):
    code, lines, _ = _check(tmp_path, capsys, resolve_scenario("orders-sqs").read_text())
    assert code == 0 and lines == []
