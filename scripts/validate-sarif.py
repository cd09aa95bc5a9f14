#!/usr/bin/env python3
"""Validate a SARIF log against a SARIF JSON schema.

Usage: validate-sarif.py SCHEMA.json LOG.sarif

Needs the `jsonschema` package (pip install jsonschema). The validator is the
one for the JSON Schema draft the schema declares in `$schema` (the official
SARIF 2.1.0 schema declares Draft 4), or Draft 7 when it declares none;
"format" keywords are checked where jsonschema can check them. Prints every
error with its path in the log and exits 1 if there is any, 2 on a usage or
read error, 0 when the log is valid (printing how many results it holds).
"""

import json
import sys

import jsonschema


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    schema_path, log_path = argv[1], argv[2]
    try:
        with open(schema_path, encoding="utf-8") as f:
            schema = json.load(f)
        with open(log_path, encoding="utf-8") as f:
            log = json.load(f)
    except (OSError, ValueError) as e:
        print(f"validate-sarif: {e}", file=sys.stderr)
        return 2

    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    for e in errors:
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        print(f"{log_path}: {where}: {e.message}", file=sys.stderr)
    if errors:
        print(f"{log_path}: {len(errors)} schema error(s)", file=sys.stderr)
        return 1
    results = sum(len(run.get("results") or []) for run in log.get("runs", []))
    print(f"{log_path}: valid SARIF ({cls.__name__}), {results} results")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
