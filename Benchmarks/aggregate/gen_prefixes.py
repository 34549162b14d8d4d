#!/usr/bin/env python3
"""Seeded generator of random prefixes with overlaps and adjacency, for the aggregate benchmark.

usage: gen_prefixes.py FAMILY COUNT SEED > file   (FAMILY is 4 or 6)
About a third of the prefixes are clustered in a small region so that nesting,
overlap and adjacent siblings give aggregation real work; bare addresses appear too.
"""
import random
import sys


def main():
    family, count, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    out = []
    if family == 4:
        for _ in range(count):
            r = rng.random()
            if r < 0.35:
                length = rng.randint(20, 32)
                addr = 0x0A000000 | rng.getrandbits(20)
            elif r < 0.5:
                length = 32
                addr = 0xC0A80000 | rng.getrandbits(16)
            else:
                length = rng.randint(18, 32)
                addr = rng.getrandbits(32)
            addr &= (0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF
            text = "%d.%d.%d.%d" % (addr >> 24, (addr >> 16) & 255, (addr >> 8) & 255, addr & 255)
            out.append(text if length == 32 and rng.random() < 0.5 else "%s/%d" % (text, length))
    else:
        for _ in range(count):
            r = rng.random()
            if r < 0.35:
                length = rng.randint(100, 128)
                addr = (0x20010DB8 << 96) | rng.getrandbits(28)
            elif r < 0.5:
                length = rng.choice([48, 56, 64])
                addr = (0xFD00 << 112) | (rng.getrandbits(24) << 80)
            else:
                length = rng.randint(32, 128)
                addr = (0x2 << 124) | rng.getrandbits(124)
            addr &= ((1 << 128) - 1) ^ ((1 << (128 - length)) - 1)
            groups = ["%x" % ((addr >> (112 - 16 * i)) & 0xFFFF) for i in range(8)]
            out.append("%s/%d" % (":".join(groups), length))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
