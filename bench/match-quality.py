"""How right a bulk match's answers are, given the truth: each query's true record identifier.

    python3 bench/match-quality.py RESULT.csv TRUTH.json

RESULT.csv is `causeway registry match`'s output, whose `ref` column is the query's index into
TRUTH.json (a JSON array of identifiers; null where the true record is not in the registry).
Prints a Markdown table: per match class, its answers, share and precision (exact and
probable name one record; ambiguous and none do not) and the recall of the classes down to it
(the true record given in them, of all queries), then the recall of exact and probable."""
import csv
import json
import sys

truth = json.load(open(sys.argv[2]))
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
lines = ["| class | answers | share | right (precision) | recall at this class and above |", "| --- | ---: | ---: | ---: | ---: |"]
right_total = 0
for name in ["exact", "probable", "ambiguous", "none"]:
    answers = [r for r in rows if r["match_class"] == name]
    right = sum(1 for r in answers if r["matched_id"] and r["matched_id"] == truth[int(r["ref"])])
    if name in ("exact", "probable"):
        right_total += right
        precision = f"{right / len(answers):.4f}" if answers else "–"
        recall = f"{right_total / len(rows):.4f}"
    else:
        precision, recall = "(no identifier given)", "–"
    lines.append(f"| {name} | {len(answers)} | {len(answers) / len(rows):.3f} | {precision} | {recall} |")
lines.append("")
lines.append(f"Recall (the true record given as exact or probable): {right_total / len(rows):.4f} of {len(rows)}.")
print("\n".join(lines))
