#!/usr/bin/env python3
"""Seed corpora for the fuzz targets: every frame of the committed captures (prefixed by the
link-type selector byte FuzzDecoder expects), the pcapng files whole, tricky address strings, the
committed inventory, plan and hostile files (prefixed by FuzzInventory's reader byte) and packed
inventory rows in PostgreSQL's binary text[] form (FuzzPackedRow)."""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
INVENTORY = os.path.join(HERE, "..", "fixtures", "inventory")
HOSTILE = os.path.join(HERE, "..", "fixtures", "hostile")


def packed(fields):
    """One-dimensional text[] in binary: ndim, has-null, element oid 25, length, lower bound, elements."""
    out = struct.pack(">iiIii", 1, int(any(f is None for f in fields)), 25, len(fields), 1)
    for f in fields:
        out += struct.pack(">i", -1) if f is None else struct.pack(">i", len(f.encode())) + f.encode()
    return out


def inventory_seeds(out):
    os.makedirs(out, exist_ok=True)
    n = 0
    for folder in (INVENTORY, os.path.join(INVENTORY, "broken"), HOSTILE):
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if not os.path.isfile(path) or os.path.getsize(path) > 4000:
                continue
            data = open(path, "rb").read()
            selector = 0 if name.endswith(".csv") else 2 if "plan" in name else 3 if name.endswith(".leases") else 1
            n += 1
            with open(os.path.join(out, "seed-%03d-%s" % (n, name)), "wb") as f:
                f.write(bytes([selector]) + data)


def packed_seeds(out):
    os.makedirs(out, exist_ok=True)
    rows = [
        ["1", "mesos", "10.0.0.1", None, "false", "agent-1", "agent", "eu", "zone-a", "r1", "02:00:00:00:00:01",
         None, "7", "10.0.0.1", "true", "{}", "mesos.json", "3", "$.slaves[0]"],
        ["2", "netbox", None, "10.0.0.0/24", "true", "prefix", "other", None, None, None, None,
         "dcos", None, None, "false", '{"note":"x"}', None, None, None],
        ["3", "x", "2001:db8::1", None, "false", "", "vip", None, None, None, None, None, "4095", None, "true", "{}",
         None, "1", None],
    ]
    for i, row in enumerate(rows):
        with open(os.path.join(out, "row-%d" % i), "wb") as f:
            f.write(packed(row))
FIXTURES = os.path.join(HERE, "..", "fixtures", "pcap")
SELECTOR = {1: 0, 113: 1, 276: 2, 101: 3, 228: 4, 229: 5, 0: 6, 105: 7, 127: 8, 239: 9}


def frames(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24 or struct.unpack("<I", data[:4])[0] != 0xA1B2C3D4:
        return
    linktype = struct.unpack("<I", data[20:24])[0]
    off = 24
    while off + 16 <= len(data):
        caplen = struct.unpack("<I", data[off + 8:off + 12])[0]
        yield linktype, data[off + 16:off + 16 + caplen]
        off += 16 + caplen


def main(out):
    dec, addr, ng = os.path.join(out, "decoder"), os.path.join(out, "address"), os.path.join(out, "pcapng")
    for d in (dec, addr, ng):
        os.makedirs(d, exist_ok=True)
    # Whole pcapng files (the block reader's input), cut to the fuzzer's length limit.
    for name in sorted(os.listdir(FIXTURES)):
        if name.endswith(".pcapng"):
            with open(os.path.join(FIXTURES, name), "rb") as f, open(os.path.join(ng, name), "wb") as g:
                g.write(f.read()[:4096])
    seen = set()
    for name in sorted(os.listdir(FIXTURES)):
        for linktype, frame in frames(os.path.join(FIXTURES, name)):
            item = bytes([SELECTOR.get(linktype, 0)]) + frame
            if item in seen:
                continue
            seen.add(item)
            with open(os.path.join(dec, "%s-%d" % (name, len(seen))), "wb") as f:
                f.write(item)
    samples = ["10.0.0.0/8", "192.168.1.1", "0.0.0.0/0", "255.255.255.255/32", "::", "::/0", "::1",
               "fe80::1%eth0", "fe80::1%", "1.2.3.4%eth0", "2001:db8::/32", "::ffff:1.2.3.4", "1:2:3:4:5:6:7:8",
               "1::2:3:4:5:6:7", "01.2.3.4", "1.2.3.4/33", "10.0.0.1/8", "2001:db8::1/64", ":::", "1:2:3:4:5:6:1.2.3.4/96"]
    for i, s in enumerate(samples):
        with open(os.path.join(addr, "seed-%02d" % i), "w") as f:
            f.write(s)
    inventory_seeds(os.path.join(out, "inventory"))
    packed_seeds(os.path.join(out, "packed"))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpus"))
