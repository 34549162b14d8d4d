#!/usr/bin/env python3
"""Writes the 802.11 and NFLOG fixtures into fixtures/pcap/ (called by gen_fixtures.py too):

- wifi-radiotap.pcap (link type 127): two stations claim 10.0.0.5 over Wi-Fi (a duplicate), the
  wired gateway answers through the AP; plain, QoS, QoS+HT Control, WDS and padded data frames,
  some with a trailing FCS; a protected frame, a beacon, a null-data frame and an ACK.
  Radiotap layout as in zeek's testing/btest/Traces/arp-who-has-radiotap.pcap (TSFT, Flags, ...).
- wifi-plain.pcap (link type 105): the same 802.11 frames without radiotap or FCS.
- nflog.pcap (link type 239): `-i nflog:N` with IPv4 and IPv6 payloads, one packet logged with
  its MAC header's source (NFULA_HWADDR), one with an 8-byte hardware address, a loopback one.
  TLV layout as in zeek's testing/btest/Traces/nflog-http.pcap.

    python3 scripts/pcap/gen_link_fixtures.py [OUTDIR]
"""
import os
import struct
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import *  # noqa: E402,F401,F403

T0 = 1_700_000_000.0
LINKTYPE_IEEE802_11, LINKTYPE_IEEE802_11_RADIOTAP, LINKTYPE_NFLOG = 105, 127, 239
BSSID = "02:00:00:00:aa:01"
STATION_A, STATION_B, GATEWAY, BRIDGED = "02:00:00:00:00:0a", "02:00:00:00:00:0b", "02:00:00:00:00:fe", "02:00:00:00:00:0c"
SNAP = b"\xaa\xaa\x03\x00\x00\x00"

# Frame control flags (second byte).
TO_DS, FROM_DS, PROTECTED, ORDER = 0x01, 0x02, 0x40, 0x80


def wlan(kind, subtype, flags, addrs, body=b"", qos=None, htc=False, pad=False):
    """An 802.11 MAC frame: frame control, duration, 3 or 4 addresses, sequence control,
    QoS Control for QoS subtypes (and HT Control with the order bit), padding to 4 bytes."""
    header = bytes([subtype << 4 | kind << 2, flags | (ORDER if htc else 0)]) + struct.pack("<H", 44)
    header += b"".join(mac(a) for a in addrs[:3]) + struct.pack("<H", 0x10)
    if len(addrs) == 4:
        header += mac(addrs[3])
    if qos is not None:
        header += struct.pack("<H", qos)
        if htc:
            header += b"\x00\x00\x00\x00"
    if pad:
        header += b"\0" * (-len(header) % 4)
    return header + body


def data(flags, addrs, ethertype, payload, subtype=0, **kw):
    if subtype & 8 and "qos" not in kw:
        kw["qos"] = 0
    return wlan(2, subtype, flags, addrs, SNAP + struct.pack("!H", ethertype) + payload, **kw)


def radiotap(frame, fcs=False, pad=False, extended=False):
    """Radiotap: TSFT (8, 8-aligned), Flags (1), Rate (1), Channel (2+2, 2-aligned), antenna
    signal and noise (dBm, 1+1); `extended` adds a second (empty) present bitmap, moving TSFT to
    offset 16. 24 or 32 bytes: libpcap's filter code pads relative to the radiotap header's
    start, Wireshark and ipaudit relative to the 802.11 header's: alike when it is a multiple of 4."""
    flags = (0x10 if fcs else 0) | (0x20 if pad else 0)
    present = 0x0000006F | (0x80000000 if extended else 0)
    bitmaps = struct.pack("<I", present) + (struct.pack("<I", 0) if extended else b"")
    head_len = 4 + len(bitmaps)
    align = b"\0" * (-head_len % 8)
    fields = struct.pack("<QBBHHbb", 1_000_000, flags, 12, 2437, 0x00A0, -52, -95)
    header = struct.pack("<BBH", 0, 0, head_len + len(align) + len(fields)) + bitmaps + align + fields
    return header + frame + (struct.pack("<I", zlib.crc32(frame)) if fcs else b"")


def wifi_frames(radio):
    """[(time, 802.11 frame, radiotap options)] of the Wi-Fi fixtures; a driver pads only behind radiotap."""
    bcast = "ff:ff:ff:ff:ff:ff"
    frames = []
    for i in range(4):
        t = i * 10
        # A asks (to the AP) for the gateway; the AP delivers the gateway's reply (QoS, with FCS).
        frames.append((t, data(TO_DS, [BSSID, STATION_A, bcast], ETH_ARP, arp(1, STATION_A, "10.0.0.5", "00:00:00:00:00:00", "10.0.0.1")), {}))
        frames.append((t + 0.01, data(FROM_DS, [STATION_A, BSSID, GATEWAY], ETH_ARP, arp(2, GATEWAY, "10.0.0.1", STATION_A, "10.0.0.5"), subtype=8),
                       {"fcs": True}))
        # B claims the same address in QoS data, padded by the driver, every other time with HT
        # Control (order bit): libpcap's BPF code for 802.11 does not skip that field.
        frames.append((t + 2, data(TO_DS, [BSSID, STATION_B, GATEWAY], ETH_ARP, arp(2, STATION_B, "10.0.0.5", GATEWAY, "10.0.0.1"),
                                   subtype=8, qos=6, htc=i % 2 == 0, pad=radio), {"pad": True}))
        # A answers the gateway directly with IPv4 (no DS bits: an ad hoc / same-BSS frame).
        frames.append((t + 3, data(0, [GATEWAY, STATION_A, BSSID], ETH_IPV4, tcp4("10.0.0.5", "10.0.0.1", 40000, 443)), {"extended": True}))
    # A host bridged behind a WDS link (4 addresses) sends IPv4 and an NDP advertisement.
    frames.append((41, data(TO_DS | FROM_DS, [BSSID, "02:00:00:00:aa:02", GATEWAY, BRIDGED], ETH_IPV4,
                            udp4("10.0.0.7", "10.0.0.1", 9, 9, b"q" * 12), subtype=8), {"fcs": True}))
    na = icmpv6("fd00::7", "ff02::1", neighbor_advertisement("fd00::7", BRIDGED))
    frames.append((42, data(TO_DS | FROM_DS, [BSSID, "02:00:00:00:aa:02", "33:33:00:00:00:01", BRIDGED], ETH_IPV6, na), {}))
    # Not decoded: a protected frame whose (fake) body would claim 10.0.0.99, a beacon,
    # a QoS null-data frame, an ACK.
    frames.append((43, data(TO_DS | PROTECTED, [BSSID, "02:00:00:00:00:0d", bcast], ETH_ARP,
                            arp(2, "02:00:00:00:00:0d", "10.0.0.99", GATEWAY, "10.0.0.1")), {}))
    beacon = struct.pack("<QHH", 0, 100, 0x0401) + bytes([0, 4]) + b"wlan"
    frames.append((44, wlan(0, 8, 0, [bcast, BSSID, BSSID], beacon), {"fcs": True}))
    frames.append((45, wlan(2, 12, TO_DS, [BSSID, STATION_A, BSSID], qos=0), {}))
    frames.append((46, bytes([0xD4, 0]) + struct.pack("<H", 0) + mac(STATION_A), {}))
    return frames


def nflog(family, tlvs):
    """NFLOG: family, version 0, resource id 42 (big-endian), then TLVs (little-endian length
    including the 4-byte header, type), each padded to 4 bytes."""
    message = struct.pack("!BBH", family, 0, 42)
    for kind, value in tlvs:
        message += struct.pack("<HH", 4 + len(value), kind) + value + b"\0" * (-len(value) % 4)
    return message


def nflog_frames():
    AF_INET, AF_INET6 = 2, 10
    out_hook = [(1, struct.pack("!HBB", ETH_IPV4, 3, 0)), (10, b"ipaudit\0"), (5, struct.pack("!I", 2)), (11, struct.pack("!I", 0))]
    frames = [
        (0, nflog(AF_INET, out_hook + [(9, tcp4("10.0.0.2", "93.184.216.34", 49762, 80))])),
        (1, nflog(AF_INET6, [(1, struct.pack("!HBB", ETH_IPV6, 3, 0)),
                             (9, ipv6("fd00::2", "2001:db8::1", 17, struct.pack("!HHHH", 9, 9, 8, 0)))])),
        # Came in on eth0: the sender's MAC in NFULA_HWADDR (hw_addrlen 6, pad, 8 bytes).
        (2, nflog(AF_INET, [(1, struct.pack("!HBB", ETH_IPV4, 1, 0)), (4, struct.pack("!I", 2)),
                            (8, struct.pack("!HH", 6, 0) + mac(GATEWAY) + b"\0\0"),
                            (9, tcp4("10.0.0.1", "10.0.0.2", 443, 40000))])),
        # An 8-byte hardware address (FireWire): no Ethernet source.
        (3, nflog(AF_INET, [(1, struct.pack("!HBB", ETH_IPV4, 1, 0)), (8, struct.pack("!HH", 8, 0) + bytes(range(1, 9))),
                            (9, udp4("10.0.0.9", "10.0.0.2", 9, 9))])),
        # The OUTPUT chain sees `lo` too.
        (4, nflog(AF_INET, out_hook + [(9, udp4("127.0.0.1", "127.0.0.53", 9, 9, b"q" * 8))])),
    ]
    return frames


def write_link_fixtures(outdir):
    os.makedirs(outdir, exist_ok=True)
    tap, plain = Capture(LINKTYPE_IEEE802_11_RADIOTAP), Capture(LINKTYPE_IEEE802_11)
    for t, frame, options in wifi_frames(radio=True):
        tap.add(T0 + t, radiotap(frame, **options))
    for t, frame, _ in wifi_frames(radio=False):
        plain.add(T0 + t, frame)
    tap.write(os.path.join(outdir, "wifi-radiotap.pcap"))
    plain.write(os.path.join(outdir, "wifi-plain.pcap"))
    log = Capture(LINKTYPE_NFLOG)
    for t, frame in nflog_frames():
        log.add(T0 + t, frame)
    log.write(os.path.join(outdir, "nflog.pcap"))


if __name__ == "__main__":
    write_link_fixtures(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "pcap"))
