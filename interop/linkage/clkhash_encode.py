"""Encodes a CSV file with clkhash, as an agency using Data61's tool would, and prints the
encodings as clkhash's JSON. Run with .venv-linkage's python (interop/setup-venv makes it):

    clkhash_encode.py SCHEMA SECRET CSV
"""
import csv
import json
import sys

from clkhash import clk
from clkhash.schema import from_json_dict
from clkhash.serialization import serialize_bitarray

schema_path, secret, csv_path = sys.argv[1:4]
schema = from_json_dict(json.load(open(schema_path)))
with open(csv_path, newline="", encoding="utf-8") as source:
    rows = list(csv.reader(source))[1:]
clks = clk.generate_clks(rows, schema, secret, max_workers=1)
print(json.dumps({"clks": [serialize_bitarray(c) for c in clks]}))
