#!/usr/bin/env python3
"""Differential test of ipaudit's CIDR core against Python's ipaddress module.

Generates seeded random cases for each operation (canonical address and prefix text,
aggregate, subtract, intersect, range -> CIDRs, contains), sends them to `ipaudit oracle`
in one batch, and compares every answer with what ipaddress computes. Prints
"N passed, M failed" and exits 1 on any difference.

Known, deliberate policy differences are not skipped: they are generated as their own
cases and asserted to differ in the documented way (see POLICY below).
"""
import ipaddress
import random
import subprocess
import sys

CASES_PER_OP = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
SEED = 20261125


def rand_v4(rng):
    # Bias towards edges and small spaces so overlaps and adjacency happen.
    r = rng.random()
    if r < 0.1:
        return rng.choice([0, 1, 0xFFFFFFFF, 0xFFFFFFFE, 0x7FFFFFFF, 0x80000000])
    if r < 0.6:
        return 0x0A000000 | rng.getrandbits(12)
    return rng.getrandbits(32)


def rand_v6(rng):
    r = rng.random()
    if r < 0.1:
        return rng.choice([0, 1, (1 << 128) - 1, (1 << 128) - 2, 0xFFFF << 32, (0xFFFF << 32) | rng.getrandbits(32)])
    if r < 0.3:
        # sparse groups: many zero runs exercise '::' placement
        v = 0
        for _ in range(8):
            v = (v << 16) | (rng.choice([0, 0, 0, 1, 0xFFFF, rng.getrandbits(16)]))
        return v
    if r < 0.6:
        return (0x20010DB8 << 96) | rng.getrandbits(12)
    return rng.getrandbits(128)


def v6_text_variants(rng, value):
    """Several valid RFC 4291 spellings of one IPv6 address."""
    groups = [(value >> (112 - 16 * i)) & 0xFFFF for i in range(8)]
    full = ":".join("%04x" % g for g in groups)
    short = ":".join("%x" % g for g in groups)
    upper = short.upper()
    compressed = ipaddress.IPv6Address(value).compressed
    variants = [full, short, upper, compressed]
    if value >> 32 == 0xFFFF:
        v4 = ipaddress.IPv4Address(value & 0xFFFFFFFF)
        variants.append("::ffff:%s" % v4)
        variants.append("0:0:0:0:0:ffff:%s" % v4)
    return rng.choice(variants)


def mutate(rng, text):
    """A possibly-invalid neighbour of a valid address text."""
    ops = [
        lambda t: t + rng.choice([".1", ":", "::", "%", " ", "/", "x"]),
        lambda t: rng.choice(["0", "+", "-", " ", ":", "."]) + t,
        lambda t: t.replace(".", "..", 1),
        lambda t: t.replace(":", ":::", 1),
        lambda t: t[:-1] if len(t) > 1 else "",
        lambda t: t.replace("1", "01", 1),
        lambda t: t.replace("f", "g", 1),
        lambda t: t + ":1:2:3:4:5:6:7:8",
        lambda t: t.replace(".", ":", 1),
    ]
    return rng.choice(ops)(text)


def py_addr(text):
    """ipaddress's verdict, with the documented policy applied."""
    if "%" in text:
        return "error"  # POLICY: zones are refused where an address is expected (ipaddress keeps them)
    if text != text.strip():
        return "error"
    try:
        a = ipaddress.ip_address(text)
    except ValueError:
        return "error"
    if isinstance(a, ipaddress.IPv6Address) and a.ipv4_mapped is not None:
        # POLICY: RFC 5952 section 5 dotted form; Python 3.11 prints hex groups, 3.13 dotted.
        return "::ffff:%s" % a.ipv4_mapped
    return str(a)


def py_prefix(text):
    if "%" in text or text != text.strip():
        return "error"
    if "/" in text:
        length = text.split("/", 1)[1]
        # POLICY: decimal prefix lengths only, no leading zero, no netmask or hostmask forms.
        if not length.isdigit() or not length.isascii() or (len(length) > 1 and length[0] == "0"):
            return "error"
    else:
        return "error"  # a prefix needs its length in strict form
    try:
        n = ipaddress.ip_network(text, strict=True)
    except ValueError:
        return "error"
    if isinstance(n, ipaddress.IPv6Network) and n.network_address.ipv4_mapped is not None and n.prefixlen >= 96:
        return "::ffff:%s/%d" % (n.network_address.ipv4_mapped, n.prefixlen)
    return str(n)


def fmt_net(n):
    if isinstance(n, ipaddress.IPv6Network) and n.network_address.ipv4_mapped is not None and n.prefixlen >= 96:
        return "::ffff:%s/%d" % (n.network_address.ipv4_mapped, n.prefixlen)
    return str(n)


def fmt_list(nets):
    v4 = sorted((n for n in nets if n.version == 4), key=lambda n: (n.network_address, n.prefixlen))
    v6 = sorted((n for n in nets if n.version == 6), key=lambda n: (n.network_address, n.prefixlen))
    return " ".join(fmt_net(n) for n in v4 + v6)


def collapse(nets):
    v4 = [n for n in nets if n.version == 4]
    v6 = [n for n in nets if n.version == 6]
    return list(ipaddress.collapse_addresses(v4)) + list(ipaddress.collapse_addresses(v6))


def rand_net(rng, fam=None):
    fam = fam or rng.choice([4, 4, 6])
    if fam == 4:
        length = rng.choice([rng.randint(0, 32), rng.randint(20, 32), rng.randint(24, 32)])
        return ipaddress.ip_network((rand_v4(rng), length), strict=False)
    length = rng.choice([rng.randint(0, 128), rng.randint(100, 128), rng.randint(112, 128)])
    return ipaddress.ip_network((rand_v6(rng), length), strict=False)


def subtract(a_nets, b_nets):
    """Reference A - B with address_exclude over collapsed lists (slow but simple)."""
    result = collapse(a_nets)
    for b in collapse(b_nets):
        nxt = []
        for a in result:
            if a.version != b.version or not a.overlaps(b):
                nxt.append(a)
            elif b.supernet_of(a):
                continue
            else:
                nxt.extend(a.address_exclude(b))
        result = nxt
    return collapse(result)


def intersect(a_nets, b_nets):
    out = []
    for a in collapse(a_nets):
        for b in collapse(b_nets):
            if a.version == b.version and a.overlaps(b):
                out.append(a if b.supernet_of(a) else b)
    return collapse(out)


def build_cases(rng, n):
    cases = []
    for _ in range(n):  # canonical address text, valid and mutated
        if rng.random() < 0.5:
            text = str(ipaddress.IPv4Address(rand_v4(rng)))
        else:
            text = v6_text_variants(rng, rand_v6(rng))
        if rng.random() < 0.3:
            text = mutate(rng, text)
        cases.append((("addr", text), py_addr(text)))
    for _ in range(n):  # canonical prefix text, strict
        net = rand_net(rng)
        addr = net.network_address if rng.random() < 0.8 else net.network_address + rng.randint(0, net.num_addresses - 1)
        if net.version == 6:
            text = "%s/%d" % (v6_text_variants(rng, int(addr)), net.prefixlen)
        else:
            text = "%s/%d" % (addr, net.prefixlen)
        if rng.random() < 0.2:
            text = mutate(rng, text)
        cases.append((("prefix", text), py_prefix(text)))
    for _ in range(n):  # aggregate
        nets = [rand_net(rng) for _ in range(rng.randint(1, 12))]
        cases.append((("agg", " ".join(map(str, nets))), fmt_list(collapse(nets))))
    for _ in range(n):  # subtract
        fam = rng.choice([4, 6])
        a = [rand_net(rng, fam) for _ in range(rng.randint(1, 3))]
        b = [rand_net(rng, fam) for _ in range(rng.randint(1, 4))]
        cases.append((("sub", " ".join(map(str, a)), " ".join(map(str, b))), fmt_list(subtract(a, b))))
    for _ in range(n // 4):  # intersect
        fam = rng.choice([4, 6])
        a = [rand_net(rng, fam) for _ in range(rng.randint(1, 3))]
        b = [rand_net(rng, fam) for _ in range(rng.randint(1, 3))]
        cases.append((("and", " ".join(map(str, a)), " ".join(map(str, b))), fmt_list(intersect(a, b))))
    for _ in range(n):  # range -> CIDRs
        if rng.random() < 0.5:
            x, y = sorted((rand_v4(rng), rand_v4(rng)))
            fa, la = ipaddress.IPv4Address(x), ipaddress.IPv4Address(y)
        else:
            x, y = sorted((rand_v6(rng), rand_v6(rng)))
            fa, la = ipaddress.IPv6Address(x), ipaddress.IPv6Address(y)
        expected = " ".join(fmt_net(p) for p in ipaddress.summarize_address_range(fa, la))
        cases.append((("range", str(fa), str(la)), expected))
    for _ in range(n):  # contains
        net = rand_net(rng)
        if rng.random() < 0.5:
            addr = net.network_address + rng.randint(0, net.num_addresses - 1)
        else:
            addr = ipaddress.ip_address(rand_v4(rng) if net.version == 4 else rand_v6(rng))
        cases.append((("contains", str(net), str(addr)), "true" if addr in net else "false"))
    return cases


def main():
    binary = sys.argv[1]
    rng = random.Random(SEED)
    cases = build_cases(rng, CASES_PER_OP)
    payload = "".join("\t".join(c) + "\n" for c, _ in cases)
    proc = subprocess.run([binary, "oracle"], input=payload.encode(), capture_output=True, check=False)
    if proc.returncode != 0:
        print("ipaudit oracle failed:", proc.stderr.decode(), file=sys.stderr)
        print("0 passed, %d failed" % len(cases))
        return 1
    answers = proc.stdout.decode().split("\n")
    passed = failed = 0
    per_op = {}
    for (case, expected), got in zip(cases, answers):
        op = case[0]
        ok = got == expected
        per_op.setdefault(op, [0, 0])[0 if ok else 1] += 1
        if ok:
            passed += 1
        else:
            failed += 1
            if failed <= 20:
                print("MISMATCH %r: ipaudit=%r python=%r" % (case, got, expected), file=sys.stderr)
    if len(answers) - 1 != len(cases):
        print("answer count %d != case count %d" % (len(answers) - 1, len(cases)), file=sys.stderr)
        failed += 1
    for op, (p, f) in sorted(per_op.items()):
        print("  %-9s %6d cases, %d differ" % (op, p + f, f))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
