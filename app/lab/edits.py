"""What-if edits: `PATH=VALUE` changes applied to a frozen Scenario, re-validated by its models.

The grammar (docs/lab.md has it for teachers, docs/decisions/0009-classroom-lab.md for code):

    resources.<name>.<field>[.<sub>…]=VALUE     any field of any resource
    settings.<field>=VALUE   script.<index>.<field>[.<key>…]=VALUE   (index 0-based)
    <list>.<Sid|id|index|value>   picks a list item (statements by Sid, notifications by id,
                                  strings by their value); `<list>.+=VALUE` appends
    …=absent                      removes the item/key, or resets a field to its default
    resources.<role-or-actor>.actions.<action>=absent
                                  the identity no longer grants <action> (inline statements lose
                                  it; a managed policy granting it becomes an inline copy without it)
    functions.<fn>.<x>, mappings.<esm>.<x>   short aliases (see ALIASES)

VALUE is read as YAML: a scalar (`3`, `true`, `Event`, `2s`) or a flow collection
(`{sid: X, action: s3:GetObject}`, `[a, b]`). Each changed field is validated with the model's
own field type, then the whole scenario's cross-references are checked again, so a bad edit is
refused with a message naming the path and what it allows. Field values are never round-tripped
through YAML: durations stay milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from app.lab.edit_errors import ABSENT, EditError
from app.lab.iam_edits import remove_action
from app.scenario.coercions import converted_booleans
from app.scenario.crossrefs import article, check_references, parts_of
from app.scenario.error_paths import walk
from app.scenario.messages import did_you_mean
from app.scenario.messages import message as check_message
from app.scenario.resources import Faults, Resource
from app.scenario.yaml_source import Locations, Source


FAULT_FIELDS = tuple(Faults.model_fields)
ALIASES = {
    "functions": ("function", {
        **{f: ("faults", f) for f in FAULT_FIELDS},
        "memory": ("memory_size",), "reserved_concurrency": ("reserved_concurrent_executions",),
        "retries": ("event_invoke_config", "maximum_retry_attempts"),
        "max_event_age": ("event_invoke_config", "maximum_event_age_in_seconds"),
    }),
    "mappings": ("event_source_mapping", {
        "bisect": ("bisect_batch_on_function_error",),
        "window": ("maximum_batching_window_in_seconds",),
        "retries": ("maximum_retry_attempts",),
        "max_record_age": ("maximum_record_age_in_seconds",),
    }),
}
"""`functions.<fn>.<alias>` → `resources.<fn>.<path…>`; other names pass through as fields."""


@dataclass(frozen=True, slots=True)
class Edit:
    text: str  # as written, e.g. "functions.make-thumbnail.fail=always"
    path: tuple[str, ...]  # canonical segments, aliases expanded
    value: Any  # parsed YAML, or ABSENT

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True, slots=True)
class Change:
    """One applied edit, for `play --set` and the panel: what it was and what it became."""

    edit: Edit
    before: Any
    after: Any

    def __str__(self) -> str:
        return f"{self.edit.dotted}: {show(self.before)} → {show(self.after)}"


def show(value: Any) -> str:
    if value is ABSENT:
        return "(absent)"
    if isinstance(value, BaseModel):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.model_dump(exclude_defaults=True).items()) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(show(v) for v in value) + "]"
    return str(value)


# ------------------------------------------------------------------------------ parsing
def parse_value(text: str) -> Any:
    """A YAML scalar or flow collection; `absent` means remove."""
    if text.strip() == "absent":
        return ABSENT
    try:
        return YAML(typ="safe", pure=True).load(text) if text.strip() else ""
    except YAMLError as exc:
        raise EditError(f"cannot read the value {text!r} as YAML: {str(exc).splitlines()[0]}") from None


def parse_edit(text: str, scenario) -> Edit:
    """`PATH=VALUE` → an Edit with aliases expanded and resource names resolved."""
    if not isinstance(text, str) or "=" not in text:
        raise EditError(f"expected PATH=VALUE (e.g. functions.make-thumbnail.fail=always), got {text!r}")
    raw_path, raw_value = text.split("=", 1)
    raw_path = raw_path.strip()
    if not raw_path:
        raise EditError(f"{text!r}: the path before '=' is empty")
    return Edit(text, _canonical(raw_path, scenario), parse_value(raw_value))


def _canonical(raw: str, scenario) -> tuple[str, ...]:
    parts = raw.split(".")
    root = parts[0]
    if root in ALIASES:
        wanted, aliases = ALIASES[root]
        name, rest = _resource_name(parts[1:], scenario, raw, wanted)
        if rest and rest[0] in aliases:
            rest = [*aliases[rest[0]], *rest[1:]]
        return ("resources", name, *rest)
    if root == "resources":
        name, rest = _resource_name(parts[1:], scenario, raw, None)
        return ("resources", name, *rest)
    if root in ("script", "settings"):
        return tuple(parts)
    roots = ["resources", "settings", "script", *ALIASES]
    raise EditError(f"{raw}: a path starts with one of {', '.join(roots)}{did_you_mean(root, roots)}")


def _resource_name(parts: list[str], scenario, raw: str, wanted: str | None) -> tuple[str, list[str]]:
    """Resource names may hold dots, so take the longest run of segments that names one."""
    for end in range(len(parts), 0, -1):
        name = ".".join(parts[:end])
        if name in scenario.resources:
            res = scenario.resources[name]
            if wanted and res.type != wanted:
                raise EditError(f"{raw}: '{name}' is {article(res.type)}, not {article(wanted)}")
            return name, parts[end:]
    names = [n for n, r in scenario.resources.items() if wanted is None or r.type == wanted]
    typed = parts[0] if parts else ""
    if not typed:
        raise EditError(f"{raw}: name a resource after the first dot ({', '.join(names)})")
    return typed, parts[1:]  # a new resource: `resources.<new>={type: …}`


# ------------------------------------------------------------------------------ applying
def apply_edits(scenario, edits) -> Any:
    """The scenario with every edit applied in order (`PATH=VALUE` strings or Edits)."""
    return apply_edits_verbose(scenario, edits)[0]


def apply_edits_verbose(scenario, edits) -> tuple[Any, list[Change]]:
    """Like `apply_edits`, also returning what each edit changed."""
    changes = []
    for item in edits:
        try:
            edit = item if isinstance(item, Edit) else parse_edit(item, scenario)
            scenario, before, after = _set(scenario, edit.path, edit.value, edit.path)
        except EditError as exc:
            exc.edit = item.text if isinstance(item, Edit) else str(item)  # which PATH=VALUE
            raise
        changes.append(Change(edit, before, after))
    if changes:
        _check_references(scenario)
    return scenario, changes


def _check_references(scenario) -> None:
    file = str(scenario.source_path) if scenario.source_path else "<edited scenario>"
    problems = check_references(Source(file, {}, Locations()), parts_of(scenario))
    if problems:
        raise EditError("after the edits: " + "; ".join(f"{p.key_path}: {p.message}" for p in problems))


def _set(node: Any, rest: tuple[str, ...], value: Any, full: tuple[str, ...]):
    """(new node, old leaf, new leaf) for `rest` under `node`; rebuilds the frozen parents."""
    at = ".".join(full[: len(full) - len(rest)]) or "(scenario)"
    if not rest:
        raise EditError(f"{at}: the path stops at a whole {type(node).__name__}; name a field")
    if isinstance(node, BaseModel):
        return _set_field(node, rest, value, full, at)
    if isinstance(node, dict):
        return _set_key(node, rest, value, full, at)
    if isinstance(node, tuple):
        return _set_item(node, rest, value, full, at, None)
    raise EditError(f"{'.'.join(full)}: {at} is a plain value ({show(node)}) with no parts to edit")


def _set_field(model: BaseModel, rest, value, full, at):
    name = rest[0]
    fields = type(model).model_fields
    if name == "actions" and type(model).__name__ in ("IamRole", "Actor") and len(rest) == 2:
        return remove_action(model, rest[1], value is ABSENT, ".".join(full))
    if name not in fields:
        extra = " (or actions.<action>=absent)" if type(model).__name__ in ("IamRole", "Actor") else ""
        hint = did_you_mean(name, list(fields))  # worded as `check` words an unknown key
        raise EditError(f"{'.'.join(full)}: unknown key '{name}'"
                        + (hint if hint else f"; valid keys here: {', '.join(fields)}{extra}"))
    if name == "type":
        raise EditError(f"{'.'.join(full)}: a resource's type cannot be edited; remove it "
                        f"(=absent) and add a new one")
    here = f"{at}.{name}" if at != "(scenario)" else name
    old = getattr(model, name)
    if len(rest) == 1:
        new = _field_default(type(model), name, here) if value is ABSENT else _validate(
            _field_adapter(type(model), name), value, here, _field_type(type(model), name),
            fields[name].metadata)
        return model.model_copy(update={name: new}), old, new
    if isinstance(old, tuple):
        new_child, before, after = _set_item(old, rest[1:], value, full, here,
                                             _item_type(_field_type(type(model), name)))
    else:
        new_child, before, after = _set(old, rest[1:], value, full)
    if isinstance(new_child, (tuple, dict)):  # list/map rules (e.g. at least one item) still hold
        new_child = _validate(_field_adapter(type(model), name), new_child, here, None,
                              fields[name].metadata)
    return model.model_copy(update={name: new_child}), before, after


def _set_key(mapping: dict, rest, value, full, at):
    key, new = rest[0], dict(mapping)
    is_resources = full[0] == "resources" and at == "resources"
    if len(rest) == 1:
        old = mapping.get(key, ABSENT)
        if value is ABSENT:
            if key not in mapping:
                raise EditError(f"{'.'.join(full)}: there is no '{key}' to remove"
                                f"{did_you_mean(key, list(mapping))}")
            del new[key]
        else:
            if is_resources and key not in mapping and not isinstance(value, dict):
                raise EditError(f"{'.'.join(full)}: there is no resource named '{key}'"
                                f"{did_you_mean(key, list(mapping))}; to add one, give a mapping "
                                f"such as {{type: sqs_queue}}")
            new[key] = _validate(_resource_adapter(), value, f"{at}.{key}", None) if is_resources else value
        return new, old, new.get(key, ABSENT)
    if key not in mapping:
        raise EditError(f"{'.'.join(full)}: there is no '{key}' in {at}{did_you_mean(key, list(mapping))}"
                        + (f"; names: {', '.join(mapping)}" if mapping else ""))
    new[key], before, after = _set(mapping[key], rest[1:], value, full)
    return new, before, after


def _set_item(items: tuple, rest, value, full, at, item_type):
    key = rest[0]
    if key == "+":
        if len(rest) > 1 or value is ABSENT:
            raise EditError(f"{'.'.join(full)}: `+` appends one whole item: {at}.+=VALUE")
        new = _validate(TypeAdapter(item_type), value, f"{at}.+", item_type) if item_type else value
        return (*items, new), ABSENT, new
    index = _find_item(items, key)
    if index is None:
        if len(rest) == 1 and isinstance(value, dict) and item_type and _has_field(item_type, "sid"):
            new = _validate(TypeAdapter(item_type), {"sid": key, **value}, f"{at}.{key}", item_type)
            return (*items, new), ABSENT, new  # a new statement with that Sid
        raise EditError(f"{'.'.join(full)}: {at} has no item '{key}'; items: {_item_names(items)}")
    if len(rest) == 1:
        old = items[index]
        if value is ABSENT:
            return items[:index] + items[index + 1:], old, ABSENT
        new = _validate(TypeAdapter(item_type), value, f"{at}.{key}", item_type) if item_type else value
        return items[:index] + (new,) + items[index + 1:], old, new
    new_child, before, after = _set(items[index], rest[1:], value, full)
    return items[:index] + (new_child,) + items[index + 1:], before, after


def _find_item(items: tuple, key: str) -> int | None:
    for i, item in enumerate(items):
        if any(getattr(item, attr, None) == key for attr in ("sid", "id")) or item == key:
            return i
    if key.isdigit() or (key.startswith("-") and key[1:].isdigit()):
        i = int(key)
        if -len(items) <= i < len(items):
            return i % len(items)
    return None


def _item_names(items: tuple) -> str:
    names = []
    for i, item in enumerate(items):
        label = getattr(item, "sid", None) or getattr(item, "id", None)
        names.append(str(item) if isinstance(item, str) else f"{i}" + (f" ({label})" if label else ""))
    return ", ".join(names) or "(none)"


# ------------------------------------------------------------------------------ validation
@lru_cache(maxsize=None)
def _field_adapter(model: type, name: str) -> TypeAdapter:
    info = model.model_fields[name]
    if info.metadata:
        return TypeAdapter(Annotated[info.annotation, *info.metadata])
    return TypeAdapter(info.annotation)


def _field_type(model: type, name: str):
    return model.model_fields[name].annotation


@lru_cache(maxsize=1)
def _resource_adapter() -> TypeAdapter:
    return TypeAdapter(Resource)


def _field_default(model: type, name: str, where: str):
    info = model.model_fields[name]
    if info.is_required():
        raise EditError(f"{where}: this field is required, so it cannot be absent")
    return info.get_default(call_default_factory=True)


def _item_type(annotation):
    args = get_args(annotation)
    return args[0] if get_origin(annotation) is tuple and args else None


def _has_field(annotation, name: str) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel) and name in annotation.model_fields


def _validate(adapter: TypeAdapter, value: Any, where: str, annotation, metadata=()) -> Any:
    try:
        result = adapter.validate_python(value)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"])
        allowed = allowed_values(annotation) or _bounds(metadata)
        said = check_message(err, walk(annotation, value, tuple(err["loc"])))  # as `check` says it
        # a value_error is our own validator's sentence, which already says what is allowed
        hint = f"; allowed: {allowed}" if allowed and "(did you mean" not in said \
            and err["type"] != "value_error" else ""
        raise EditError(f"{where}{loc}: {said}{hint}") from None
    for path, number in converted_booleans(result, value):  # `true` is no number, as in check
        loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
        kind = "a whole number" if isinstance(number, int) else "a number"
        raise EditError(f"{where}{loc}: expected {kind}, got {'true' if number else 'false'}")
    return result


def _bounds(metadata) -> str | None:
    low = next((m.ge for m in metadata if hasattr(m, "ge")), None)
    high = next((m.le for m in metadata if hasattr(m, "le")), None)
    if low is None and high is None:
        return None
    if high is None:
        return f"{low} or more"
    return f"{high} or less" if low is None else f"{low} … {high}"


def allowed_values(annotation) -> str | None:
    """A short description of what a field accepts, for error messages."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Literal:
        return ", ".join(str(a) for a in args)
    if annotation is bool:
        return "true, false"
    if origin is Union:
        parts = [allowed_values(a) or getattr(a, "__name__", str(a)) for a in args]
        return " or ".join("null" if p == "NoneType" else p for p in parts)
    if origin is Annotated:
        return allowed_values(args[0])
    return None
