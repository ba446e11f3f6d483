"""A Hypothesis strategy for documents shaped by a JSON Schema: our own small one.

hypothesis-jsonschema (0.23.1, the latest) fails on the Hypothesis we pin (6.170:
"'many' object has no attribute 'more'"), so this covers the subset our schema uses: $ref,
const, enum, anyOf/oneOf, object (properties, required, patternProperties, additionalProperties),
array (items, prefixItems, minItems/maxItems), string (pattern, min/maxLength), integer/number
(bounds), boolean, null. Documents need not be valid: the property test asks the schema and the
loader about each one, so an approximate generator only changes how often each side says yes.
"""

from __future__ import annotations

from hypothesis import strategies as st

_NAMES = st.sampled_from(["app", "fn", "role", "photos", "clicks", "q", "x"])
_TEXT = st.text(alphabet="abcxyz -_.:/*0123456789", max_size=12)
_ANY = st.recursive(st.none() | st.booleans() | st.integers(-5, 2000) | _TEXT,
                    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(_TEXT, inner, max_size=2),
                    max_leaves=4)


def documents(schema: dict, max_depth: int = 7) -> st.SearchStrategy:
    """Documents for `schema` (its `$defs` resolve `#/$defs/…` references)."""
    return _node(schema, schema.get("$defs", {}), max_depth)


def _node(node, defs: dict, depth: int) -> st.SearchStrategy:
    if node is True or not isinstance(node, dict) or depth <= 0:
        return _ANY
    if "$ref" in node:
        target = defs[node["$ref"].rsplit("/", 1)[-1]]
        rest = {k: v for k, v in node.items() if k not in ("$ref", "default", "description", "title")}
        return _node({**target, **rest}, defs, depth - 1)
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    for key in ("anyOf", "oneOf"):
        if key in node:
            return st.one_of([_node(sub, defs, depth) for sub in node[key]])
    kind = node.get("type")
    if isinstance(kind, list):
        return st.one_of([_node({**node, "type": k}, defs, depth) for k in kind])
    if kind == "object" or "properties" in node or "patternProperties" in node:
        return _object(node, defs, depth)
    if kind == "array":
        return _array(node, defs, depth)
    if kind == "string":
        if "pattern" in node:
            return st.from_regex(node["pattern"], fullmatch=True).filter(lambda s: len(s) <= 80)
        low, high = node.get("minLength", 0), min(node.get("maxLength", 12), 12)
        return st.text(alphabet="abcxyz -_.:/0123456789", min_size=low, max_size=max(low, high))
    if kind in ("integer", "number"):
        low = node.get("minimum", node.get("exclusiveMinimum", -10))
        high = node.get("maximum", node.get("exclusiveMaximum", max(low, 0) + 2000))
        ints = st.integers(int(low) - 1, int(high) + 1)
        return ints if kind == "integer" else ints | st.floats(low - 1, high + 1, allow_nan=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    return _ANY


def _object(node: dict, defs: dict, depth: int) -> st.SearchStrategy:
    props = node.get("properties", {})
    required = set(node.get("required", ()))
    fixed = {k: _node(v, defs, depth - 1) for k, v in props.items() if k in required}
    optional = {k: _node(v, defs, depth - 1) for k, v in props.items() if k not in required}
    base = st.fixed_dictionaries(fixed, optional=optional)
    patterns = node.get("patternProperties", {})
    if not patterns:
        return base
    (pattern, value), = patterns.items()
    extra = st.dictionaries(st.from_regex(pattern, fullmatch=True).filter(lambda s: len(s) <= 20)
                            | _NAMES, _node(value, defs, depth - 1),
                            min_size=node.get("minProperties", 0), max_size=3)
    return st.tuples(base, extra).map(lambda pair: {**pair[1], **pair[0]})


def _array(node: dict, defs: dict, depth: int) -> st.SearchStrategy:
    if "prefixItems" in node:
        return st.tuples(*(_node(i, defs, depth - 1) for i in node["prefixItems"])).map(list)
    low = node.get("minItems", 0)
    return st.lists(_node(node.get("items", True), defs, depth - 1), min_size=low,
                    max_size=max(low, min(node.get("maxItems", 3), 3)))
