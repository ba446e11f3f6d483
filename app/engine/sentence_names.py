"""Names in sentences: every step's summary and narration get the same corrections, once,
where the recorder takes them (app.engine.trace), so no template has to remember them.

- **A sentence that opens with an actor or a service node** names it as the diagram does: the
  actor's `label` ("Photo-sharing user sends PutObject…", not "user sends PutObject…"), else
  its id with a capital ("Browser sends…"); Lambda's node is "Lambda" ("Lambda calls Invoke on
  count-clicks", not "lambda calls…"), STS's "STS". In summaries (one line in the timeline) and
  in narration alike.
- **A narration sentence that opens with another resource's id** says what it is first: "The
  function count-clicks handled the batch", "The bucket photos sends an Invoke request", never a
  sentence starting in lower case. The id itself is kept: it is the name in the file, the code
  and the ARNs. Summaries keep the bare id (a timeline row is short).
- **The possessive of a name ending in s** takes an apostrophe alone: "photos' notification
  configuration", "count-clicks' code", never "photos's".

Inside a sentence ids stay as written. Qt-free wording only: the AWS behaviour a sentence states
is its template's.
"""

from __future__ import annotations

import re
from typing import Iterable

SERVICE_SUBJECTS = {"lambda": "Lambda", "sts": "STS"}  # the diagram's service nodes (app.graph)
# what a narration sentence opening with a resource's id calls it, by the resource's `type`
NOUNS = {"s3_bucket": "bucket", "function": "function", "sqs_queue": "queue",
         "sns_topic": "topic", "eventbridge_rule": "rule", "api_gateway": "API",
         "kinesis_stream": "stream", "dynamodb_table": "table", "iam_role": "role",
         "cognito_identity_pool": "identity pool", "event_source_mapping": "event source mapping"}


class SentenceNames:
    """The corrections for one scenario's texts: `polish(text)` for a narration, `polish(text,
    summary=True)` for a summary; each gives back the very same object when nothing changes,
    so the recorder's sharing of repeated texts still works."""

    __slots__ = ("_subjects", "_opening", "_summary_opening", "_possessive")

    def __init__(self, subjects: dict[str, str], names: Iterable[str],
                 described: dict[str, str] | None = None):
        """`subjects`: node id → the words that open any sentence about it (actors, services).
        `names`: every node id (those ending in "s" get the bare apostrophe). `described`: node
        id → the words that open a narration sentence about it ("The bucket photos")."""
        self._subjects = {**(described or {}), **subjects}
        self._summary_opening = _opening([i for i, s in subjects.items() if s != i])
        self._opening = _opening([i for i, s in self._subjects.items() if s != i])
        plural = sorted((re.escape(n) for n in set(names) if n.endswith("s")), key=len,
                        reverse=True)
        self._possessive = (re.compile(rf"(?<![\w.:/-])({'|'.join(plural)})'s\b")
                            if plural else None)

    @classmethod
    def of(cls, scenario) -> SentenceNames:
        """The corrections for `scenario` (app.scenario.models.Scenario): its actors' labels,
        Lambda's and STS's nodes, its other resources' kinds, and every resource's id."""
        subjects, described = dict(SERVICE_SUBJECTS), {}
        for name, resource in scenario.resources.items():
            kind = getattr(resource, "type", None)
            if kind == "actor":
                subjects[name] = capitalised(getattr(resource, "label", None) or name)
            elif kind in NOUNS:
                described[name] = f"The {NOUNS[kind]} {name}"
        return cls(subjects, [*scenario.resources, *SERVICE_SUBJECTS], described)

    def subject(self, node: str) -> str:
        """The words that open a narration sentence about `node` (its id when it has none)."""
        return self._subjects.get(node, node)

    def polish(self, text: str, summary: bool = False) -> str:
        """`text` with the corrections (see the module); `summary`: a step's one-line summary,
        whose resource ids stay bare. Texts without a match come back as the same object."""
        if not text:
            return text
        if self._possessive is not None and "s's" in text:
            text = self._possessive.sub(r"\1'", text)
        opening = self._summary_opening if summary else self._opening
        if opening is not None:
            text = opening.sub(self._opening_for, text)
        return text

    def _opening_for(self, match: re.Match) -> str:
        return self._subjects[match.group(1)]


def _opening(ids: list[str]) -> re.Pattern | None:
    """A sentence that opens with one of `ids`: at the text's start or after a sentence's end,
    followed by a space or an apostrophe (None: no ids)."""
    if not ids:
        return None
    words = "|".join(sorted(map(re.escape, ids), key=len, reverse=True))
    return re.compile(rf"(?:^|(?<=[.!?] ))({words})(?=[ '])")


def capitalised(words: str) -> str:
    """`words` with a capital first letter and the rest as written ("photo-sharing user" →
    "Photo-sharing user")."""
    return words[:1].upper() + words[1:]
