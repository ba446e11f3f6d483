"""A minimal valid scenario, line-numbered, that the error tests change one line at a time."""

from __future__ import annotations

MINIMAL_LINES = [
    "title: Minimal",                                              # 1
    "teaches: on-demand",                                          # 2
    "summary: A custom app invokes a function.",                   # 3
    "resources:",                                                  # 4
    "  app:",                                                      # 5
    "    type: actor",                                             # 6
    "    kind: custom_app",                                        # 7
    "  worker-role:",                                              # 8
    "    type: iam_role",                                          # 9
    "    trusts: lambda.amazonaws.com",                            # 10
    "  worker:",                                                   # 11
    "    type: function",                                          # 12
    "    handler: builtin.echo",                                   # 13
    "    role: worker-role",                                       # 14
    "script:",                                                     # 15
    "  - {at: 0s, actor: app, action: invoke, function: worker}",  # 16
]
MINIMAL = "\n".join(MINIMAL_LINES) + "\n"


def minimal_with(replace: dict[int, str] | None = None, append: list[str] | None = None) -> str:
    """MINIMAL with the given 1-based lines replaced (a line may become several) and lines appended."""
    lines = list(MINIMAL_LINES)
    for number, text in (replace or {}).items():
        lines[number - 1] = text
    return "\n".join(lines + (append or [])) + "\n"
