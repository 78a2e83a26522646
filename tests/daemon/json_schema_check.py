#!/usr/bin/env python3
"""Validates JSON lines against one of missionwatch's schemas (docs/schemas/*.schema.json).

Usage: json_schema_check.py SCHEMA_DIR SCHEMA_ID < lines.jsonl

Every *.schema.json in SCHEMA_DIR is checked against the JSON Schema 2020-12 meta-schema and
registered under its $id (so that one schema may $ref another); every non-empty line of stdin is
then validated against SCHEMA_ID. Prints one line per problem ("line N: <path>: <message>") and
exits 0 when every line is valid, 1 when one is not, 3 when python3-jsonschema is missing.
Works with Debian's python3-jsonschema 4.10 (RefResolver) and with 4.18+ (referencing).
"""
import json
import pathlib
import sys

try:
    import jsonschema
    from jsonschema import Draft202012Validator
except ImportError:
    print("python3-jsonschema is not installed (scripts/install-deps installs it)")
    sys.exit(3)


def make_validator(schemas, schema_id):
    schema = schemas[schema_id]
    checker = Draft202012Validator.FORMAT_CHECKER
    try:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        registry = Registry().with_resources(
            (sid, Resource.from_contents(s, default_specification=DRAFT202012))
            for sid, s in schemas.items())
        return Draft202012Validator(schema, registry=registry, format_checker=checker)
    except ImportError:
        resolver = jsonschema.RefResolver.from_schema(schema, store=dict(schemas))
        return Draft202012Validator(schema, resolver=resolver, format_checker=checker)


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    schema_dir, schema_id = pathlib.Path(sys.argv[1]), sys.argv[2]
    schemas = {}
    for path in sorted(schema_dir.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        schemas[schema["$id"]] = schema
    if schema_id not in schemas:
        print(f"no schema with $id {schema_id} in {schema_dir}")
        return 2
    validator = make_validator(schemas, schema_id)
    problems = 0
    checked = 0
    for n, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        checked += 1
        try:
            instance = json.loads(line)
        except json.JSONDecodeError as e:
            print(f"line {n}: not JSON: {e}")
            problems += 1
            continue
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
            path = "/" + "/".join(str(p) for p in error.absolute_path)
            print(f"line {n}: {path}: {error.message}")
            problems += 1
    print(f"checked {checked} line(s) against {schema_id}: {problems} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
