"""Validates rendered manifests against the Kubernetes API's JSON Schemas, offline.

Usage: python3 validate_manifests.py <version>[,<version>...] <file.yaml>...
Prints one JSON object: for each file, its documents (parsed) and its problems. The schemas are the
ones kubernetes-validate bundles (strict: unknown fields are problems too); a kind without a schema
is a problem, not a warning, so that nothing passes unchecked.
"""

import json
import sys

import yaml
from kubernetes_validate import utils


def describe(document):
    metadata = document.get("metadata") or {}
    return "%s/%s" % (document.get("kind"), metadata.get("name"))


def problems_of(document, versions):
    problems = []
    for version in versions:
        try:
            utils.validate(document, version, strict=True)
        except utils.ValidationError as error:
            where = ".".join(str(part) for part in error.path) or "(document)"
            problems.append(
                "%s against Kubernetes %s: %s: %s" % (describe(document), version, where, error.message)
            )
        except (utils.SchemaNotFoundError, utils.InvalidSchemaError) as error:
            problems.append("%s: %s" % (describe(document), error.message))
    return problems


def main():
    versions = sys.argv[1].split(",")
    report = {}
    for filename in sys.argv[2:]:
        with open(filename, encoding="utf-8") as handle:
            documents = [document for document in yaml.safe_load_all(handle) if document]
        problems = []
        for document in documents:
            problems.extend(problems_of(document, versions))
        report[filename] = {"documents": documents, "problems": problems}
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
