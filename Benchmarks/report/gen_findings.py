#!/usr/bin/env python3
"""Writes an inventory CSV with PAIRS addresses each claimed by two hosts: PAIRS
duplicate-address findings, inside the benchmark plan's pool (10.0.0.0/8). No zones are
given, so no other rule adds findings."""
import sys

pairs = int(sys.argv[1])
print("address,name,role")
for i in range(pairs):
    a = "10.%d.%d.%d" % (i // 60000, (i // 250) % 240, 1 + i % 250)
    print("%s,host-%d-a,agent" % (a, i))
    print("%s,host-%d-b,agent" % (a, i))
