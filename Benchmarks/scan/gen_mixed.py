#!/usr/bin/env python3
"""Seeded generator of a realistic mixed cluster capture for the scan benchmark.

    gen_mixed.py OUT.pcap PACKETS [--seed S] [--distinct N] [--snaplen 256]

Mix (by packet): ~72 % IPv4 TCP/UDP between hosts and through two routers (1/5 of it tagged
VLAN 20, some QinQ), ~12 % IPv6, ~9 % ARP (requests, replies, gratuitous, probes, with a few
real conflicts), ~5 % NDP NS/NA, the rest LLDP/other. Frame lengths 60-1514 bytes, cut at the
snaplen like a 256-byte capture. `--distinct N` makes ARP senders cycle through N distinct
addresses (state-size test). Frames are built once as templates and patched per packet.
"""
import argparse
import os
import random
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "pcap"))
from pcapgen import (ETH_ARP, ETH_IPV4, ETH_IPV6, TPID_8021AD, TPID_8021Q, arp, ethernet, icmpv6,  # noqa: E402
                     ipv6, mac, na_frame, ns_frame, tcp4, udp4)

T0 = 1_700_000_000


def host_mac(i):
    return "02:00:%02x:%02x:%02x:%02x" % ((i >> 24) & 0xFF, (i >> 16) & 0xFF, (i >> 8) & 0xFF, i & 0xFF)


def host_ip(i):
    return "10.%d.%d.%d" % ((i >> 16) & 0xFF, (i >> 8) & 0xFF, (i & 0xFF) or 1)


def templates(rng, hosts):
    """(weight, frame) list; frames are padded to a chosen on-wire length later."""
    out = []
    routers = ["02:00:00:00:ff:01", "02:00:00:00:ff:02"]
    for _ in range(600):
        a, b = rng.randrange(hosts), rng.randrange(hosts)
        vl = [(TPID_8021Q, 20)] if rng.random() < 0.2 else ([(TPID_8021AD, 100), (TPID_8021Q, 30)] if rng.random() < 0.03 else [])
        if rng.random() < 0.7:
            pkt = tcp4(host_ip(a), host_ip(b), rng.randrange(1024, 65535), rng.choice([443, 80, 2181, 5050, 8080]))
            out.append((72, ethernet(host_mac(b), host_mac(a), ETH_IPV4, pkt, vl)))
        else:
            src = "%d.%d.%d.%d" % (rng.choice([8, 52, 93, 151]), rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))
            pkt = udp4(src, host_ip(b), 53, rng.randrange(1024, 65535))
            out.append((72, ethernet(host_mac(b), rng.choice(routers), ETH_IPV4, pkt, vl)))
    for _ in range(200):
        a, b = rng.randrange(hosts), rng.randrange(hosts)
        pkt = ipv6("fd00::%x" % a, "fd00::%x" % b, 59, b"")
        out.append((12, ethernet(host_mac(b), host_mac(a), ETH_IPV6, pkt)))
    for _ in range(1500):
        a = rng.randrange(hosts)
        vl = [(TPID_8021Q, 20)] if rng.random() < 0.2 else []
        kind = rng.random()
        if kind < 0.6:
            body = arp(1, host_mac(a), host_ip(a), "00:00:00:00:00:00", host_ip(rng.randrange(hosts)))
        elif kind < 0.9:
            body = arp(2, host_mac(a), host_ip(a), host_mac(0), host_ip(0))
        elif kind < 0.97:
            body = arp(1, host_mac(a), host_ip(a), "00:00:00:00:00:00", host_ip(a))
        else:
            body = arp(1, host_mac(a), "0.0.0.0", "00:00:00:00:00:00", host_ip(rng.randrange(hosts)))
        out.append((9, ethernet("ff:ff:ff:ff:ff:ff", host_mac(a), ETH_ARP, body, vl)))
    for c in range(6):   # six real conflicts: the owner and a second MAC both answer for a host's address
        for claimer in (host_mac(c + 1), "02:99:00:00:00:%02x" % c):
            body = arp(2, claimer, host_ip(c + 1), host_mac(0), host_ip(0))
            out.extend([(9, ethernet(host_mac(0), claimer, ETH_ARP, body))] * 10)
    for _ in range(100):
        a = rng.randrange(hosts)
        if rng.random() < 0.5:
            out.append((5, ns_frame(host_mac(a), "fd00::%x" % a, "fd00::%x" % rng.randrange(hosts))))
        else:
            out.append((5, na_frame(host_mac(a), "fd00::%x" % a)))
    out.append((2, ethernet("01:80:c2:00:00:0e", routers[0], 0x88CC, b"\x02\x07\x04" + mac(routers[0]) + b"\0\0")))
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("packets", type=int)
    p.add_argument("--seed", type=int, default=5)
    p.add_argument("--distinct", type=int, default=0)
    p.add_argument("--snaplen", type=int, default=256)
    p.add_argument("--hosts", type=int, default=2000)
    args = p.parse_args()
    rng = random.Random(args.seed)

    pool = templates(rng, args.hosts)
    # per-kind template lists, drawn by weight
    kinds = {}
    for w, f in pool:
        kinds.setdefault(w, []).append(f)
    weights = sorted(kinds)
    cumulative, total = [], 0
    for w in weights:
        total += w * 1.0
        cumulative.append(total)
    # pre-draw a long schedule of template indices (cheap to cycle)
    schedule = []
    for _ in range(65536):
        r = rng.random() * total
        k = next(i for i, c in enumerate(cumulative) if r <= c)
        frames = kinds[weights[k]]
        frame = frames[rng.randrange(len(frames))]
        wire = max(len(frame), rng.choice([60, 60, 66, 74, 128, 512, 1514]))
        schedule.append((frame, wire))
    arp_distinct = arp(2, "02:00:00:00:00:00", "10.0.0.0", "02:00:00:00:00:01", "10.255.255.254")
    distinct_frame = ethernet("02:00:00:00:00:01", "02:00:00:00:00:00", ETH_ARP, arp_distinct)

    rec = struct.Struct("<IIII")
    with open(args.out, "wb", buffering=1 << 22) as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, args.snaplen, 1))
        for i in range(args.packets):
            if args.distinct and i % 4 == 0:
                n = (i // 4) % args.distinct
                m = struct.pack("!HI", 0x0200, n + 1)
                ip = struct.pack("!I", 0x0A000000 + n + 1)
                frame = bytearray(distinct_frame)
                frame[6:12] = m
                frame[22:28] = m
                frame[28:32] = ip
                frame, wire = bytes(frame), 60
            else:
                frame, wire = schedule[i & 0xFFFF]
            data = frame[: args.snaplen]
            f.write(rec.pack(T0 + i // 100_000, (i % 100_000) * 10, len(data), wire))
            f.write(data)


if __name__ == "__main__":
    main()
