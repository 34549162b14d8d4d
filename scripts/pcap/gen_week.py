#!/usr/bin/env python3
"""Writes DAYS of churning cluster traffic for the `scan --watch` bounded-memory test:

    python3 scripts/pcap/gen_week.py DAYS OUT.pcap

Every 5 minutes a burst: 10 new hosts appear (each claims its address by ARP every 15 minutes
for 2 hours, then leaves for good), every 10th address is claimed by a second MAC as well
(a duplicate that opens and, once both leave, ages out), and one fresh MAC sends from a
reserved address (240/4). Over a week: 20,160 addresses, 2,016 duplicates, 2,016 sources,
while about 240 hosts are alive at any time. Seeded by construction (no randomness).
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import ETH_IPV4, arp_frame, ethernet, udp4  # noqa: E402

T0 = 1_700_000_000
ROUTER = "02:00:00:00:00:fe"
BURST = 300
NEW_PER_BURST = 10
LIFETIME = 24          # bursts (2 h)
EVERY = 3              # a claim every 3rd burst (15 min)


def mac(prefix, n):
    return "%s:%02x:%02x:%02x" % (prefix, (n >> 16) & 255, (n >> 8) & 255, n & 255)


def address(n):
    return "10.%d.%d.%d" % ((n >> 16) & 255, (n >> 8) & 255, n & 255)


def main(days, path):
    bursts = int(days * 86400 // BURST)
    frames = 0
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))

        def add(t, frame):
            nonlocal frames
            frames += 1
            seconds = int(t)
            f.write(struct.pack("<IIII", seconds, int(round((t - seconds) * 1e6)), len(frame), len(frame)))
            f.write(frame)

        for b in range(bursts):
            t = T0 + b * BURST
            i = 0
            # Hosts born in the last LIFETIME bursts whose age is a multiple of EVERY claim now.
            for born in range(max(0, b - LIFETIME + 1), b + 1):
                if (b - born) % EVERY:
                    continue
                for k in range(born * NEW_PER_BURST, (born + 1) * NEW_PER_BURST):
                    add(t + i * 0.001, arp_frame(2, mac("02:00:00", k), address(k), ROUTER, "10.255.255.254"))
                    i += 1
                    if k % 10 == 0:
                        add(t + i * 0.001, arp_frame(2, mac("02:00:01", k), address(k), ROUTER, "10.255.255.254"))
                        i += 1
            add(t + 0.9, ethernet(ROUTER, mac("02:00:02", b), ETH_IPV4, udp4("240.0.%d.%d" % (b >> 8 & 255, b & 255), "10.255.255.254", 9, 9, b"x" * 8)))
    print(frames)


if __name__ == "__main__":
    main(float(sys.argv[1]), sys.argv[2])
