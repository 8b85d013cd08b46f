"""Matches two files of encodings with anonlink, as a linkage service built on Data61's tools
would, and prints every candidate (in anonlink's order) and the greedy solver's matches.
Run with .venv-linkage's python (interop/setup-venv makes it):

    anonlink_match.py FIRST.json SECOND.json THRESHOLD
"""
import json
import sys

import anonlink
from clkhash.serialization import deserialize_bitarray

first, second, threshold = sys.argv[1], sys.argv[2], float(sys.argv[3])
datasets = [[deserialize_bitarray(c) for c in json.load(open(path))["clks"]] for path in (first, second)]
sims, _, (rows0, rows1) = anonlink.candidate_generation.find_candidate_pairs(
    datasets, anonlink.similarities.dice_coefficient, threshold)
candidates = [[int(i), int(j), float(s)] for s, i, j in zip(sims, rows0, rows1)]
groups = anonlink.solving.greedy_solve((sims, _, (rows0, rows1)))
matches = sorted([int(i), int(j)] for i, j in anonlink.solving.pairs_from_groups(groups))
print(json.dumps({"candidates": candidates, "matches": matches}))
