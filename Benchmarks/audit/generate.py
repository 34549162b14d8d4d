#!/usr/bin/env python3
"""Writes a generated DC/OS-like inventory CSV for the audit benchmark.

usage: generate.py OUT.csv [RECORDS] [DUPLICATES] [UNROUTABLE]

Every record gets a unique address except the planted ones: DUPLICATES records reuse an
earlier record's address (same network, another name) and UNROUTABLE records sit in
loopback, link-local, multicast, documentation or IPv4-mapped space. 20 % are agents on the
underlay (10.0.0.0/8), 80 % tasks on the overlay network "dcos" (10.128.0.0/9 range).
"""
import random
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
dups = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000
bad = int(sys.argv[4]) if len(sys.argv) > 4 else 500
rng = random.Random(42)
zones = ["dc1-a", "dc1-b", "dc1-c"]
unroutable = ["127.0.{}.{}", "169.254.{}.{}", "224.1.{}.{}", "192.0.2.{1}", "::ffff:127.0.{}.{}"]


def v4(i):
    return f"{i >> 24 & 255}.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}"


plain = n - dups - bad
planted_dup = set(rng.sample(range(1, plain), dups))
with open(out, "w", buffering=1 << 20) as f:
    f.write("address,name,role,region,zone,rack,network,host\n")
    written = []
    for i in range(plain):
        zone = zones[i % 3]
        rack = f"rack-{i % 3}-{(i // 3) % 20}"
        if i % 5 == 0:
            addr = v4((10 << 24) + 1 + i)
            f.write(f"{addr},agent-{i},agent,dc1,{zone},{rack},,\n")
        else:
            addr = v4((10 << 24) + (128 << 16) + i)
            f.write(f"{addr},task-{i},app,dc1,{zone},{rack},dcos,10.0.0.1\n")
        written.append((addr, i % 5 == 0))
    for k, i in enumerate(sorted(planted_dup)):
        addr, underlay = written[i]
        net = "" if underlay else "dcos"
        f.write(f"{addr},dup-{k},{'agent' if underlay else 'app'},dc1,dc1-a,rack-0-0,{net},\n")
    for k in range(bad):
        addr = unroutable[k % len(unroutable)].format(k // 256 % 256, k % 256 or 1)
        f.write(f"{addr},bad-{k},agent,dc1,dc1-b,rack-1-0,,\n")
