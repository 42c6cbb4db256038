#!/usr/bin/env python3
"""Write a seeded CSV that holds N responses twice over (a file pasted twice):
2N rows, of which the second N are duplicate respondents, for lenient mode
at scale (BENCHMARKS.md):

    python3 scripts/bench/pasted_twice.py 1000000 /tmp/twice.csv
    /usr/bin/time -v rapport report /tmp/twice.csv --lenient --format json -o /tmp/twice.json

Default instrument, 8 monthly waves, both sides (30% IT), 8 departments.
"""
import random
import sys

n, path = int(sys.argv[1]), sys.argv[2]
random.seed(7)
items = [f"{d}_{i}" for d in ["trust", "communication", "alignment", "openness"] for i in range(1, 5)]
cadence = ["weekly", "monthly", "quarterly", "rarely"]
waves = [f"2026-{m:02}" for m in range(1, 9)]
rows = []
for r in range(n):
    side = "it" if random.random() < 0.3 else "business"
    row = [f"r{r // len(waves)}", side, waves[r % len(waves)], f"D{random.randrange(8)}"]
    row += [str(random.randint(1, 5)) for _ in items]
    row += [str(random.randint(0, 10)), str(random.randint(0, 10)), random.choice(cadence)]
    rows.append(",".join(row) + "\n")
with open(path, "w") as out:
    out.write("respondent,side,wave,department," + ",".join(items) + ",overall_rating,mirror_rating,meeting_cadence\n")
    out.writelines(rows)
    out.writelines(rows)
