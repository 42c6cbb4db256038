#!/usr/bin/env python3
"""Write a seeded CSV of responses spread over very many departments, for the
publication plan at scale (BENCHMARKS.md):

    python3 scripts/bench/many_departments.py 1000000 50000 /tmp/many.csv
    /usr/bin/time -v rapport report /tmp/many.csv --format json -o /dev/null

Four waves, both sides (30% IT), 4 roles; half of the rows go to a
department drawn uniformly, half to a Pareto-skewed one, so most departments
have a handful of respondents and a few have many.
"""
import random
import sys

n, departments, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
random.seed(11)
items = [f"{d}_{i}" for d in ["trust", "communication", "alignment", "openness"] for i in range(1, 5)]
cadence = ["weekly", "monthly", "quarterly", "rarely"]
waves = ["2026-01", "2026-02", "2026-03", "2026-04"]
roles = ["staff", "manager", "lead", "exec"]
with open(path, "w") as out:
    out.write("respondent,side,wave,department,role," + ",".join(items) + ",overall_rating,mirror_rating,meeting_cadence\n")
    for r in range(n):
        side = "it" if random.random() < 0.3 else "business"
        if random.random() < 0.5:
            d = int(random.paretovariate(1.2)) % departments
        else:
            d = random.randrange(departments)
        row = [f"r{r}", side, waves[r % 4], f"D{d}", random.choice(roles)]
        row += [str(random.randint(1, 5)) for _ in items]
        row += [str(random.randint(0, 10)), str(random.randint(0, 10)), random.choice(cadence)]
        out.write(",".join(row) + "\n")
