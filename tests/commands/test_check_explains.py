"""`lambdascope check` runs a valid file and explains it (issue 13, item 1): one line per script
entry with its outcome, and warnings, at their lines with the fix, for lessons that cannot work
as the author evidently meant. Warnings do not fail `check`; `--strict` exits 1 on any."""

from __future__ import annotations

from pathlib import Path

from app.cli import main

ROOT = Path(__file__).resolve().parents[2]

# A teacher's first scenario, written from docs/scenario-format.md, with the usual slips:
# the uploader was given no policy, the prefix has a raw space, a second function is never
# connected, and a stream mapping reads a stream nobody writes to.
FIRST_LESSON = """\
title: My first lesson
teaches: push
summary: A user uploads a photo; a function makes a thumbnail.
resources:
  user: {type: actor, kind: user}
  photos:
    type: s3_bucket
    notifications:
      - events: ["s3:ObjectCreated:*"]
        prefix: my photos/
        function: resize
  clicks: {type: kinesis_stream}
  role:
    type: iam_role
    trusts: lambda.amazonaws.com
    policies: [{action: ["s3:GetObject", "kinesis:*"], resource: "*"}]
  resize:
    type: function
    handler: builtin.echo
    role: role
    permissions: [{sid: S3, principal: s3.amazonaws.com, source_arn: "arn:aws:s3:::photos"}]
  forgotten: {type: function, handler: builtin.echo, role: role}
  count:
    type: function
    handler: builtin.echo
    role: role
  clicks-to-count:
    type: event_source_mapping
    source: clicks
    function: count
    starting_position: LATEST
script:
  - {at: 0s, actor: user, action: put_object, bucket: photos, key: my photos/cat.jpg, body: meow}
"""


def _check(tmp_path, capsys, text: str, *flags: str):
    path = tmp_path / "lesson.yaml"
    path.write_text(text, encoding="utf-8")
    code = main(["check", *flags, str(path)])
    out, err = capsys.readouterr()
    return code, out, err, path


def _warning_at(err: str, path: Path, line: int, key: str) -> str:
    found = [w for w in err.splitlines() if w.startswith(f"{path}:{line}:") and f"{key}: warning:" in w]
    assert len(found) == 1, err
    return found[0]


def test_each_script_entry_gets_a_line_with_its_outcome(capsys):
    code = main(["check", str(ROOT / "scenarios" / "photo-thumbnails.yaml")])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith("OK ")
    assert lines[1:] == [
        "  script[0] put_object photos/holiday/chelsea the cat.jpg → make-thumbnail ran "
        "(GetObject photos, PutObject thumbnails)",
        "  script[1] put_object photos/holiday/coffee.jpg → make-thumbnail ran "
        "(GetObject photos, PutObject thumbnails)",
        "  script[2] put_object photos/holiday/packing list.txt → no notification matches the key, "
        "so no function runs",
    ]


def test_a_guest_invoke_under_the_enhanced_flow_is_denied_and_warned_with_the_classic_flow(tmp_path, capsys):
    """The built-in marks the guest's refusal `expect: denied`; without that mark it is warned."""
    text = (ROOT / "scenarios" / "mobile-cognito.yaml").read_text(encoding="utf-8")
    assert "    expect: denied\n" in text
    code, out, err, path = _check(tmp_path, capsys, text.replace("    expect: denied\n", ""))
    assert code == 0
    assert ("  script[3] invoke process-clicks → DENIED: the role allows lambda:InvokeFunction, but the "
            "AmazonCognitoUnAuthedIdentitiesSessionPolicy does not") in out
    warning = _warning_at(err, path, 102, "script[3]")
    assert "flow: classic" in warning and "allow_classic_flow: true" in warning


def test_a_teachers_first_lesson_gets_every_slip_warned_at_its_line(tmp_path, capsys):
    code, out, err, path = _check(tmp_path, capsys, FIRST_LESSON)
    assert code == 0 and "5 warnings" in out
    assert "  script[0] put_object photos/my photos/cat.jpg → DENIED: " in out
    prefix = _warning_at(err, path, 10, "resources.photos.notifications[0].prefix")
    assert "'my+photos/'" in prefix  # the encoded form to write
    never_matched = _warning_at(err, path, 9, "resources.photos.notifications[0]")
    assert "resize" in never_matched
    assert "nothing in the run invokes forgotten" in _warning_at(err, path, 22, "resources.forgotten")
    assert "never gets a record" in _warning_at(err, path, 27, "resources.clicks-to-count")
    # the refusal is warned where the missing statement goes: the user's identity policy
    denied = _warning_at(err, path, 5, "resources.user")
    assert ('add to user: `policies: [{action: "s3:PutObject", resource: '
            '"arn:aws:s3:::photos/my photos/cat.jpg"}]`') in denied and "(script[0])" in denied
    # `count` is reached only through the mapping: the mapping's warning says so, not a second one
    assert "invokes count:" not in err and "invokes resize:" not in err


def test_fixing_the_slips_leaves_no_warning_and_strict_passes(tmp_path, capsys):
    fixed = (FIRST_LESSON
             .replace("user: {type: actor, kind: user}",
                      'user: {type: actor, kind: user, policies: [{action: ["s3:PutObject", '
                      '"kinesis:PutRecord"], resource: "*"}]}')
             .replace("prefix: my photos/", "prefix: uploads/")
             .replace("key: my photos/cat.jpg", "key: uploads/cat.jpg")
             .replace("  forgotten: {type: function, handler: builtin.echo, role: role}\n", "")
             .replace("body: meow}", "body: meow}\n  - {at: 1s, actor: user, action: put_record, "
                                     "stream: clicks, partition_key: a, data: x}"))
    code, out, err, _ = _check(tmp_path, capsys, fixed, "--strict")
    assert err == "" and code == 0, err
    assert "→ resize ran" in out


def test_warnings_do_not_fail_check_but_strict_does(tmp_path, capsys):
    code, *_ = _check(tmp_path, capsys, FIRST_LESSON)
    assert code == 0
    code, out, err, _ = _check(tmp_path, capsys, FIRST_LESSON, "--strict")
    assert code == 1 and "warning:" in err


def test_the_guest_warnings_fix_works(tmp_path, capsys):
    """Doing what the warning says (classic flow, allowed by the pool) lets the guest invoke; the
    entry then no longer expects a refusal."""
    text = (ROOT / "scenarios" / "mobile-cognito.yaml").read_text(encoding="utf-8")
    text = (text.replace("    expect: denied\n", "").replace("    login: false\n", "    login: false\n    flow: classic\n")
                .replace("    allow_unauthenticated_identities: true\n",
                         "    allow_unauthenticated_identities: true\n    allow_classic_flow: true\n"))
    code, out, err, _ = _check(tmp_path, capsys, text, "--strict")
    assert code == 0 and err == ""
    assert "  script[3] invoke process-clicks → process-clicks ran" in out


def test_stream_batches_and_api_answers_are_told(capsys):
    """A mapping's batches come from Lambda's poller, not from one entry: they get their own line;
    an HTTP request's line ends with the API's answer."""
    assert main(["check", str(ROOT / "scenarios" / "clickstream-kinesis.yaml"),
                 str(ROOT / "scenarios" / "website-api.yaml")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "  mapping clicks-to-count-clicks → 5 batches: count-clicks ran 5×" in out
    assert "  script[1] http_request POST /orders on orders-api → create-order ran; orders-api answered 201" in out


def test_an_unmatched_notification_names_the_keys_written_as_s3_compares_them(tmp_path, capsys):
    """With the upload allowed, the raw prefix still matches nothing: the warning shows the key
    URL-encoded, as S3 compares it, beside the encoded prefix to write."""
    text = FIRST_LESSON.replace("user: {type: actor, kind: user}",
                                'user: {type: actor, kind: user, policies: [{action: "s3:PutObject", '
                                'resource: "*"}]}')
    code, out, err, path = _check(tmp_path, capsys, text)
    assert code == 0
    never_matched = _warning_at(err, path, 9, "resources.photos.notifications[0]")
    assert "'my+photos/cat.jpg'" in never_matched and "case-sensitive" in never_matched
    assert "'my+photos/'" in _warning_at(err, path, 10, "resources.photos.notifications[0].prefix")


def test_a_subscribed_function_that_never_runs_is_warned_as_connected(tmp_path, capsys):
    """A teacher's email function is subscribed to a topic that nothing reached (the mapping
    upstream could not poll): `check` said "no script entry, notification, route, mapping or
    destination reaches it", which contradicts the file. It now names what is connected and
    points upstream. Here the uploads are .png, so the .jpg notification never publishes."""
    from app.bundled import resolve_scenario

    text = resolve_scenario("fan-out-sns").read_text().replace("suffix: .jpg", "suffix: .png")
    code, out, err, path = _check(tmp_path, capsys, text)
    assert code == 0
    lines = [line for line in err.splitlines() if "nothing in the run invokes resize-photo" in line]
    assert len(lines) == 1
    assert "the SNS topic new-upload (a subscription) is connected to it" in lines[0]
    assert "no script entry, notification" not in lines[0]
