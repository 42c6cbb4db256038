#!/usr/bin/env python3
"""Write the deterministic reference input data set tests/data/reference.csv.

The file is rapport's wide CSV: one row per (respondent, wave). Answers come
from a latent factor per respondent and dimension, so items of a dimension
correlate; reverse-keyed items are written as 6 - (a positively keyed answer).
Rerunning this script must reproduce the file byte for byte (fixed seed, one
generator, fixed draw order, explicit '\n' line endings).

Usage (from the repository root): python scripts/reference/make_dataset.py
"""

from pathlib import Path

import numpy as np

SEED = 20260108
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "data" / "reference.csv"

WAVES = ["2026-01", "2026-02", "2026-03"]
DIMENSIONS = ["trust", "communication", "alignment", "openness"]
ITEMS = [f"{d}_{i}" for d in DIMENSIONS for i in range(1, 5)]
REVERSE = {"trust_3", "communication_4", "alignment_2", "openness_3"}
CADENCE = ["weekly", "monthly", "quarterly", "rarely", "never"]
HEADER = (["respondent", "side", "wave", "department", "role"] + ITEMS
          + ["overall_rating", "mirror_rating", "meeting_cadence"])

POOL = 150              # respondents who may answer any wave
P_IT = 0.45             # share of the pool on the IT side
P_TAKE = 0.75           # chance a respondent answers a given wave
IT_DEPTS = (["IT-Infra", "IT-Apps"], [0.5, 0.5])
# Legal is deliberately tiny so its (wave, side, department) cells have n < 5.
BUS_DEPTS = (["Finance", "Sales", "Operations", "HR", "Legal"], [0.28, 0.28, 0.28, 0.12, 0.04])
SIDE_SHIFT = {"it": 0.45, "business": -0.15}     # IT rates higher on average
DIM_SHIFT = {"trust": 0.10, "communication": -0.10, "alignment": -0.25, "openness": 0.05}
WAVE_SHIFT = {"business": [0.0, 0.10, 0.20], "it": [0.0, 0.0, 0.05]}
CADENCE_P = {"it": [0.30, 0.35, 0.20, 0.10, 0.05], "business": [0.15, 0.35, 0.25, 0.17, 0.08]}
P_EMPTY, P_NA = 0.035, 0.025  # per agreement cell; with P_SPARSE about 5% and 4% overall
P_SPARSE = 0.05              # per respondent-wave-dimension: 3 of 4 items blanked
P_OUTCOME_EMPTY = 0.03


def main() -> None:
    rng = np.random.default_rng(SEED)

    # Fixed respondent attributes and a persistent personal effect per dimension.
    pool = []
    for i in range(POOL):
        side = "it" if rng.random() < P_IT else "business"
        names, probs = IT_DEPTS if side == "it" else BUS_DEPTS
        dept = names[int(rng.choice(len(names), p=probs))]
        role = "manager" if rng.random() < 0.25 else "staff"
        person = {d: float(rng.normal(0.0, 0.75)) for d in DIMENSIONS}
        item_bias = {it: float(rng.normal(0.0, 0.15)) for it in ITEMS}
        pool.append((f"r{i + 1:04d}", side, dept, role, person, item_bias))

    lines = [",".join(HEADER)]
    for w, wave in enumerate(WAVES):
        for rid, side, dept, role, person, item_bias in pool:
            if rng.random() >= P_TAKE:
                continue
            row = [rid, side, wave, dept, role]
            latents = []
            for d in DIMENSIONS:
                latent = (SIDE_SHIFT[side] + DIM_SHIFT[d] + WAVE_SHIFT[side][w]
                          + person[d] + float(rng.normal(0.0, 0.35)))
                latents.append(latent)
                cells = []
                for i in range(1, 5):
                    item = f"{d}_{i}"
                    pos = int(np.clip(np.rint(3.0 + latent + item_bias[item]
                                              + rng.normal(0.0, 0.85)), 1, 5))
                    value = 6 - pos if item in REVERSE else pos
                    u = rng.random()
                    cells.append("" if u < P_EMPTY else "N/A" if u < P_EMPTY + P_NA else str(value))
                if rng.random() < P_SPARSE:
                    for j in rng.choice(4, size=3, replace=False):
                        cells[int(j)] = "" if rng.random() < 0.5 else "N/A"
                row += cells
            level = float(np.mean(latents))
            overall = int(np.clip(np.rint(5.5 + 1.6 * level + rng.normal(0.0, 1.2)), 0, 10))
            mirror = int(np.clip(np.rint(5.0 + 1.2 * level + rng.normal(0.0, 1.5)), 0, 10))
            cadence = CADENCE[int(rng.choice(5, p=CADENCE_P[side]))]
            row.append("" if rng.random() < P_OUTCOME_EMPTY else str(overall))
            row.append("" if rng.random() < P_OUTCOME_EMPTY else str(mirror))
            row.append("" if rng.random() < P_OUTCOME_EMPTY else cadence)
            assert len(row) == len(HEADER) and not any("," in c for c in row)
            lines.append(",".join(row))

    # Guard the shape the tests rely on, so a change of seed fails loudly.
    rows = [ln.split(",") for ln in lines[1:]]
    for wave in WAVES:
        for side in ("it", "business"):
            n = sum(1 for r in rows if r[2] == wave and r[1] == side)
            assert 40 <= n <= 70, (wave, side, n)
        legal = sum(1 for r in rows if r[2] == wave and r[3] == "Legal")
        assert 1 <= legal < 5, (wave, legal)
        ids = [r[0] for r in rows if r[2] == wave]
        assert len(ids) == len(set(ids))

    OUT.parent.mkdir(parents=True, exist_ok=True)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    OUT.write_bytes(data)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rows)} rows, {len(data)} bytes")


if __name__ == "__main__":
    main()
