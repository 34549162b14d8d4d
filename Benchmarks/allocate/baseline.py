#!/usr/bin/env python3
"""Baseline for the allocate benchmark: the same carving with Python's ipaddress (plain
sequential subnets, no free-space algebra, no checks) and a plain SQLite insert of the same
rows in one transaction. Prints the number of rows written."""
import ipaddress, sqlite3, sys

regions, zones, racks, agents, db = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
v4 = ipaddress.ip_network("10.0.0.0/8")
v6 = ipaddress.ip_network("fd00:be0c::/48")
overlay = ipaddress.ip_network("9.0.0.0/8").subnets(new_prefix=24)

def slot_bits(count, family):
    bits = 0
    while (1 << bits) < count + 1:
        bits += 1
    bits = max(4, bits)
    return (bits + 3) // 4 * 4 if family == 6 else bits

rows = []
total_racks = regions * zones * racks
per_rack, extra = divmod(agents, total_racks)
n = 0
r4s = v4.subnets(new_prefix=v4.prefixlen + slot_bits(regions, 4))
r6s = v6.subnets(new_prefix=v6.prefixlen + slot_bits(regions, 6))
for r in range(regions):
    rn = f"region-{r}"
    r4, r6 = next(r4s), next(r6s)
    rows += [(rn, "region", 4, str(r4), rn, None, None), (rn, "region", 6, str(r6), rn, None, None)]
    z4s = r4.subnets(new_prefix=r4.prefixlen + slot_bits(zones, 4))
    z6s = r6.subnets(new_prefix=r6.prefixlen + slot_bits(zones, 6))
    for z in range(zones):
        zn = f"{rn}-{chr(97 + z)}"
        z4, z6 = next(z4s), next(z6s)
        rows += [(f"{rn}/{zn}", "zone", 4, str(z4), rn, zn, None), (f"{rn}/{zn}", "zone", 6, str(z6), rn, zn, None)]
        k4s = z4.subnets(new_prefix=z4.prefixlen + slot_bits(racks, 4))
        k6s = z6.subnets(new_prefix=z6.prefixlen + slot_bits(racks, 6))
        for k in range(racks):
            kn = f"rack-{k}"
            path = f"{rn}/{zn}/{kn}"
            rows += [(path, "rack", 4, str(next(k4s)), rn, zn, kn), (path, "rack", 6, str(next(k6s)), rn, zn, kn)]
            count = per_rack + (1 if n < extra else 0)
            n += 1
            for a in range(count):
                rows.append((f"{path}/dcos/agent-{a + 1}", "agent", 4, str(next(overlay)), rn, zn, kn))

con = sqlite3.connect(db)
con.execute("PRAGMA journal_mode = WAL")
con.execute("""CREATE TABLE allocation (id INTEGER PRIMARY KEY, path TEXT NOT NULL, kind TEXT NOT NULL,
               family INTEGER NOT NULL, prefix TEXT NOT NULL, region TEXT NOT NULL, zone TEXT, rack TEXT,
               UNIQUE (path, family), UNIQUE (family, prefix))""")
with con:
    con.executemany("INSERT INTO allocation (path, kind, family, prefix, region, zone, rack) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
con.close()
print(len(rows))
