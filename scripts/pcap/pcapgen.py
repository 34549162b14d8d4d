"""Frame and capture-file builders for ipaudit's scan fixtures and benchmarks.

Writes classic pcap (microsecond) and pcapng with `struct` only, so fixtures are
reproducible without scapy or libpcap. Every frame is built field by field.
"""
import ipaddress
import struct

ETH_ARP, ETH_IPV4, ETH_IPV6 = 0x0806, 0x0800, 0x86DD
TPID_8021Q, TPID_8021AD = 0x8100, 0x88A8
LINKTYPE_ETHERNET, LINKTYPE_RAW, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2 = 1, 101, 113, 276
LINKTYPE_NULL = 0
BROADCAST = "ff:ff:ff:ff:ff:ff"


def mac(text):
    return bytes(int(x, 16) for x in text.split(":"))


def ip4(text):
    return ipaddress.IPv4Address(text).packed


def ip6(text):
    return ipaddress.IPv6Address(text).packed


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ethernet(dst, src, ethertype, payload, vlans=(), pad=True):
    """vlans: list of (tpid, vid), outermost first."""
    header = mac(dst) + mac(src)
    for tpid, vid in vlans:
        header += struct.pack("!H", tpid)
        header += struct.pack("!H", vid & 0x0FFF)
    frame = header + struct.pack("!H", ethertype) + payload
    if pad and len(frame) < 60:
        frame += b"\0" * (60 - len(frame))
    return frame


def arp(op, sha, spa, tha, tpa):
    return struct.pack("!HHBBH", 1, ETH_IPV4, 6, 4, op) + mac(sha) + ip4(spa) + mac(tha) + ip4(tpa)


def snap_arp_frame(op, sha, spa, tha, tpa, dst=BROADCAST):
    """ARP in IEEE 802.3 + 802.2 LLC/SNAP (RFC 1042): length field, AA AA 03, OUI 0, EtherType."""
    payload = b"\xaa\xaa\x03\x00\x00\x00" + struct.pack("!H", ETH_ARP) + arp(op, sha, spa, tha, tpa)
    frame = mac(dst) + mac(sha) + struct.pack("!H", len(payload)) + payload
    return frame + b"\0" * max(0, 60 - len(frame))


def arp_frame(op, sha, spa, tha, tpa, src=None, dst=None, vlans=()):
    """ARP in Ethernet; `src` overrides the Ethernet source (mismatch cases)."""
    if dst is None:
        dst = BROADCAST if op == 1 else tha
    return ethernet(dst, src or sha, ETH_ARP, arp(op, sha, spa, tha, tpa), vlans)


def ipv4(src, dst, proto, payload, ttl=64):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0, 0, ttl, proto, 0, ip4(src), ip4(dst))
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return header + payload


def udp4(src, dst, sport, dport, data=b""):
    return ipv4(src, dst, 17, struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data)


def dhcp_reply(client_mac, yiaddr, server_ip, message_type=5, giaddr="0.0.0.0"):
    """A BOOTREPLY (RFC 2131) with a message-type option (5 ACK, 6 NAK, 2 OFFER) and the server id."""
    fixed = struct.pack("!BBBBIHH4s4s4s4s", 2, 1, 6, 0, 0x1234, 0, 0, b"\0" * 4, ip4(yiaddr), ip4(server_ip), ip4(giaddr))
    fixed += mac(client_mac) + b"\0" * 10 + b"\0" * 64 + b"\0" * 128
    options = b"\x63\x82\x53\x63" + bytes([53, 1, message_type, 54, 4]) + ip4(server_ip) + bytes([1, 4, 255, 255, 255, 0, 255])
    return fixed + options


def tcp4(src, dst, sport, dport):
    segment = struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 0x50, 0x10, 65535, 0, 0)
    return ipv4(src, dst, 6, segment)


def ipv6(src, dst, next_header, payload, hop_limit=64):
    return struct.pack("!IHBB", 0x60000000, len(payload), next_header, hop_limit) + ip6(src) + ip6(dst) + payload


def icmpv6(src, dst, body, extension=b"", first_header=58, hop_limit=255):
    """ICMPv6 with its checksum; `extension` is a pre-built chain ending in next header 58."""
    pseudo = ip6(src) + ip6(dst) + struct.pack("!I3xB", len(body), 58)
    body = body[:2] + struct.pack("!H", checksum(pseudo + body[:2] + b"\0\0" + body[4:])) + body[4:]
    return ipv6(src, dst, first_header if extension else 58, extension + body, hop_limit)


def ndp_option(kind, link):
    return struct.pack("!BB", kind, 1) + mac(link)


def neighbor_solicitation(src, target, sllao=None):
    body = struct.pack("!BBHI", 135, 0, 0, 0) + ip6(target)
    if sllao:
        body += ndp_option(1, sllao)
    return body


def neighbor_advertisement(target, tllao=None, router=False, solicited=False, override=True):
    flags = (0x80 if router else 0) | (0x40 if solicited else 0) | (0x20 if override else 0)
    body = struct.pack("!BBHB3x", 136, 0, 0, flags) + ip6(target)
    if tllao:
        body += ndp_option(2, tllao)
    return body


def solicited_node(address):
    low = ip6(address)[13:]
    return str(ipaddress.IPv6Address(ip6("ff02::1:ff00:0")[:13] + low))


def multicast_mac_v6(address):
    last = ip6(address)[12:]
    return "33:33:" + ":".join("%02x" % b for b in last)


def ns_frame(src_mac, src, target, sllao=True, vlans=()):
    dst = solicited_node(target)
    body = neighbor_solicitation(src, target, src_mac if sllao and src != "::" else None)
    return ethernet(multicast_mac_v6(dst), src_mac, ETH_IPV6, icmpv6(src, dst, body), vlans)


def na_frame(src_mac, target, tllao=True, override=True, vlans=(), dst="ff02::1"):
    body = neighbor_advertisement(target, src_mac if tllao else None, override=override)
    return ethernet(multicast_mac_v6(dst), src_mac, ETH_IPV6, icmpv6(target, dst, body), vlans)


def ng_block(kind, body):
    body += b"\0" * (-len(body) % 4)
    length = 12 + len(body)
    return struct.pack("<II", kind, length) + body + struct.pack("<I", length)


def ng_option(code, value):
    return struct.pack("<HH", code, len(value)) + value + b"\0" * (-len(value) % 4)


def write_ng_interfaces(path, interfaces, packets):
    """pcapng with several interfaces: `interfaces` is [(linktype, snaplen, name)], `packets`
    [(time, interface index, frame)], written in time order as enhanced packet blocks."""
    with open(path, "wb") as f:
        f.write(ng_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)))
        for linktype, snaplen, name in interfaces:
            options = ng_option(2, name.encode()) + ng_option(0, b"") if name else b""
            f.write(ng_block(0x00000001, struct.pack("<HHI", linktype, 0, snaplen) + options))
        for time, index, frame in sorted(packets, key=lambda p: p[0]):
            stamp = int(round(time * 1_000_000))
            data = frame[: interfaces[index][1]]
            f.write(ng_block(0x00000006, struct.pack("<IIIII", index, stamp >> 32, stamp & 0xFFFFFFFF, len(data), len(frame)) + data))


class Capture:
    """Packets with timestamps, written as classic pcap or pcapng."""

    def __init__(self, linktype=LINKTYPE_ETHERNET, snaplen=262144):
        self.linktype = linktype
        self.snaplen = snaplen
        self.packets = []

    def add(self, time, frame):
        self.packets.append((time, frame))

    def write(self, path):
        with open(path, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, self.snaplen, self.linktype))
            for time, frame in sorted(self.packets, key=lambda p: p[0]):
                seconds = int(time)
                micros = int(round((time - seconds) * 1_000_000))
                data = frame[: self.snaplen]
                f.write(struct.pack("<IIII", seconds, micros, len(data), len(frame)))
                f.write(data)

    def write_ng(self, path):
        def block(kind, body):
            body += b"\0" * (-len(body) % 4)
            length = 12 + len(body)
            return struct.pack("<II", kind, length) + body + struct.pack("<I", length)

        with open(path, "wb") as f:
            f.write(block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)))
            f.write(block(0x00000001, struct.pack("<HHI", self.linktype, 0, self.snaplen)))
            for time, frame in sorted(self.packets, key=lambda p: p[0]):
                stamp = int(round(time * 1_000_000))
                body = struct.pack("<IIIII", 0, stamp >> 32, stamp & 0xFFFFFFFF, len(frame), len(frame)) + frame
                f.write(block(0x00000006, body))
