#!/usr/bin/env python3
"""Baseline: Python's ipaddress.collapse_addresses over a file of prefixes (one a line)."""
import ipaddress
import sys

nets = []
with open(sys.argv[1]) as f:
    for line in f:
        line = line.strip()
        if line and not line.startswith("#"):
            nets.append(ipaddress.ip_network(line))
out = [str(n) for n in ipaddress.collapse_addresses(nets)]
sys.stdout.write("\n".join(out) + "\n")
