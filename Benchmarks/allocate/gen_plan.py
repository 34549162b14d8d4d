#!/usr/bin/env python3
"""Writes the benchmark plan: REGIONS x ZONES x RACKS, AGENTS agents spread over the racks,
each with a /24 overlay slice from 9.0.0.0/8 (dcos-overlay's default pool)."""
import sys

regions, zones, racks, agents = (int(a) for a in sys.argv[1:5])
total_racks = regions * zones * racks
per_rack, extra = divmod(agents, total_racks)
out = ["cluster: bench", "pools: [10.0.0.0/8, \"fd00:bench::/48\"]".replace("bench", "be0c"),
       "overlay: {name: dcos, pools: [9.0.0.0/8], agent: {ipv4: 24}}", "regions:"]
n = 0
for r in range(regions):
    out.append(f"  - name: region-{r}")
    out.append("    zones:")
    for z in range(zones):
        out.append(f"      - name: region-{r}-{chr(97 + z)}")
        out.append("        racks:")
        for k in range(racks):
            count = per_rack + (1 if n < extra else 0)
            n += 1
            out.append(f"          - {{name: rack-{k}, agents: {count}}}")
print("\n".join(out))
