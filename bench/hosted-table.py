#!/usr/bin/env python3
"""Writes the benchmark table: a CSV with ROWS rows and 10 typed columns, and prints the
Table Schema (JSON) that describes it. Deterministic, so that every run loads the same bytes.

    bench/hosted-table.py ROWS CSV_PATH > schema.json
"""
import json
import random
import sys

rows, path = int(sys.argv[1]), sys.argv[2]
random.seed(20261125)
regions = [f"R{n:02d}" for n in range(100)]
with open(path, "w", newline="") as out:
    out.write("id,region,day,cases,rate,open,name,code,amount,updated\n")
    write = out.write
    for i in range(1, rows + 1):
        region = regions[i % 100]
        write(f"{i},{region},2020-{(i % 12) + 1:02d}-{(i % 28) + 1:02d},{(i * 7919) % 100000},"
              f"{(i % 1000) / 10:.1f},{'true' if i % 3 else 'false'},Place {i % 5000},C{i % 977:04d},"
              f"{(i * 31) % 1000000 / 100:.2f},2021-01-{(i % 28) + 1:02d}T{i % 24:02d}:00:00Z\n")
json.dump({
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True}},
        {"name": "region", "type": "string", "index": True, "constraints": {"pattern": "R[0-9]{2}"}},
        {"name": "day", "type": "date"},
        {"name": "cases", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "rate", "type": "number", "constraints": {"minimum": 0, "maximum": 100}},
        {"name": "open", "type": "boolean"},
        {"name": "name", "type": "string", "constraints": {"maxLength": 40}},
        {"name": "code", "type": "string"},
        {"name": "amount", "type": "number"},
        {"name": "updated", "type": "datetime"},
    ],
    "primaryKey": ["id"],
}, sys.stdout)
