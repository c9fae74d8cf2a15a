"""Validates rendered manifests against the Kubernetes API's JSON Schemas, offline.

Usage: python3 validate_manifests.py <version>[,<version>...] <file.yaml>...
Prints one JSON object: for each file, its documents (parsed) and its problems. The schemas are the
ones kubernetes-validate bundles, in their strict form (an unknown field is a problem too); a kind
without a schema is a problem, not a warning, so that nothing passes unchecked. The versions must
be releases that kubernetes-validate bundles (x.y.0).
"""

import functools
import json
import re
import sys

import jsonschema
import yaml
from kubernetes_validate import utils
from referencing import Registry, Resource

# libyaml's parser when PyYAML's wheel has it: ten times the pure-Python one.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=None)
def definitions(version):
    return Resource.from_contents(
        utils.schema_contents("kubernetes-json-schema/v%s-local-strict/_definitions.json" % version, version)
    )


@functools.lru_cache(maxsize=None)
def validator(version, kind, api_version):
    """One validator per schema, built once: kubernetes-validate's own validate() rebuilds it (and
    re-reads the 1.5 MB of definitions) for every document. Same file layout as it uses."""
    group_version = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    schema = utils.schema_contents(
        "kubernetes-json-schema/v%s-local-strict/%s-%s.json" % (version, kind.lower(), group_version), version
    )
    registry = definitions(version) @ (Resource.from_contents(schema) @ Registry())
    return jsonschema.validators.Draft202012Validator(schema, registry=registry)


def describe(document):
    metadata = document.get("metadata") or {}
    return "%s/%s" % (document.get("kind"), metadata.get("name"))


def problems_of(document, versions):
    problems = []
    for version in versions:
        try:
            check = validator(version, document["kind"], document["apiVersion"])
        except (KeyError, FileNotFoundError, utils.VersionNotSupportedError):
            problems.append("%s: no schema for it in Kubernetes %s" % (describe(document), version))
            continue
        for error in check.iter_errors(document):
            where = ".".join(str(part) for part in error.path) or "(document)"
            problems.append(
                "%s against Kubernetes %s: %s: %s" % (describe(document), version, where, error.message)
            )
    return problems


def main():
    versions = sys.argv[1].split(",")
    report = {}
    for filename in sys.argv[2:]:
        with open(filename, encoding="utf-8") as handle:
            documents = [document for document in yaml.load_all(handle, Loader=LOADER) if document]
        problems = []
        for document in documents:
            problems.extend(problems_of(document, versions))
        report[filename] = {"documents": documents, "problems": problems}
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
