#!/usr/bin/env python3
"""A host on VLAN VID only, for kernels without 802.1Q support (no `ip link add ... type vlan`):
answers ARP requests and Neighbor Solicitations for its addresses when, and only when, they
arrive tagged VID, as a VLAN subinterface would (ARP reply to the asker; NA to all-nodes for
a DAD solicitation from ::, with the target link-layer option). Runs for SECONDS.

    probe-vlan-responder.py IFACE VID IPV4 IPV6 SECONDS READY_FILE
"""
import socket
import struct
import sys
import time

iface, vid, v4, v6, seconds, ready = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], float(sys.argv[5]), sys.argv[6]
mine4 = socket.inet_aton(v4)
mine6 = socket.inet_pton(socket.AF_INET6, v6)
SOL_PACKET, PACKET_AUXDATA, TP_STATUS_VLAN_VALID = 263, 8, 0x10

s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
s.bind((iface, 0))
s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
mac = s.getsockname()[4]
s.settimeout(0.1)
open(ready, "w").close()


def tagged(dst, ethertype, payload):
    frame = dst + mac + struct.pack("!HHH", 0x8100, vid, ethertype) + payload
    return frame + b"\0" * max(0, 64 - len(frame))


def icmp6_checksum(src, dst, message):
    data = src + dst + struct.pack("!I3xB", len(message), 58) + message
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


end = time.time() + seconds
while time.time() < end:
    try:
        data, ancillary, _, _ = s.recvmsg(2048, socket.CMSG_SPACE(20))
    except socket.timeout:
        continue
    tag = None
    for level, kind, value in ancillary:
        if level == SOL_PACKET and kind == PACKET_AUXDATA:
            status, _, _, _, _, tci, _ = struct.unpack("IIIHHHH", value[:20])
            if status & TP_STATUS_VLAN_VALID:
                tag = tci & 0x0FFF
    if tag != vid or len(data) < 14:
        continue   # untagged or another VLAN: not ours, as for a subinterface
    ethertype = struct.unpack("!H", data[12:14])[0]
    body = data[14:]
    if ethertype == 0x0806 and len(body) >= 28 and struct.unpack("!H", body[6:8])[0] == 1 and body[24:28] == mine4:
        asker_mac, asker_ip = body[8:14], body[14:18]
        reply = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 2) + mac + mine4 + asker_mac + asker_ip
        s.send(tagged(asker_mac, 0x0806, reply))
    elif ethertype == 0x86DD and len(body) >= 64 and body[6] == 58 and body[40] == 135 and body[48:64] == mine6:
        allnodes = socket.inet_pton(socket.AF_INET6, "ff02::1")
        source = socket.inet_pton(socket.AF_INET6, "fe80::" + ":".join("%02x%02x" % (mac[i], mac[i + 1]) for i in (0, 2, 4)))
        na = bytearray(struct.pack("!BBHI", 136, 0, 0, 0x20000000) + mine6 + bytes([2, 1]) + mac)   # override flag
        struct.pack_into("!H", na, 2, icmp6_checksum(source, allnodes, bytes(na)))
        ip6 = struct.pack("!IHBB", 0x60000000, len(na), 58, 255) + source + allnodes
        s.send(tagged(b"\x33\x33\x00\x00\x00\x01", 0x86DD, ip6 + bytes(na)))
