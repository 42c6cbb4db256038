#!/usr/bin/env python3
"""How much the publication plan hides beyond the small groups themselves.

For each data set and each `--by`, runs `rapport report --format json`,
counts every listed group's respondents from the CSV itself, and prints,
summed over every wave: the groups a report lists (the total left out),
those hidden because small (fewer than 5), those hidden to protect them
(complementary), and the respondents in complementary groups as a share of
the respondents of every listed group (a respondent counts once per level). Data sets: the bundled sample, and seeded random
organisations of 30–300 respondents (2–12 departments, sizes skewed, 1–3
roles, both sides, one wave).

    python3 scripts/bench/over_suppression.py [path/to/rapport] [organisations]
"""
import json
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RAPPORT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "release", "rapport")
ORGS = int(sys.argv[2]) if len(sys.argv) > 2 else 40
BYS = ["department", "department,role", "side,department", "side,department,role"]
ITEMS = ["trust_1", "trust_2", "trust_3", "trust_4"]


def run(*args):
    out = subprocess.run([RAPPORT, *args, "--format", "json", "-q"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def organisation(seed, path):
    rng = random.Random(seed)
    n = rng.randint(30, 300)
    departments = [f"D{i}" for i in range(rng.randint(2, 12))]
    weights = [1 / (i + 1) ** rng.uniform(0.5, 1.5) for i in range(len(departments))]
    roles = ["staff", "manager", "lead"][: rng.randint(1, 3)]
    with open(path, "w") as f:
        f.write("respondent,side,wave,department,role," + ",".join(ITEMS) + "\n")
        for r in range(n):
            side = "it" if rng.random() < 0.3 else "business"
            d = rng.choices(departments, weights)[0]
            role = rng.choice(roles)
            answers = ",".join(str(rng.randint(1, 5)) for _ in ITEMS)
            f.write(f"r{r},{side},2026-01,{d},{role},{answers}\n")
    return n


def counts(path):
    """Respondents per (wave, field, value) combination, counted from the CSV."""
    import csv
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def measure(path, by, totals, minimum=5):
    rows = counts(path)
    report = run("report", path, "--by", by)
    for w in report["waves"]:
        wave_rows = [r for r in rows if r["wave"] == w["wave"]]
        for g in w["groups"]:
            if g["level"] == "total":
                continue
            n = sum(1 for r in wave_rows if all(r.get(k, "") == (v or "") for k, v in g["key"].items()))
            totals["groups"] += 1
            totals["respondents"] += n
            if g["status"] == "shown":
                continue
            if n < minimum:
                totals["small"] += 1
            else:
                totals["complementary"] += 1
                totals["complementary_respondents"] += n


def line(name, by, t):
    share = 100 * t["complementary_respondents"] / max(t["respondents"], 1)
    print(f"| {name} | `{by}` | {t['groups']} | {t['small']} | {t['complementary']} | {share:.1f}% |")


def main():
    print("| data | --by | groups listed | hidden: small | hidden: complementary | respondents in complementary groups |")
    print("|---|---|---:|---:|---:|---:|")
    blank = {"groups": 0, "small": 0, "complementary": 0, "respondents": 0, "complementary_respondents": 0, }
    sample = os.path.join(ROOT, "examples", "data", "responses.csv")
    for by in BYS:
        t = dict(blank)
        measure(sample, by, t)
        line("bundled sample (8 waves)", by, t)
    with tempfile.TemporaryDirectory() as d:
        paths = []
        for seed in range(ORGS):
            p = os.path.join(d, f"org{seed}.csv")
            organisation(seed, p)
            paths.append(p)
        for by in BYS:
            t = dict(blank)
            for p in paths:
                measure(p, by, t)
            line(f"{ORGS} random organisations, 30–300 respondents", by, t)


if __name__ == "__main__":
    main()
