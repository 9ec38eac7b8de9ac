#!/usr/bin/env python3
"""Derive the compact service model that the server validates against.

The AWS model (shared/aws-models/events-service-2.json) is ~400 KB, mostly documentation.
The server needs only shapes, members, types and constraints, so this script keeps exactly
those and drops the rest. Run it again whenever the AWS model is updated:

    python3 tools/compact-model.py ../shared/aws-models/events-service-2.json \
        server/src/main/resources/model/events.json

(likewise kms-service-2.json -> kms.json, secretsmanager-service-2.json -> secretsmanager.json,
sts-service-2.json -> sts.json)
"""
import json
import sys

# AWS prints some enum value sets in an order that is not the model's (recorded in
# shared/reference/eventbridge-api.md section 4). Where the printed order is known, keep it.
ENUM_MESSAGE_ORDER = {
    "ApiDestinationHttpMethod": ["HEAD", "POST", "PATCH", "DELETE", "PUT", "GET", "OPTIONS"],
    "ConnectionAuthorizationType": ["BASIC", "OAUTH_CLIENT_CREDENTIALS", "API_KEY"],
}

# Enums AWS matches without regard to case: an OAuth HttpMethod of "put" was accepted by
# CreateConnection in a run recorded against AWS (LocalStack's test_api_destinations[auth2]).
ENUM_IGNORE_CASE = {"ConnectionOAuthHttpMethod"}

# Constraints AWS enforces that the model does not state (recorded in shared/reference/peers.md
# section 3: a NextToken that is not base64 fails this pattern, by name, in AWS's message).
PATTERN_OVERRIDES = {
    "NextToken": r"^(?:[A-Za-z0-9+\/]{4})*(?:[A-Za-z0-9+\/]{4}|[A-Za-z0-9+\/]{3}=|[A-Za-z0-9+\/]{2}={2})$",
}

SHAPE_KEYS = ("type", "min", "max", "pattern", "enum", "sensitive", "required", "exception", "fault")


def compact_shape(name, shape):
    out = {k: shape[k] for k in SHAPE_KEYS if k in shape}
    if shape["type"] == "structure":
        out["members"] = {m: spec["shape"] for m, spec in shape.get("members", {}).items()}
    elif shape["type"] == "list":
        out["member"] = shape["member"]["shape"]
    elif shape["type"] == "map":
        out["key"] = shape["key"]["shape"]
        out["value"] = shape["value"]["shape"]
    if name in PATTERN_OVERRIDES:
        assert "pattern" not in shape, name + " now has a pattern in the model: drop the override"
        out["pattern"] = PATTERN_OVERRIDES[name]
    if name in ENUM_MESSAGE_ORDER:
        assert sorted(ENUM_MESSAGE_ORDER[name]) == sorted(shape["enum"]), name
        out["enumMessageOrder"] = ENUM_MESSAGE_ORDER[name]
    if name in ENUM_IGNORE_CASE:
        assert "enum" in shape, name
        out["enumIgnoreCase"] = True
    return out


def main(source, target):
    with open(source, encoding="utf-8") as f:
        model = json.load(f)
    compact = {
        # STS speaks the query protocol: no targetPrefix nor jsonVersion, and its "protocol" says so.
        "metadata": {k: model["metadata"][k]
                     for k in ("apiVersion", "targetPrefix", "jsonVersion", "endpointPrefix")
                     + (() if "targetPrefix" in model["metadata"] else ("protocol",))
                     if k in model["metadata"]},
        "operations": {
            name: {
                "input": op.get("input", {}).get("shape"),
                "output": op.get("output", {}).get("shape"),
                "errors": [e["shape"] for e in op.get("errors", [])],
            }
            for name, op in sorted(model["operations"].items())
        },
        "shapes": {name: compact_shape(name, s) for name, s in sorted(model["shapes"].items())},
    }
    with open(target, "w", encoding="utf-8") as f:
        json.dump(compact, f, indent=1, sort_keys=False)
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: compact-model.py SOURCE.json TARGET.json")
    main(sys.argv[1], sys.argv[2])
