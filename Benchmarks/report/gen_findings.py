#!/usr/bin/env python3
"""Writes an inventory CSV that gives about FINDINGS findings of two kinds inside the benchmark
plan's pool (10.0.0.0/8, whose first zone is region-0-a): three in five are duplicate-address
(two hosts claim one address), two in five out-of-zone (a host in region-0-a's space that says it
is in region-2-c). Mixed rules exercise the table's filters and the map's marks of each kind."""
import sys

findings = int(sys.argv[1])
print("address,name,role,zone")
for i in range(findings):
    a = "10.%d.%d.%d" % (i // 60000, (i // 250) % 240, 1 + i % 250)
    if i % 5 < 3:
        print("%s,host-%d-a,agent," % (a, i))
        print("%s,host-%d-b,agent," % (a, i))
    else:
        print("%s,host-%d,agent,region-2-c" % (a, i))
