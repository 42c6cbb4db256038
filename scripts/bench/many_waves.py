#!/usr/bin/env python3
"""Write a seeded CSV of ROWS responses spread evenly over WAVES waves (daily
ISO dates from 2000-01-01), for the per-wave work of a report (BENCHMARKS.md):

    python3 scripts/bench/many_waves.py 10000 200000 /tmp/waves.csv
    /usr/bin/time -v rapport report /tmp/waves.csv --format json -o /tmp/waves.json

Default instrument, both sides (30% IT), 4 departments; each respondent
answers every wave.
"""
import datetime
import random
import sys

waves, n, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
random.seed(5)
items = [f"{d}_{i}" for d in ["trust", "communication", "alignment", "openness"] for i in range(1, 5)]
cadence = ["weekly", "monthly", "quarterly", "rarely"]
start = datetime.date(2000, 1, 1)
labels = [(start + datetime.timedelta(days=w)).isoformat() for w in range(waves)]
per_wave = -(-n // waves)
with open(path, "w") as out:
    out.write("respondent,side,wave,department," + ",".join(items) + ",overall_rating,mirror_rating,meeting_cadence\n")
    for r in range(n):
        w, k = divmod(r, per_wave)
        side = "it" if k % 10 < 3 else "business"
        row = [f"r{k}", side, labels[w], f"D{k % 4}"]
        row += [str(random.randint(1, 5)) for _ in items]
        row += [str(random.randint(0, 10)), str(random.randint(0, 10)), random.choice(cadence)]
        out.write(",".join(row) + "\n")
