#!/usr/bin/env python3
"""Derive the two model resources of a CLI service (bridgekeeper <service> ...) from its AWS-format
(botocore JSON) model. From the repository root:

    # bridgekeeper events ...: AWS's EventBridge model
    python3 tools/compact-cli-model.py ../shared/aws-models/events-service-2.json \
        ../shared/aws-models/events-paginators-1.json cli/src/main/resources/org/bridgekeeper/cli/model events

(Bridgekeeper's extensions are not compacted ahead: the CLI does the same at load time from
model/bridgekeeper-extensions.json, in cli/.../model/AwsModel.java.)

SERVICE (default: events) is the CLI's service name and names the two files it writes:

- SERVICE.json: what every command needs (operations with their CLI names, shapes with the
  constraints botocore checks client-side, paginators). Read at every start, so kept small.
- SERVICE-docs.json: documentation, read only by `help` and `--generate-cli-skeleton yaml-input`.
  The one-line overview of each member is computed here exactly as aws-cli 2.9.19's
  customizations/utils.py get_shape_doc_overview does (strip XML, first sentence, no line breaks).

CLI names follow botocore's xform_name(name, '-'). Run again whenever a source model changes.
"""
import json
import os
import re
import sys
import xml.dom.minidom
import xml.parsers.expat

_FIRST_CAP = re.compile('(.)([A-Z][a-z]+)')
_END_CAP = re.compile('([a-z0-9])([A-Z])')
_SPECIAL_CASE = re.compile('[A-Z]{2,}s$')
_SENTENCE_DELIMITERS = re.compile(r'[.:]+')

SHAPE_KEYS = ("type", "min", "enum", "sensitive", "required", "exception", "fault", "retryable")


def xform_name(name, sep='-'):
    if sep in name:
        return name
    special = _SPECIAL_CASE.search(name)
    if special is not None:
        matched = special.group()
        name = name[:-len(matched)] + sep + matched.lower()
    s1 = _FIRST_CAP.sub(r'\1' + sep + r'\2', name)
    return _END_CAP.sub(r'\1' + sep + r'\2', s1).lower()


def strip_xml(documentation):
    try:
        dom = xml.dom.minidom.parseString('<doc>%s</doc>' % documentation)
    except xml.parsers.expat.ExpatError:
        return documentation
    content = []

    def walk(node):
        for child in node.childNodes:
            if child.nodeType == node.TEXT_NODE:
                content.append(child.data)
            else:
                walk(child)
    walk(dom)
    return ''.join(content)


def overview(documentation):
    content = strip_xml(documentation or '')
    content = _SENTENCE_DELIMITERS.split(content, 1)[0]
    if content:
        content += '.'
    for char in ('\n', '\u2028'):
        content = content.replace(char, ' ')
    return content


def compact_shape(shape):
    out = {k: shape[k] for k in SHAPE_KEYS if k in shape}
    if shape["type"] == "structure":
        out["members"] = [[m, spec["shape"]] for m, spec in shape.get("members", {}).items()]
    elif shape["type"] == "list":
        out["member"] = shape["member"]["shape"]
    elif shape["type"] == "map":
        out["key"] = shape["key"]["shape"]
        out["value"] = shape["value"]["shape"]
    return out


def main(model_path, paginators_path, target_dir, service="events"):
    with open(model_path, encoding="utf-8") as f:
        model = json.load(f)
    with open(paginators_path, encoding="utf-8") as f:
        paginators = json.load(f)["pagination"]
    meta = model["metadata"]
    compact = {
        "metadata": {
            "apiVersion": meta["apiVersion"],
            "endpointPrefix": meta["endpointPrefix"],
            "serviceId": meta["serviceId"],
            "signingName": meta.get("signingName", meta["endpointPrefix"]),
            "targetPrefix": meta["targetPrefix"],
        },
        # Model order, as botocore lists them (the "Invalid choice" table relies on it).
        "operations": [
            {k: v for k, v in {
                "name": name,
                "cli": xform_name(name),
                "input": op.get("input", {}).get("shape"),
                "output": op.get("output", {}).get("shape"),
                "paginator": paginators.get(name),
            }.items() if v is not None}
            for name, op in model["operations"].items()
        ],
        "shapes": {name: compact_shape(s) for name, s in model["shapes"].items()},
    }
    docs = {
        "operations": {name: op.get("documentation", "") for name, op in model["operations"].items()},
        "members": {},
        "overviews": {},
    }
    for name, shape in model["shapes"].items():
        for member, spec in shape.get("members", {}).items():
            # botocore resolves a member's documentation from the member reference first, then
            # from its target shape.
            doc = spec.get("documentation", model["shapes"][spec["shape"]].get("documentation", ""))
            docs["members"][name + "." + member] = doc
            docs["overviews"][name + "." + member] = overview(doc)
    os.makedirs(target_dir, exist_ok=True)
    with open(os.path.join(target_dir, service + ".json"), "w", encoding="utf-8") as f:
        json.dump(compact, f, separators=(",", ":"))
        f.write("\n")
    with open(os.path.join(target_dir, service + "-docs.json"), "w", encoding="utf-8") as f:
        json.dump(docs, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) not in (4, 5):
        sys.exit("usage: compact-cli-model.py MODEL.json PAGINATORS.json TARGET_DIR [SERVICE]")
    main(*sys.argv[1:])
