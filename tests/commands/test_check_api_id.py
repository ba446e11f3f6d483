"""A pasted API Gateway permission survives a change of seed.

Without `api_id:`, an API's id (and so the SourceArn API Gateway sends, `…:API-ID/STAGE/METHOD/PATH`)
is derived from the seed. A student pasted the statement `check` suggested, with the id of seed
42 in its source_arn, then wrote `settings: seed: 7` (tests/cases/student-shop-seed.yaml): every
request got 500, and the next warning asked for `AllowApiGateway2` without a word about the
existing `AllowApiGateway` naming the old id. Now a suggested statement comes with the `api_id`
to pin, and a statement that only names another id is said to do so, with the pin as the fix.
"""

from __future__ import annotations

import json
from pathlib import Path

from app.cli import main
from app.scenario.yaml_source import parse_yaml

CASES = Path(__file__).resolve().parents[1] / "cases"
SEEDED = (CASES / "student-shop-seed.yaml").read_text()


def _check(tmp_path, capsys, text: str, name: str = "shop.yaml", *extra: str):
    path = tmp_path / name
    path.write_text(text)
    code = main(["check", str(path), *extra])
    out, err = capsys.readouterr()
    # (the case's queue also gets the maxReceiveCount advice, which is not what this file tests)
    return code, out, [line for line in err.splitlines() if ": warning: " in line
                       and "maxReceiveCount" not in line]


def test_a_statement_naming_the_old_api_id_is_said_to_and_the_pin_is_the_fix(tmp_path, capsys):
    code, out, warnings = _check(tmp_path, capsys, SEEDED)
    (line,) = warnings
    assert "AllowApiGateway names API be5ac1de18, but shop-api's id is 5f81909f06" in line
    assert "the seed" in line
    assert "add to shop-api: `api_id: be5ac1de18`" in line
    assert "AllowApiGateway2" not in line


def test_the_pin_pasted_makes_the_requests_work_again(tmp_path, capsys):
    data = parse_yaml(SEEDED, "shop.yaml").data
    data["resources"]["shop-api"]["api_id"] = "be5ac1de18"
    code, out, warnings = _check(tmp_path, capsys, json.dumps(data), "fixed.yaml")
    assert code == 0 and warnings == [] and "answered 200" in out


def test_a_suggested_statement_comes_with_its_api_id_so_a_new_seed_keeps_it_working(tmp_path, capsys):
    """No statement yet: the suggestion pins the id it writes in source_arn; pasted, then with
    another seed, the requests still pass."""
    text = SEEDED.replace('    permissions: [{sid: AllowApiGateway, principal: apigateway.amazonaws.com, '
                          'source_arn: "arn:aws:execute-api:us-east-1:123456789012:be5ac1de18/*/POST/orders"}]\n', "")
    code, out, warnings = _check(tmp_path, capsys, text)
    (line,) = warnings
    assert "add to shop-api: `api_id: 5f81909f06`" in line
    data = parse_yaml(text, "shop.yaml").data
    data["resources"]["shop-api"]["api_id"] = "5f81909f06"
    data["resources"]["accept-order"]["permissions"] = [{
        "sid": "AllowApiGateway", "principal": "apigateway.amazonaws.com",
        "source_arn": "arn:aws:execute-api:us-east-1:123456789012:5f81909f06/*/POST/orders"}]
    data["settings"]["seed"] = 123
    code, out, warnings = _check(tmp_path, capsys, json.dumps(data), "fixed.yaml")
    assert code == 0 and warnings == [] and "answered 200" in out


def test_a_statement_naming_the_derived_id_is_warned_before_the_seed_changes(tmp_path, capsys):
    """The student's file before the seed change (seed 42, the default): everything works, but
    AllowApiGateway names the id derived from that seed; `check` says so and gives the pin."""
    text = SEEDED.replace("settings:\n  seed: 7\n\n", "")
    code, out, warnings = _check(tmp_path, capsys, text)
    (line,) = warnings
    assert ":23:" in line and " resources.accept-order.permissions[0].source_arn: warning: " in line
    assert "be5ac1de18" in line and "derived from the seed" in line
    assert "add to shop-api: `api_id: be5ac1de18`" in line
    data = parse_yaml(text, "shop.yaml").data
    data["resources"]["shop-api"]["api_id"] = "be5ac1de18"
    data["settings"] = {"seed": 7}
    code, out, warnings = _check(tmp_path, capsys, json.dumps(data), "fixed.yaml")
    assert code == 0 and warnings == [] and "answered 200" in out


def test_the_id_is_swapped_in_the_api_part_of_the_arn_only():
    """A statement's ARN is compared with the API's id put in its place: a plain text replace
    changed the first match anywhere, the account number too when it held the same digits
    (the statement was then not recognised and the note about the seed was lost)."""
    from app.engine.api_id_advice import _with_api_id

    arn = "arn:aws:execute-api:us-east-1:123412341234:1234/*/POST/orders"
    assert _with_api_id(arn, "be5ac1de18") == (
        "arn:aws:execute-api:us-east-1:123412341234:be5ac1de18/*/POST/orders")
    assert _with_api_id("arn:aws:execute-api:us-east-1:1:abc", "x") == "arn:aws:execute-api:us-east-1:1:x"


def test_derived_ids_are_the_simulations_own():
    """check's advice and the run derive an API's id in one place (app.engine.simulation)."""
    from app.engine.api_id_advice import _derived_ids
    from app.engine.simulation import Simulation
    from app.scenario.loader import load_scenario

    scenario = load_scenario(CASES / "student-shop-seed.yaml")  # its API has no api_id
    seed, derived = _derived_ids(scenario)
    sim = Simulation(scenario)
    assert seed == sim.seed and derived
    assert all(sim.api_id(name) == api_id for api_id, name in derived.items())
