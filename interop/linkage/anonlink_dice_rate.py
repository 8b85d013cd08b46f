"""Times anonlink's Dice candidate generation on two files of encodings, repeated for at least
SECONDS, and prints comparisons per second as JSON (bench/linkage.sh's baseline).

    anonlink_dice_rate.py FIRST.json SECOND.json THRESHOLD SECONDS
"""
import json
import sys
import time

import anonlink
from clkhash.serialization import deserialize_bitarray

first, second, threshold, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
datasets = [[deserialize_bitarray(c) for c in json.load(open(path))["clks"]] for path in (first, second)]
pairs = len(datasets[0]) * len(datasets[1])
rounds, start = 0, time.monotonic()
while True:
    sims, _, _ = anonlink.candidate_generation.find_candidate_pairs(datasets, anonlink.similarities.dice_coefficient, threshold)
    rounds += 1
    if time.monotonic() - start >= seconds:
        break
elapsed = time.monotonic() - start
print(json.dumps({"comparisonsPerSecond": rounds * pairs / elapsed, "candidates": len(sims), "rounds": rounds,
                  "implementation": anonlink.similarities.dice_coefficient.__name__}))
