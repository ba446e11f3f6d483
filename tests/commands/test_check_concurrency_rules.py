"""`check` and the account's concurrency (lambda-behaviour.md §11, §14, §19).

- PutFunctionConcurrency: reservations may take the account's concurrency only as long as at
  least 100 executions stay unreserved for the other functions (AWS:
  https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionConcurrency.html); provisioned
  concurrency of a function without a reservation comes out of that unreserved pool too
  (https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html). AWS refuses the
  call, so a file that does it is refused at load time, at the line, with the fix. The
  expert's probes cL (1,000 reserved of 1,000) and cI (950 of 1,000, plus provisioned) passed.
- An account scaled down below 100 (a lesson's small numbers) could reserve nothing in AWS:
  allowed, with a warning that says so.
- SQS (services-sqs-configure.html, services-sqs-scaling.html): a function an SQS mapping
  invokes should have reserved concurrency of at least 5, and at least the sum of its SQS
  mappings' MaximumConcurrency (mappings do not count reserved concurrency, so the extra
  invokes are throttled). Warnings with a fix that pastes.
"""

from __future__ import annotations

import json
from pathlib import Path

from test_check_suggestions import _apply, _run

from app.cli import main
from app.scenario.yaml_source import parse_yaml

PROBES = Path(__file__).resolve().parents[1] / "cases" / "probes"


def _check(capsys, path) -> tuple[int, str, str]:
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def test_reserving_the_whole_account_is_refused_at_its_line(capsys):
    code, out, err = _check(capsys, PROBES / "cL.yaml")
    assert code == 1 and not out.startswith("OK")
    line = next(l for l in err.splitlines() if "resources.a.reserved_concurrent_executions" in l)
    assert line.startswith(f"{PROBES / 'cL.yaml'}:18:")
    assert "leaves 0 of the account's 1000" in line and "at least 100" in line
    # at most 899: b's provisioned 1 is kept, and 900 would then leave it 99 (refused in turn)
    assert "InvalidParameterValueException" in line and "at most 899" in line


def test_provisioned_concurrency_counts_against_the_unreserved_pool(capsys):
    """cI: a reserves 950 (leaves 50: refused). A refused call reserves nothing, so b's
    provisioned 1 is kept (one mistake, one problem), and a's "at most" leaves room for it."""
    code, out, err = _check(capsys, PROBES / "cI.yaml")
    assert code == 1
    assert ":18:" in err and "resources.a.reserved_concurrent_executions" in err
    assert "resources.b.aliases" not in err and "1 problem" in err
    assert "at most 899" in err


def test_following_the_advice_passes_and_provisioned_concurrency_is_refused_at_its_line(
        capsys, tmp_path):
    """A reservation that fits and provisioned concurrency that does not: the provisioned one
    is refused, with the words for it; a's 899 from the advice above then passes whole."""
    path = tmp_path / "fixed.yaml"
    path.write_text((PROBES / "cI.yaml").read_text().replace(
        "reserved_concurrent_executions: 950", "reserved_concurrent_executions: 899"))
    assert _check(capsys, path)[0] == 0
    path.write_text((PROBES / "cI.yaml").read_text().replace(
        "reserved_concurrent_executions: 950", "reserved_concurrent_executions: 900"))
    code, out, err = _check(capsys, path)
    assert code == 1 and "resources.b.aliases.live.provisioned_concurrent_executions" in err
    assert "provisioned concurrency comes out of the unreserved pool" in err
    assert "resources.a.reserved" not in err


def test_leaving_exactly_100_unreserved_is_fine(capsys, tmp_path):
    """899 reserved for a, 1 provisioned for b: 100 left."""
    path = tmp_path / "ok.yaml"
    path.write_text((PROBES / "cL.yaml").read_text().replace(
        "reserved_concurrent_executions: 1000", "reserved_concurrent_executions: 899"))
    code, out, err = _check(capsys, path)
    assert code == 0, err


def test_a_scaled_down_account_is_warned_with_a_fix_that_pastes(tmp_path, capsys):
    text = (PROBES / "cE.yaml").read_text()
    code, out, warnings, err = _run(tmp_path, capsys, text)
    (line,) = [w for w in warnings if "account_concurrency_limit" in w]
    assert code == 0 and ":4:" in line and "could not reserve any" in line
    data = parse_yaml(text, "lesson.yaml").data
    assert _apply(data, line) == 1
    code, out, after, err = _run(tmp_path, capsys, json.dumps(data), "fixed.yaml")
    assert code == 0 and not [w for w in after if "account_concurrency_limit" in w], err


SQS = (PROBES / "sqs-probe.yaml").read_text()


def test_a_fifo_reader_is_not_told_about_five_batches(tmp_path, capsys):
    """The five batches at once are the standard queue's pollers (§14); reserved concurrency 1
    on a FIFO reader (a way to keep strict order) is warned without that reason."""
    text = SQS.replace("  fifo-fn:\n", "  fifo-fn:\n    reserved_concurrent_executions: 1\n", 1)
    code, out, warnings, err = _run(tmp_path, capsys, text)
    (line,) = [w for w in warnings if "fifo-fn.reserved_concurrent_executions" in w]
    assert "at least 5" in line and "five batches" not in line
    (std,) = [w for w in warnings if "std-fn.reserved_concurrent_executions" in w]
    assert "five batches" in std


def test_sqs_function_with_reserved_concurrency_below_5_is_warned(tmp_path, capsys):
    code, out, warnings, err = _run(tmp_path, capsys, SQS)
    (line,) = [w for w in warnings if "at least 5" in w]
    assert "resources.std-fn.reserved_concurrent_executions" in line and "std-esm" in line
    data = parse_yaml(SQS, "lesson.yaml").data
    assert _apply(data, line) == 1
    code, out, after, err = _run(tmp_path, capsys, json.dumps(data), "fixed.yaml")
    assert code == 0 and not [w for w in after if "at least 5" in w], err


def test_maximum_concurrency_above_the_reservation_is_warned(tmp_path, capsys):
    text = SQS.replace("    source: work\n    function: std-fn\n",
                       "    source: work\n    function: std-fn\n"
                       "    scaling_config: {maximum_concurrency: 8}\n").replace(
        "reserved_concurrent_executions: 2", "reserved_concurrent_executions: 6")
    code, out, warnings, err = _run(tmp_path, capsys, text)
    (line,) = [w for w in warnings if "maximum_concurrency" in w]
    assert "resources.std-esm.scaling_config.maximum_concurrency" in line
    assert "throttle" in line and "reserved concurrency 6" in line
    data = parse_yaml(text, "lesson.yaml").data
    assert sum(_apply(data, w) for w in warnings) >= 1
    code, out, after, err = _run(tmp_path, capsys, json.dumps(data), "fixed.yaml")
    assert code == 0 and not [w for w in after if "maximum_concurrency" in w or "at least 5" in w], err
