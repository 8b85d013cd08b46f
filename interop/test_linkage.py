"""Privacy-preserving record linkage against Data61's tools: `causeway link encode` must give
clkhash's encodings bit for bit, for every hashing strategy, comparison and hardening option
a linkage schema can name. clkhash runs from .venv-linkage (interop/setup-venv)."""
import base64
import json
import os
import pathlib
import random
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
CLKHASH = [str(ROOT / ".venv-linkage/bin/python"), str(ROOT / "interop/linkage/clkhash_encode.py")]
SECRET = "a secret the parties agreed"


def records(count=300, seed=7):
    """People with the quirks real lists have: accents, hyphens, missing middle names."""
    rng = random.Random(seed)
    firsts = ["Ana", "João", "Mei", "Oluwaseun", "Zoë", "Li", "Ève", "Mary-Jane", "Ahmed", "Søren"]
    lasts = ["Silva", "O'Brien", "Nguyễn", "Smith", "van der Berg", "Kowalski", "Müller", "Ng", "Dubois", "Okafor"]
    rows = [["id", "first", "last", "middle", "dob", "sex", "phone", "postcode", "income"]]
    for number in range(count):
        rows.append([str(number), rng.choice(firsts), rng.choice(lasts), rng.choice(["", "Lee", "Marie"]),
                     f"{rng.randint(1930, 2020)}/{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}", rng.choice(["F", "M", "X"]),
                     str(rng.randint(100000000, 999999999)), f"{rng.randint(800, 7999):04d}", f"{rng.uniform(0, 200000):.2f}"])
    return rows


def feature(identifier, fmt, comparison, strategy, hash_type=None, **extra):
    hashing = {"comparison": comparison, "strategy": strategy}
    if hash_type:
        hashing["hash"] = hash_type
    hashing.update(extra)
    return {"identifier": identifier, "format": fmt, "hashing": hashing}


def schema(l=1024, folds=0, hash_type=None, kdf=None):
    return {
        "version": 3,
        "clkConfig": {"l": l, "xor_folds": folds, "kdf": kdf or {"type": "HKDF", "hash": "SHA256", "keySize": 64,
                                                                  "salt": base64.b64encode(b"causeway interop salt").decode(),
                                                                  "info": base64.b64encode(b"schema_example").decode()}},
        "features": [
            {"identifier": "id", "ignored": True},
            feature("first", {"type": "string", "encoding": "utf-8", "maxLength": 30}, {"type": "ngram", "n": 2},
                    {"bitsPerFeature": 200}, hash_type),
            feature("last", {"type": "string", "encoding": "utf-8"}, {"type": "ngram", "n": 2, "positional": True},
                    {"bitsPerToken": 15}, hash_type),
            feature("middle", {"type": "string"}, {"type": "ngram", "n": 1}, {"bitsPerToken": 20}, hash_type,
                    missingValue={"sentinel": "", "replaceWith": "none"}),
            feature("dob", {"type": "date", "format": "%Y/%m/%d"}, {"type": "ngram", "n": 2, "positional": True}, {"bitsPerFeature": 120},
                    hash_type),
            feature("sex", {"type": "enum", "values": ["F", "M", "X"]}, {"type": "exact"}, {"bitsPerToken": 50}, hash_type),
            feature("phone", {"type": "integer", "minimum": 1}, {"type": "numeric", "thresholdDistance": 5, "resolution": 3},
                    {"bitsPerToken": 10}, hash_type),
            feature("postcode", {"type": "string", "pattern": "[0-9]{4}"}, {"type": "ngram", "n": 3}, {"bitsPerFeature": 100}, hash_type),
            feature("income", {"type": "string"}, {"type": "numeric", "thresholdDistance": 500.5, "resolution": 2, "fractional_precision": 2},
                    {"bitsPerToken": 8}, hash_type),
        ],
    }


def encode_both(tmp_path, schema_document, rows):
    schema_file, data_file, secret_file = tmp_path / "schema.json", tmp_path / "people.csv", tmp_path / "secret"
    schema_file.write_text(json.dumps(schema_document))
    data_file.write_text("\n".join(",".join(f'"{cell}"' if "," in cell else cell for cell in row) for row in rows) + "\n", encoding="utf-8")
    secret_file.write_text(SECRET + "\n")
    ours = subprocess.run([os.environ["CAUSEWAY_BINARY"], "link", "encode", "--schema", str(schema_file), "--secret-file", str(secret_file),
                           str(data_file)], capture_output=True, text=True, timeout=300)
    assert ours.returncode == 0, ours.stderr
    theirs = subprocess.run(CLKHASH + [str(schema_file), SECRET, str(data_file)], capture_output=True, text=True, timeout=600)
    assert theirs.returncode == 0, theirs.stderr
    return json.loads(ours.stdout)["clks"], json.loads(theirs.stdout)["clks"]


@pytest.mark.parametrize("variant", [
    {"hash_type": {"type": "blakeHash"}},
    {"hash_type": {"type": "doubleHash"}},
    {"hash_type": {"type": "doubleHash", "prevent_singularity": True}, "l": 1000},
    {"hash_type": None, "folds": 1},
    {"hash_type": {"type": "blakeHash"}, "kdf": {"type": "HKDF", "hash": "SHA512"}, "l": 2048},
])
def test_encodings_are_clkhash_s_bit_for_bit(tmp_path, variant):
    ours, theirs = encode_both(tmp_path, schema(**variant), records())
    assert len(ours) == len(theirs) == 300
    differing = [index for index, (a, b) in enumerate(zip(ours, theirs)) if a != b]
    assert not differing, f"{len(differing)} records differ, the first is record {differing[0]}"


def test_bad_values_and_headers_are_refused_with_the_record(tmp_path):
    rows = records(5)
    rows[3][5] = "unknown"
    schema_file, data_file = tmp_path / "schema.json", tmp_path / "people.csv"
    schema_file.write_text(json.dumps(schema()))
    data_file.write_text("\n".join(",".join(row) for row in rows) + "\n")
    result = subprocess.run([os.environ["CAUSEWAY_BINARY"], "link", "encode", "--schema", str(schema_file), "--secret", SECRET, str(data_file)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "record 3" in result.stderr and "sex" in result.stderr, result.stderr
    data_file.write_text("name,surname\nAna,Silva\n")
    result = subprocess.run([os.environ["CAUSEWAY_BINARY"], "link", "encode", "--schema", str(schema_file), "--secret", SECRET, str(data_file)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "the schema expects id, first" in result.stderr, result.stderr


def test_the_documented_example_encodes_as_clkhash_does(tmp_path):
    """The README's schema and file (docs/examples) give clkhash's encodings."""
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text("a secret the parties agreed\n")
    schema_file, data_file = ROOT / "docs/examples/linkage-schema.json", ROOT / "docs/examples/people.csv"
    ours = subprocess.run([os.environ["CAUSEWAY_BINARY"], "link", "encode", "--schema", str(schema_file), "--secret-file", str(secret_file),
                           str(data_file)], capture_output=True, text=True, timeout=60)
    assert ours.returncode == 0, ours.stderr
    theirs = subprocess.run(CLKHASH + [str(schema_file), "a secret the parties agreed", str(data_file)], capture_output=True, text=True, timeout=300)
    assert theirs.returncode == 0, theirs.stderr
    assert json.loads(ours.stdout)["clks"] == json.loads(theirs.stdout)["clks"] and len(json.loads(ours.stdout)["clks"]) == 4


def typo(rng, text):
    """One slip of the kind clerks make: a letter dropped, doubled or swapped."""
    if len(text) < 3:
        return text
    at = rng.randrange(1, len(text) - 1)
    return rng.choice([text[:at] + text[at + 1:], text[:at] + text[at] + text[at:], text[:at - 1] + text[at] + text[at - 1] + text[at + 1:]])


def two_lists(seed=11):
    """A shielding list and a delivery list: 200 people on both (a third with a typo in the given
    name, a fifth in the family name), 100 on each alone, the second list shuffled."""
    rng = random.Random(seed)
    header, *people = records(400, seed)
    both = []
    for row in people[100:300]:
        row = list(row)
        if rng.random() < 0.33:
            row[1] = typo(rng, row[1])
        if rng.random() < 0.2:
            row[2] = typo(rng, row[2])
        both.append(row)
    second = both + people[300:400]
    rng.shuffle(second)
    return [header] + people[:300], [header] + second


@pytest.mark.parametrize("threshold", [0.7, 0.8, 0.9])
def test_matches_are_anonlink_s(tmp_path, threshold):
    """The same encodings matched by Causeway and by anonlink: the same candidates with the same
    similarities in the same order, and the same one-to-one matches from the greedy solver."""
    first, second = two_lists()
    document = schema(hash_type={"type": "blakeHash"})
    files = []
    for name, rows in (("first", first), ("second", second)):
        ours, theirs = encode_both(tmp_path, document, rows)
        assert ours == theirs
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps({"clks": ours}))
        files.append(str(path))
    anonlink = subprocess.run([str(ROOT / ".venv-linkage/bin/python"), str(ROOT / "interop/linkage/anonlink_match.py"), *files, str(threshold)],
                              capture_output=True, text=True, timeout=600)
    assert anonlink.returncode == 0, anonlink.stderr
    expected = json.loads(anonlink.stdout)
    every = subprocess.run([os.environ["CAUSEWAY_BINARY"], "link", "match", "--threshold", str(threshold), "--all", *files],
                           capture_output=True, text=True, timeout=300)
    assert every.returncode == 0, every.stderr
    assert json.loads(every.stdout)["matches"] == expected["candidates"]
    greedy = subprocess.run([os.environ["CAUSEWAY_BINARY"], "link", "match", "--threshold", str(threshold), *files],
                            capture_output=True, text=True, timeout=300)
    ours = json.loads(greedy.stdout)
    assert sorted([i, j] for i, j, _ in ours["matches"]) == expected["matches"]
    assert ours["comparisons"] <= (len(first) - 1) * (len(second) - 1)
    # Against the truth (the ignored id column): at 0.8 most of the 200 shared people are found, few wrongly.
    truth = {(i, j) for i, a in enumerate(first[1:]) for j, b in enumerate(second[1:]) if a[0] == b[0]}
    found = {(i, j) for i, j, _ in ours["matches"]}
    if threshold == 0.8:
        assert len(found & truth) >= 150 and len(found - truth) <= 10, (len(found & truth), len(found - truth))
