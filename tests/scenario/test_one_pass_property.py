"""Property: N independent mistakes in a file give exactly N problems, one at each mistake, in
file order, in one pass; none hides another and none is reported twice.

The file has three units (a role, a function, a bucket with two notifications, a queue, a
mapping from the queue to the function, a script entry);
each mistake is one of a unit's sites below, and no two sites touch the same key. The mistakes
mix kinds on purpose: unknown keys, wrong values, missing required keys, misspelt references,
duplicate keys, in a resource, a list item inside it and the script, so the loader's repair of one entry
(app.scenario.salvage) must not lose another mistake in the same entry.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import problems_of

UNITS = 3
# site → (line as written correctly, line with the mistake or None to leave the line out,
#         key path of the problem); {i} is the unit, {{ }} a brace of YAML's flow style
SITES = {
    "handler": ("    handler: builtin.echo", None, "resources.f{i}.handler"),
    "role": ("    role: r{i}", "    role: r{i}x", "resources.f{i}.role"),
    "timeout": ("    timeout: 3", "    timeout: three", "resources.f{i}.timeout"),
    "memory": ("    memory_size: 256", "    memory_sise: 256", "resources.f{i}.memory_sise"),
    "sid": ("    permissions: [{{sid: s3, principal: s3.amazonaws.com}}]",
            "    permissions: [{{principal: s3.amazonaws.com}}]", "resources.f{i}.permissions[0].sid"),
    "note0": ('      - {{events: ["s3:ObjectCreated:*"], prefix: a/, function: f{i}}}',
              '      - {{events: ["s3:ObjectCreated:*"], prefx: a/, function: f{i}}}',
              "resources.b{i}.notifications[0].prefx"),
    "note1": ('      - {{events: ["s3:ObjectCreated:*"], prefix: b/, function: f{i}}}',
              '      - {{events: ["s3:ObjectCreated:*"], prefix: b/, function: f{i}y}}',
              "resources.b{i}.notifications[1].function"),
    "esm-source": ("    source: q{i}", None, "resources.m{i}.source"),
    "esm-function": ("    function: f{i}", "    function: f{i}z", "resources.m{i}.function"),
    "esm-batch": ("    batch_size: 5", "    batch_size: 0", "resources.m{i}.batch_size"),
    "queue-label": ("    label: Queue {i}", "    label: Queue {i}\n    label: again", "resources.q{i}.label"),
    "actor": ("    actor: app", "    actor: ap", "script[{i}].actor"),
    "repeat": ("    repeat: 2", "    repeat: two", "script[{i}].repeat"),
}
RESOURCE_LINES = [
    "  r{i}: {{type: iam_role, trusts: lambda.amazonaws.com, managed_policies: [AWSLambdaSQSQueueExecutionRole]}}",
    "  f{i}:", "    type: function", "handler", "role", "timeout", "memory", "sid",
    "  b{i}:", "    type: s3_bucket", "    notifications:", "note0", "note1",
    "  q{i}:", "    type: sqs_queue", "queue-label",
    "  m{i}:", "    type: event_source_mapping", "esm-source", "esm-function", "esm-batch",
]


def _text(mistakes: set[tuple[int, str]]) -> str:
    def line(template: str, i: int) -> list[str]:
        if template not in SITES:
            return [template.format(i=i)]
        right, wrong, _ = SITES[template]
        chosen = wrong if (i, template) in mistakes else right
        return [] if chosen is None else [chosen.format(i=i)]

    lines = ["title: Many mistakes", "teaches: push", "summary: Each unit can go wrong.", "resources:",
             "  app: {type: actor, kind: custom_app}"]
    for i in range(UNITS):
        for template in RESOURCE_LINES:
            lines += line(template, i)
    lines.append("script:")
    for i in range(UNITS):
        lines += [f"  - at: {i}s", "    action: invoke", f"    function: f{i}"]
        lines += line("actor", i) + line("repeat", i)
    return "\n".join(lines) + "\n"


MISTAKES = st.sets(st.sampled_from([(i, site) for i in range(UNITS) for site in SITES]), max_size=16)


def test_the_file_without_mistakes_is_valid():
    from app.scenario.loader import load_scenario_text

    assert load_scenario_text(_text(set()), "many.yaml").title == "Many mistakes"


@settings(max_examples=60, deadline=None)
@given(MISTAKES)
def test_n_independent_mistakes_give_n_problems_in_file_order(mistakes):
    if not mistakes:
        return
    problems = problems_of(_text(mistakes), "many.yaml")
    paths = [p.split(": ")[1] for p in problems]
    expected = {SITES[site][2].format(i=i) for i, site in mistakes}
    assert sorted(paths) == sorted(expected), "\n".join(problems)
    lines = [int(p.split(":")[1]) for p in problems]
    assert lines == sorted(lines)
