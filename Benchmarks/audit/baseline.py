#!/usr/bin/env python3
"""The audit's per-record checks written plainly with csv and ipaddress: the baseline.

Same checks as `ipaudit audit FILE` on the generated inventory: strict address parsing,
IPv4-mapped normalization, duplicate addresses per routing domain (vip/anycast/vrrp and
host-networked tasks exempt), unroutable addresses (loopback, unspecified, link-local,
multicast, reserved, documentation, IPv4-mapped) and DC/OS public-space defaults.
Prints one line: duplicate=N unroutable=N public=N.
"""
import csv
import ipaddress
import sys

DOCS = [ipaddress.ip_network(p) for p in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")]
DCOS = [ipaddress.ip_network(p) for p in ("9.0.0.0/8", "44.128.0.0/20", "11.0.0.0/8")]
SHARED = {"vip", "anycast", "vrrp"}

holders = {}
unroutable = {}
public = {}
with open(sys.argv[1], newline="") as f:
    for row in csv.DictReader(f):
        text = row["address"]
        addr = ipaddress.ip_address(text)
        mapped = addr.version == 6 and addr.ipv4_mapped is not None
        if mapped:
            unroutable.setdefault(str(addr), []).append(row["name"])
            addr = addr.ipv4_mapped
        elif (addr.is_loopback or addr.is_unspecified or addr.is_link_local or addr.is_multicast
              or addr.is_reserved or any(addr in d for d in DOCS)):
            unroutable.setdefault(str(addr), []).append(row["name"])
        elif any(addr in d for d in DCOS):
            public.setdefault(str(addr), []).append(row["name"])
        if row["role"] in SHARED:
            continue
        if row["role"] == "app" and row["host"] == str(addr):
            continue
        key = (row["network"], addr)
        holders.setdefault(key, set()).add(row["name"])

duplicates = sum(1 for names in holders.values() if len(names) > 1)
print(f"duplicate={duplicates} unroutable={len(unroutable)} public={len(public)}")
