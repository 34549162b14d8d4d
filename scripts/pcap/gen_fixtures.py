#!/usr/bin/env python3
"""Writes ipaudit's scan fixtures into fixtures/pcap/: one small capture per verdict and per
false-positive case of the research note. Seeded: the same bytes on every run.

    python3 scripts/pcap/gen_fixtures.py [OUTDIR]
"""
import os
import random
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import *  # noqa: E402,F401,F403
from gen_link_fixtures import write_link_fixtures  # noqa: E402

T0 = 1_700_000_000.0
ROUTER = "02:00:00:00:00:fe"
rng = random.Random(5)


def background(cap, start=0.0, end=60.0, hosts=4, vlans=()):
    """Ordinary hosts: each announces itself and answers now and then; unicast TCP between them."""
    for h in range(hosts):
        m, ip = "02:00:00:00:10:%02x" % h, "10.0.0.%d" % (100 + h)
        t = start + rng.uniform(0, 1)
        while t < end:
            cap.add(T0 + t, arp_frame(1, m, ip, "00:00:00:00:00:00", "10.0.0.1", vlans=vlans))
            cap.add(T0 + t + 0.01, ethernet(ROUTER, m, ETH_IPV4, tcp4(ip, "10.0.0.1", 40000 + h, 443), vlans))
            t += rng.uniform(5, 15)


def claim(cap, t, m, ip, vlans=(), reply=True):
    frame = arp_frame(2, m, ip, ROUTER, "10.0.0.1", vlans=vlans) if reply else arp_frame(1, m, ip, "00:00:00:00:00:00", "10.0.0.1", vlans=vlans)
    cap.add(T0 + t, frame)


def garp(cap, t, m, ip, vlans=()):
    cap.add(T0 + t, arp_frame(1, m, ip, "00:00:00:00:00:00", ip, vlans=vlans))


def probe(cap, t, m, ip, vlans=()):
    cap.add(T0 + t, arp_frame(1, m, "0.0.0.0", "00:00:00:00:00:00", ip, vlans=vlans))


FIXTURES = {}


def fixture(name):
    def register(fn):
        FIXTURES[name] = fn
        return fn
    return register


@fixture("duplicate-static")
def _(cap):
    """True positive: two machines keep claiming 10.0.0.5 for the whole capture."""
    background(cap)
    for i in range(12):
        claim(cap, i * 5, "02:00:00:00:00:0a", "10.0.0.5")
        claim(cap, i * 5 + 2, "02:00:00:00:00:0b", "10.0.0.5")


@fixture("duplicate-midcapture")
def _(cap):
    """True positive: the intruder appears at 30 s; the owner keeps answering."""
    background(cap)
    for i in range(12):
        claim(cap, i * 5, "02:00:00:00:00:0a", "10.0.0.6")
    for i in range(6):
        claim(cap, 31 + i * 5, "02:00:00:00:00:0c", "10.0.0.6")


@fixture("duplicate-vlan")
def _(cap):
    """True positive inside VLAN 20 only; 10.0.0.7 on VLAN 10 and QinQ 100.20 are other domains."""
    background(cap, vlans=[(TPID_8021Q, 10)])
    for i in range(10):
        claim(cap, i * 4, "02:00:00:00:00:21", "10.0.0.7", vlans=[(TPID_8021Q, 20)])
        claim(cap, i * 4 + 1, "02:00:00:00:00:22", "10.0.0.7", vlans=[(TPID_8021Q, 20)])
        claim(cap, i * 4 + 2, "02:00:00:00:00:23", "10.0.0.7", vlans=[(TPID_8021Q, 10)])
        claim(cap, i * 4 + 3, "02:00:00:00:00:24", "10.0.0.7", vlans=[(TPID_8021AD, 100), (TPID_8021Q, 20)])


@fixture("moved-failover")
def _(cap):
    """keepalived VIP failover without vmac: the old master falls silent, the new one sends 5 GARPs."""
    background(cap)
    for i in range(6):
        claim(cap, i * 5, "02:00:00:00:00:31", "10.0.0.50")
    for i in range(5):
        garp(cap, 32 + i * 0.2, "02:00:00:00:00:32", "10.0.0.50")
    for i in range(4):
        claim(cap, 40 + i * 5, "02:00:00:00:00:32", "10.0.0.50")


@fixture("moved-nic-replacement")
def _(cap):
    """A VM re-created with a new MAC: same address, the old MAC never heard again."""
    for i in range(5):
        claim(cap, i * 3, "52:54:00:00:00:01", "10.0.0.60")
    garp(cap, 30, "52:54:00:00:00:02", "10.0.0.60")
    for i in range(5):
        claim(cap, 31 + i * 3, "52:54:00:00:00:02", "10.0.0.60")


@fixture("split-brain")
def _(cap):
    """keepalived split brain for part of the capture: both nodes answer between 20 s and 35 s."""
    for i in range(12):
        claim(cap, i * 5, "02:00:00:00:00:41", "10.0.0.70")
    for i in range(4):
        garp(cap, 20 + i * 5, "02:00:00:00:00:42", "10.0.0.70")


@fixture("probe-defended")
def _(cap):
    """A newcomer probes (RFC 5227) for an address in use, the owner defends, the newcomer backs off."""
    background(cap)
    for i in range(6):
        claim(cap, i * 5, "02:00:00:00:00:51", "10.0.0.80")
    for i in range(3):
        probe(cap, 12 + i, "02:00:00:00:00:52", "10.0.0.80")
    claim(cap, 12.1, "02:00:00:00:00:51", "10.0.0.80")


@fixture("probe-takeover")
def _(cap):
    """True positive: a newcomer ignores the defended probe and takes over with gratuitous ARP."""
    for i in range(8):
        claim(cap, i * 5, "02:00:00:00:00:51", "10.0.0.81")
    probe(cap, 10, "02:00:00:00:00:53", "10.0.0.81")
    claim(cap, 10.1, "02:00:00:00:00:51", "10.0.0.81")
    for i in range(5):
        garp(cap, 12 + i * 4, "02:00:00:00:00:53", "10.0.0.81")


@fixture("probe-new-host")
def _(cap):
    """RFC 5227 done right: probes for a free address, then announcements. Nothing to report."""
    background(cap)
    for i in range(3):
        probe(cap, 5 + i, "02:00:00:00:00:54", "10.0.0.82")
    for i in range(2):
        garp(cap, 9 + i * 2, "02:00:00:00:00:54", "10.0.0.82")


@fixture("probe-sweep")
def _(cap):
    """A switch doing IP device tracking probes every host: not attempted duplicates."""
    switch = "00:1b:2c:00:00:01"
    for h in range(6):
        m, ip = "02:00:00:00:11:%02x" % h, "10.0.1.%d" % (10 + h)
        claim(cap, h, m, ip)
        probe(cap, 20 + h, switch, ip)
        claim(cap, 20.05 + h, m, ip)


@fixture("dhcp-discover")
def _(cap):
    """DHCP DISCOVER/REQUEST from 0.0.0.0:68 to 255.255.255.255:67: legitimate, never bound, never unroutable."""
    client = "02:00:00:00:00:61"
    cap.add(T0 + 1, ethernet(BROADCAST, client, ETH_IPV4, udp4("0.0.0.0", "255.255.255.255", 68, 67, b"\x01" * 240)))
    cap.add(T0 + 2, ethernet(BROADCAST, client, ETH_IPV4, udp4("0.0.0.0", "255.255.255.255", 68, 67, b"\x03" * 240)))
    probe(cap, 3, client, "10.0.0.90")
    garp(cap, 4, client, "10.0.0.90")


SERVER_MAC, SERVER_IP = "02:00:00:00:00:53", "10.0.0.2"


def dhcp_ack(cap, t, client_mac, yiaddr, dport=68, giaddr="0.0.0.0", message_type=5, dst_mac=None, dst_ip=None):
    """The server's (or a relay's) reply, broadcast on the client's segment unless told otherwise."""
    body = dhcp_reply(client_mac, yiaddr, SERVER_IP, message_type=message_type, giaddr=giaddr)
    dst_ip = dst_ip or ("255.255.255.255" if dport == 68 else giaddr)
    cap.add(T0 + t, ethernet(dst_mac or BROADCAST, SERVER_MAC, ETH_IPV4, udp4(SERVER_IP, dst_ip, 67, dport, body)))


@fixture("dhcp-ack-bindings")
def _(cap):
    """DHCPACKs bind yiaddr to chaddr; a NAK, an OFFER and the server's copy to a relay (port 67) do not."""
    dhcp_ack(cap, 1, "02:00:00:00:00:91", "10.0.0.91")
    dhcp_ack(cap, 2, "02:00:00:00:00:92", "10.0.0.92", message_type=6)
    dhcp_ack(cap, 3, "02:00:00:00:00:93", "10.0.0.93", message_type=2)
    dhcp_ack(cap, 4, "02:00:00:00:00:94", "10.9.0.94", dport=67, giaddr="10.9.0.1", dst_mac=ROUTER)
    # A relay hands an ACK over on the client's segment: port 68, giaddr still set.
    dhcp_ack(cap, 5, "02:00:00:00:00:95", "10.0.0.95", giaddr="10.0.0.1")
    # A unicast ACK to the client's own MAC binds; a renewal ACK routed to a client elsewhere
    # (addressed to the router's MAC) does not.
    dhcp_ack(cap, 6, "02:00:00:00:00:96", "10.0.0.98", dst_mac="02:00:00:00:00:96", dst_ip="10.0.0.98")
    dhcp_ack(cap, 7, "02:00:00:00:00:97", "10.7.0.99", dst_mac=ROUTER, dst_ip="10.7.0.99")


@fixture("dhcp-ack-conflict")
def _(cap):
    """The server leases 10.0.0.96, which a statically configured host keeps answering for."""
    for i in range(12):
        claim(cap, i * 5, "02:00:00:00:00:60", "10.0.0.96")
    dhcp_ack(cap, 20, "02:00:00:00:00:61", "10.0.0.96")
    for i in range(6):
        claim(cap, 21 + i * 5, "02:00:00:00:00:61", "10.0.0.96")


@fixture("dhcp-ack-reassign")
def _(cap):
    """A lease expired and the address went to a new client: the old one is never heard again."""
    dhcp_ack(cap, 0, "02:00:00:00:00:70", "10.0.0.97")
    for i in range(4):
        claim(cap, 1 + i * 3, "02:00:00:00:00:70", "10.0.0.97")
    dhcp_ack(cap, 40, "02:00:00:00:00:71", "10.0.0.97")
    for i in range(4):
        claim(cap, 41 + i * 3, "02:00:00:00:00:71", "10.0.0.97")


@fixture("ipv6-dad-mld")
def _(cap):
    """DAD NS from ::, MLDv2 report from :: behind hop-by-hop; a defended DAD for an address in use."""
    owner, newcomer, fresh = "02:00:00:00:00:71", "02:00:00:00:00:72", "02:00:00:00:00:73"
    for i in range(4):
        cap.add(T0 + i * 5, na_frame(owner, "fd00:10::71"))
    cap.add(T0 + 6, ns_frame(newcomer, "::", "fd00:10::71"))
    cap.add(T0 + 6.1, na_frame(owner, "fd00:10::71"))
    # MLDv2 report from :: with a hop-by-hop router-alert option
    mld = struct.pack("!BBHHH", 143, 0, 0, 0, 0)
    hbh = struct.pack("!BB", 58, 0) + bytes([5, 2, 0, 0, 1, 0])
    cap.add(T0 + 7, ethernet("33:33:00:00:00:16", fresh, ETH_IPV6, icmpv6("::", "ff02::16", mld, extension=hbh, first_header=0, hop_limit=1)))
    cap.add(T0 + 8, ns_frame(fresh, "::", "fd00:10::73"))
    cap.add(T0 + 9, na_frame(fresh, "fd00:10::73", dst="ff02::1"))


@fixture("ipv6-conflict")
def _(cap):
    """True positive: two hosts send unsolicited NAs with Override for fd00:10::5."""
    for i in range(6):
        cap.add(T0 + i * 5, na_frame("02:00:00:00:00:81", "fd00:10::5"))
        cap.add(T0 + i * 5 + 2, na_frame("02:00:00:00:00:82", "fd00:10::5"))
    # an NA without TLLA option: bound to the Ethernet source
    cap.add(T0 + 40, na_frame("02:00:00:00:00:83", "fd00:10::6", tllao=False))
    cap.add(T0 + 41, ns_frame("02:00:00:00:00:84", "fd00:10::7", "fd00:10::6"))


@fixture("vrrp")
def _(cap):
    """VRRP pair: VIP on the virtual MAC, adverts (IP proto 112) from the virtual MAC with each master's real IP,
    failover halfway. Then an HSRP-to-VRRP migration where both virtual MACs answer for 10.0.0.254."""
    vmac, ra, rb = "00:00:5e:00:01:0a", "02:00:00:00:00:91", "02:00:00:00:00:92"
    claim(cap, 0, ra, "10.0.0.2")
    claim(cap, 0.5, rb, "10.0.0.3")
    for i in range(10):
        master = "10.0.0.2" if i < 5 else "10.0.0.3"
        cap.add(T0 + i * 3, ethernet("01:00:5e:00:00:12", vmac, ETH_IPV4, ipv4(master, "224.0.0.18", 112, b"\x21\x0a\x64\x01\x00\x01\xaa\xbb" + ip4("10.0.0.1"), ttl=255)))
        garp(cap, i * 3 + 0.1, vmac, "10.0.0.1")
    for i in range(4):
        claim(cap, 40 + i, "00:00:0c:07:ac:0a", "10.0.0.254")
        claim(cap, 40.5 + i, "00:00:5e:00:01:0b", "10.0.0.254")


@fixture("bonding-alb")
def _(cap):
    """Linux bonding balance-alb: one IP answered from two slave MACs. A duplicate unless allow-listed."""
    for i in range(10):
        claim(cap, i * 3, "02:00:00:00:01:01", "10.1.1.20")
        claim(cap, i * 3 + 1, "02:00:00:00:01:02", "10.1.1.20")
        cap.add(T0 + i * 3 + 2, ethernet(ROUTER, "02:00:00:00:01:02", ETH_IPV4, tcp4("10.1.1.20", "10.1.1.1", 22, 50000)))


@fixture("arp-flux")
def _(cap):
    """Two-NIC Linux host with arp_ignore=0: both of its addresses answered by both MACs."""
    for i in range(6):
        for ip in ("10.0.0.31", "10.0.0.32"):
            claim(cap, i * 4, "02:00:00:00:00:a1", ip)
            claim(cap, i * 4 + 1, "02:00:00:00:00:a2", ip)


@fixture("proxy-arp")
def _(cap):
    """A router answering for 20 addresses of another subnet; nobody else claims them."""
    background(cap)
    for i in range(20):
        claim(cap, 1 + i, ROUTER, "10.9.0.%d" % (10 + i))


@fixture("ecmp-north-south")
def _(cap):
    """Remote and public sources behind two router MACs in IP headers: never bindings, never leaks."""
    routers = ["02:00:00:00:00:f1", "02:00:00:00:00:f2"]
    claim(cap, 0, routers[0], "10.0.0.1")
    claim(cap, 0, routers[1], "10.0.0.254")
    for i in range(40):
        src = "%d.%d.%d.%d" % (rng.choice([8, 52, 93, 151]), rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))
        cap.add(T0 + 1 + i * 0.5, ethernet("02:00:00:00:10:00", routers[i % 2], ETH_IPV4, tcp4(src, "10.0.0.100", 443, 40000 + i)))
        cap.add(T0 + 1.2 + i * 0.5, ethernet("02:00:00:00:10:00", routers[(i + 1) % 2], ETH_IPV4, tcp4("10.20.%d.7" % (i % 5), "10.0.0.100", 5000, 6000)))


@fixture("router-vlans")
def _(cap):
    """One router MAC in three VLANs with a different address in each: background, not a finding."""
    for vid, ip in ((10, "10.0.10.1"), (20, "10.0.20.1"), (30, "10.0.30.1")):
        for i in range(3):
            claim(cap, vid + i, ROUTER, ip, vlans=[(TPID_8021Q, vid)])


@fixture("same-mac-replies")
def _(cap):
    """One device answering one request 59 times (Wi-Fi power save, loops): the same MAC, no conflict."""
    for i in range(59):
        claim(cap, 1 + i * 0.01, "02:00:00:00:00:b1", "10.0.0.40")


@fixture("mac-mismatch")
def _(cap):
    """ARP whose Ethernet source differs from the sender hardware address (MAC-NAT repeater)."""
    for i in range(3):
        cap.add(T0 + i, arp_frame(2, "02:00:00:00:00:c1", "10.0.0.45", ROUTER, "10.0.0.1", src="02:00:00:00:00:c9"))
    claim(cap, 5, "02:00:00:00:00:c9", "10.0.0.46")


@fixture("unroutable")
def _(cap):
    """On-link hosts with addresses that have no business on a cluster network, and look-alikes that are fine."""
    claim(cap, 1, "02:00:00:00:00:d1", "192.0.2.10")                      # TEST-NET-1 bound by ARP
    cap.add(T0 + 2, ethernet(ROUTER, "02:00:00:00:00:d2", ETH_IPV4, tcp4("127.0.0.1", "10.0.0.1", 1, 2)))   # loopback leak
    cap.add(T0 + 3, ethernet(ROUTER, ROUTER, ETH_IPV4, tcp4("8.8.8.8", "10.0.0.100", 53, 4000)))          # north-south
    claim(cap, 4, "02:00:00:00:00:d3", "169.254.10.10")                   # APIPA: a host that found no DHCP server
    cap.add(T0 + 5, ethernet(ROUTER, "02:00:00:00:00:d4", ETH_IPV4, udp4("240.0.0.9", "10.0.0.1", 9, 9)))  # reserved 240/4
    claim(cap, 6, "02:00:00:00:00:d5", "10.0.0.120")                      # private: fine
    cap.add(T0 + 7, ethernet("33:33:00:00:00:01", "02:00:00:00:00:d6", ETH_IPV6,
                             icmpv6("fe80::1", "ff02::1", struct.pack("!BBHI", 128, 0, 0, 0), hop_limit=64)))  # link-local v6


@fixture("rarp-and-other")
def _(cap):
    """QEMU RARP announcements after live migration, LLDP, 802.3 frames: ignored, counted as other."""
    vm = "52:54:00:12:34:56"
    rarp = struct.pack("!HHBBH", 1, ETH_IPV4, 6, 4, 3) + mac(vm) + ip4("0.0.0.0") + mac(vm) + ip4("0.0.0.0")
    for i in range(3):
        cap.add(T0 + i, ethernet(BROADCAST, vm, 0x8035, rarp))
    cap.add(T0 + 4, ethernet("01:80:c2:00:00:0e", ROUTER, 0x88CC, b"\x02\x07\x04" + mac(ROUTER) + b"\0\0"))
    claim(cap, 5, vm, "10.0.0.130")


@fixture("malformed")
def _(cap):
    """Short and odd frames: each counted as a decode error, none a crash."""
    good = arp_frame(2, "02:00:00:00:00:e1", "10.0.0.140", ROUTER, "10.0.0.1")
    cap.add(T0 + 0, good[:10])                                               # shorter than Ethernet
    cap.add(T0 + 1, good[:30])                                               # ARP cut short
    cap.add(T0 + 2, ethernet(BROADCAST, "02:00:00:00:00:e2", TPID_8021Q, b"\x00", pad=False))  # tag cut short
    cap.add(T0 + 3, ethernet(BROADCAST, "02:00:00:00:00:e3", ETH_IPV4, b"\x45\x00\x00", pad=False))  # IPv4 cut short
    cap.add(T0 + 4, ethernet(BROADCAST, "02:00:00:00:00:e4", ETH_IPV4, b"\x42" + b"\0" * 19))  # IHL 2
    cap.add(T0 + 5, ethernet(BROADCAST, "02:00:00:00:00:e5", ETH_IPV6, b"\x60" + b"\0" * 20, pad=False))  # IPv6 cut short
    bad_ext = ipv6("fd00::1", "fd00::2", 0, b"\x3a\x05" + b"\0" * 6)           # hop-by-hop claims 48 bytes
    cap.add(T0 + 6, ethernet(BROADCAST, "02:00:00:00:00:e6", ETH_IPV6, bad_ext))
    na = na_frame("02:00:00:00:00:e7", "fd00::7")
    cap.add(T0 + 7, na[:-8] + b"\x02\x00" + b"\0" * 6)                        # NDP option of length 0
    five_tags = [(TPID_8021Q, v) for v in range(1, 6)]
    cap.add(T0 + 8, ethernet(BROADCAST, "02:00:00:00:00:e8", ETH_ARP, arp(1, "02:00:00:00:00:e8", "10.0.0.141", "00:00:00:00:00:00", "10.0.0.1"), five_tags))
    cap.add(T0 + 9, good)                                                     # one good frame still counts


@fixture("duplicate-one-request")
def _(cap):
    """The classic duplicate-IP symptom: one who-has, two MACs answer it 3 ms apart, once each."""
    background(cap, end=20)
    cap.add(T0 + 10, arp_frame(1, "02:00:00:00:10:00", "10.0.0.100", "00:00:00:00:00:00", "10.0.0.5"))
    cap.add(T0 + 10.001, arp_frame(2, "02:00:00:00:00:0a", "10.0.0.5", "02:00:00:00:10:00", "10.0.0.100"))
    cap.add(T0 + 10.004, arp_frame(2, "02:00:00:00:00:0b", "10.0.0.5", "02:00:00:00:10:00", "10.0.0.100"))


@fixture("arp-snap")
def _(cap):
    """ARP in 802.3 + LLC/SNAP (the 802.3/LLC layout of libpcap's tests/filter/llc.pcap, carrying
    ARP as some switches and old stacks send it): two MACs keep claiming 10.0.0.33."""
    for i in range(6):
        cap.add(T0 + i * 5, snap_arp_frame(2, "02:00:00:00:00:3a", "10.0.0.33", ROUTER, "10.0.0.1", dst=ROUTER))
        cap.add(T0 + i * 5 + 1, snap_arp_frame(1, "02:00:00:00:00:3b", "10.0.0.33", "00:00:00:00:00:00", "10.0.0.1"))


@fixture("ndp-trailer")
def _(cap):
    """IPv6 bounded by its payload length: an NA followed by a 4-byte FCS (binds fd00::7), and an
    NS whose payload length is 0 with a whole NS behind it (binds nothing: the bytes are not
    the packet's). Trailing bytes as in zeek's testing/btest/Traces/arp-leak.pcap."""
    cap.add(T0 + 1, na_frame("02:00:00:00:00:71", "fd00::7") + b"\xde\xad\xbe\xef")
    ns = ns_frame("02:00:00:00:00:72", "fd00::8", "fd00::9")
    cap.add(T0 + 2, ns[:18] + b"\0\0" + ns[20:])       # IPv6 payload length (bytes 4-5 of the header) = 0


@fixture("lo-ethernet")
def _(cap):
    """Linux `lo` read as Ethernet: all-zero MACs, 127.0.0.53 (systemd-resolved) and ::1. Never on a wire."""
    lo = "00:00:00:00:00:00"
    cap.add(T0 + 1, ethernet(lo, lo, ETH_IPV4, udp4("127.0.0.1", "127.0.0.53", 40000, 53, b"q" * 30)))
    cap.add(T0 + 1.001, ethernet(lo, lo, ETH_IPV4, udp4("127.0.0.53", "127.0.0.1", 53, 40000, b"r" * 60)))
    cap.add(T0 + 2, ethernet(lo, lo, ETH_IPV6, ipv6("::1", "::1", 17, struct.pack("!HHHH", 1, 2, 8, 0))))
    claim(cap, 3, "02:00:00:00:00:aa", "10.0.0.150")   # not loopback: the one binding


@fixture("dhcp-inform")
def _(cap):
    """A DHCPACK answering an INFORM (yiaddr 0, RFC 2131 §4.3.5) is no lease; a normal ACK is one."""
    dhcp_ack(cap, 1, "02:00:00:00:00:81", "0.0.0.0", dst_mac="02:00:00:00:00:81", dst_ip="10.0.0.81")
    dhcp_ack(cap, 2, "02:00:00:00:00:82", "10.0.0.82")


GATEWAY_MAC, ECMP_MAC = "02:00:00:00:00:f1", "02:00:00:00:00:f2"


def north_south(cap, t, router, public, host="10.0.0.100", host_mac="02:00:00:00:10:00"):
    """A reply from a public address, forwarded onto the segment by `router`."""
    cap.add(T0 + t, ethernet(host_mac, router, ETH_IPV4, tcp4(public, host, 443, 40000)))


@fixture("host-leaks")
def _(cap):
    """Sources planted on a cluster segment (scan with --routable 10.0.0.0/16 --routable fd00::/16):
    leaks from host MACs beside routed north-south traffic that must stay quiet."""
    agents = {"a": ("02:00:00:00:0a:01", "10.0.0.11"), "b": ("02:00:00:00:0a:02", "10.0.0.12"),
              "c": ("02:00:00:00:0a:03", "10.0.0.13")}
    for i, (m, ip) in enumerate(agents.values()):
        claim(cap, i * 0.1, m, ip)
        cap.add(T0 + 0.5 + i * 0.1, arp_frame(1, m, ip, "00:00:00:00:00:00", "10.0.0.1"))   # everyone asks for the gateway
    claim(cap, 0.9, GATEWAY_MAC, "10.0.0.1")
    claim(cap, 0.95, ECMP_MAC, "10.0.0.2")
    # Routed: replies from many public addresses through the gateway, one through the second
    # router, which the hosts also use as next hop for public destinations (ECMP).
    for i, public in enumerate(["8.8.8.8", "1.1.1.1", "151.101.1.69", "140.82.112.3", "52.94.236.248"]):
        north_south(cap, 2 + i * 0.1, GATEWAY_MAC, public)
    north_south(cap, 3, ECMP_MAC, "93.184.216.34")
    cap.add(T0 + 3.1, ethernet(ECMP_MAC, agents["a"][0], ETH_IPV4, tcp4(agents["a"][1], "93.184.216.34", 40001, 443)))
    # Leaks from host MACs: a DC/OS overlay address, a docker0 address, CGNAT.
    cap.add(T0 + 4, ethernet(GATEWAY_MAC, agents["a"][0], ETH_IPV4, tcp4("9.0.1.5", "10.0.0.12", 5000, 80)))
    cap.add(T0 + 4.1, ethernet(agents["a"][0], agents["b"][0], ETH_IPV4, tcp4("172.17.0.2", "10.0.0.11", 5001, 80)))
    cap.add(T0 + 4.2, ethernet(agents["a"][0], agents["c"][0], ETH_IPV4, udp4("100.64.1.1", "10.0.0.11", 53, 53)))
    # A foreign ULA from a host bound by NDP in fd00::/16.
    cap.add(T0 + 5, na_frame("02:00:00:00:0a:04", "fd00::14"))
    cap.add(T0 + 5.1, ethernet(agents["a"][0], "02:00:00:00:0a:04", ETH_IPV6,
                               ipv6("fd99::5", "fd00::11", 17, struct.pack("!HHHH", 1, 2, 8, 0))))
    # An APIPA host: its ARP announcement and mDNS.
    garp(cap, 6, "02:00:00:00:0a:05", "169.254.7.7")
    cap.add(T0 + 6.1, ethernet("01:00:5e:00:00:fb", "02:00:00:00:0a:05", ETH_IPV4, udp4("169.254.7.7", "224.0.0.251", 5353, 5353)))
    # 0.0.0.0: fine from a DHCP client and in IGMP; TCP from it is not.
    cap.add(T0 + 7, ethernet(BROADCAST, "02:00:00:00:0a:06", ETH_IPV4, udp4("0.0.0.0", "255.255.255.255", 68, 67, b"\x01" * 240)))
    cap.add(T0 + 7.1, ethernet("01:00:5e:00:00:16", "02:00:00:00:0a:06", ETH_IPV4, ipv4("0.0.0.0", "224.0.0.22", 2, b"\x22" + b"\0" * 7)))
    cap.add(T0 + 7.2, ethernet(GATEWAY_MAC, "02:00:00:00:0a:07", ETH_IPV4, tcp4("0.0.0.0", "10.0.0.1", 1234, 80)))



@fixture("watch-lifecycle")
def _(cap):
    """`scan --watch` over an hour and more: 10.0.0.5 becomes a duplicate at 1 s (open), a third
    MAC joins at 30 s (update), then it and a reserved-range source (240.0.0.9, 3 s) fall silent
    and age out after the hour's idle timeout (close) while 10.0.0.100 keeps talking to 4200 s."""
    for i in range(5):
        claim(cap, i * 5, "02:00:00:00:00:0a", "10.0.0.5")
        claim(cap, i * 5 + 1, "02:00:00:00:00:0b", "10.0.0.5")
    for i in range(3):
        for j, m in enumerate(("02:00:00:00:00:0a", "02:00:00:00:00:0b", "02:00:00:00:00:0c")):
            claim(cap, 30 + i * 5 + j, m, "10.0.0.5")
    cap.add(T0 + 3, ethernet(ROUTER, "02:00:00:00:00:0d", ETH_IPV4, udp4("240.0.0.9", "10.0.0.1", 9, 9, b"x" * 8)))
    for i in range(15):
        claim(cap, i * 300 + 0.5, "02:00:00:00:10:00", "10.0.0.100")

@fixture("arp-poison-gateway")
def _(cap):
    """ARP cache poisoning as arpspoof does it to one victim: the attacker 02:00:00:00:0e:71
    (10.0.0.105) asks the victim 10.0.0.107 for its MAC with the gateway's 10.0.0.1 as sender,
    sends it an unsolicited reply "10.0.0.1 is at" itself, relays its traffic (off-link sources),
    and later asks who has 10.0.0.1 with its own address: it does not hold what it claimed. The
    real gateway never ARPs in the capture (its replies go to the attacker only)."""
    attacker, victim, gateway = "02:00:00:00:0e:71", "02:00:00:00:01:07", "02:00:00:00:00:01"
    cap.add(T0 + 1, arp_frame(1, victim, "10.0.0.107", "00:00:00:00:00:00", "10.0.0.200"))
    cap.add(T0 + 4.6, arp_frame(1, attacker, "10.0.0.1", "00:00:00:00:00:00", "10.0.0.107", dst=victim))
    cap.add(T0 + 4.61, arp_frame(2, victim, "10.0.0.107", attacker, "10.0.0.1", dst=attacker))
    cap.add(T0 + 4.62, arp_frame(2, attacker, "10.0.0.1", victim, "10.0.0.107", dst=victim))
    for i in range(10):
        cap.add(T0 + 5 + i, ethernet(attacker, victim, ETH_IPV4, tcp4("10.0.0.107", "198.51.100.7", 50000, 80)))
        cap.add(T0 + 5.1 + i, ethernet(victim, attacker, ETH_IPV4, tcp4("198.51.100.7", "10.0.0.107", 80, 50000)))
        cap.add(T0 + 5.2 + i, ethernet(victim, gateway, ETH_IPV4, tcp4("198.51.100.7", "10.0.0.107", 80, 50000)))
    cap.add(T0 + 14.4, arp_frame(1, attacker, "10.0.0.105", "00:00:00:00:00:00", "10.0.0.1"))


@fixture("arp-resolver-lookalikes")
def _(cap):
    """Hosts that claim an address and ask who has it, legitimately (no arp-spoofing): a router
    doing local proxy ARP for 10 isolated clients, seen from the uplink of one (it answers for each
    and resolves each itself: proxy-arp, info); a host renumbered from 10.0.0.40 to 10.0.0.41 that
    asks for its old address, answered by the new owner (address-moved, info); an RFC 5227 probe
    and announcement; a VRRP master whose virtual MAC answers for the VIP."""
    background(cap)
    proxy, client = "02:00:00:00:00:f9", "02:00:00:00:20:00"
    for i in range(10):
        target = "10.0.2.%d" % (11 + i)
        cap.add(T0 + 1 + i, arp_frame(2, proxy, target, client, "10.0.2.10", dst=client))
        cap.add(T0 + 1.02 + i, arp_frame(1, proxy, "10.0.2.1", "00:00:00:00:00:00", target))
    old, new = "02:00:00:00:00:40", "02:00:00:00:00:41"
    claim(cap, 2, old, "10.0.0.40")
    garp(cap, 30, old, "10.0.0.41")
    cap.add(T0 + 40, arp_frame(1, old, "10.0.0.41", "00:00:00:00:00:00", "10.0.0.40"))
    cap.add(T0 + 40.01, arp_frame(2, new, "10.0.0.40", old, "10.0.0.41", dst=old))
    probe(cap, 45, "02:00:00:00:00:42", "10.0.0.42")
    garp(cap, 47, "02:00:00:00:00:42", "10.0.0.42")
    vmac = "00:00:5e:00:01:0a"
    cap.add(T0 + 50, arp_frame(2, vmac, "10.0.0.254", "02:00:00:00:10:00", "10.0.0.100", dst="02:00:00:00:10:00"))
    cap.add(T0 + 51, arp_frame(1, vmac, "10.0.0.254", "00:00:00:00:00:00", "10.0.0.254"))


@fixture("apipa-late-dhcp")
def _(cap):
    """Two Windows hosts at boot. 02:00:00:00:0a:61 finds no DHCP answer, takes 169.254.145.153
    (three RFC 5227 probes, an announcement), and 24 s later gets its lease 10.0.0.133 from the
    DHCP server (probes, announcement, ARP for the gateway): APIPA while DHCP was slow, a warning.
    02:00:00:00:0a:62 takes 169.254.67.194 and never gets a lease: a host cut off, an error."""
    background(cap)
    late, lost = "02:00:00:00:0a:61", "02:00:00:00:0a:62"
    for i in range(3):
        probe(cap, 2 + i, late, "169.254.145.153")
        probe(cap, 2.5 + i, lost, "169.254.67.194")
    garp(cap, 5, late, "169.254.145.153")
    garp(cap, 5.5, lost, "169.254.67.194")
    dhcp_ack(cap, 29, late, "10.0.0.133")
    for i in range(3):
        probe(cap, 29.5 + i, late, "10.0.0.133")
    garp(cap, 32.5, late, "10.0.0.133")
    for i in range(5):
        claim(cap, 33 + i * 5, late, "10.0.0.133", reply=False)
        garp(cap, 34 + i * 5, lost, "169.254.67.194")


def ra_frame(src_mac, src, lifetime, sllao=None, prefix=None):
    """A Router Advertisement to all nodes: hop limit 64, router lifetime, optional SLLA and /64 prefix."""
    body = struct.pack("!BBHBBHII", 134, 0, 0, 64, 0, lifetime, 0, 0)
    if sllao:
        body += ndp_option(1, sllao)
    if prefix:
        body += struct.pack("!BBBBIII", 3, 4, 64, 0xc0, 86400, 14400, 0) + ip6(prefix)
    return ethernet("33:33:00:00:00:01", src_mac, ETH_IPV6, icmpv6(src, "ff02::1", body))


@fixture("ra-kill-before-router")
def _(cap):
    """kill_router6 whose first forged RA (lifetime 0, no options, from another MAC) comes before the
    router's next RA. The router's link-local fe80::6400:6aff:fe00:1 is the modified EUI-64 of its
    MAC 66:00:6a:00:00:01: the forger 02:00:00:00:66:66 impersonates it, not the other way round."""
    router, router_ip = "66:00:6a:00:00:01", "fe80::6400:6aff:fe00:1"
    forger = "02:00:00:00:66:66"
    cap.add(T0 + 0.09, ra_frame(forger, router_ip, 0))
    for i in range(3):
        cap.add(T0 + 0.7 + i * 10, ra_frame(router, router_ip, 30, sllao=router, prefix="2001:db8:1::"))
        cap.add(T0 + 1.0 + i * 10, ethernet(multicast_mac_v6("fe80::1"), router, ETH_IPV6,
                                             icmpv6(router_ip, "ff02::1", neighbor_advertisement(router_ip, router))))
    for i in range(1, 4):
        cap.add(T0 + i * 3.0 + 0.09, ra_frame(forger, router_ip, 0))


def cooked_lo(frame, outgoing):
    """Linux cooked v1 as `any` writes a frame of `lo`: ARPHRD_LOOPBACK (772), zero address."""
    return struct.pack("!HHH", 4 if outgoing else 0, 772, 6) + b"\0" * 8 + frame[12:14] + frame[14:]


def null_frame(packet, family=2):
    """DLT_NULL: the address family in the writer's (here little-endian) byte order, then IP."""
    return struct.pack("<I", family) + packet


def cooked(version, frame):
    """Re-wraps an Ethernet frame as Linux cooked v1 or v2 (what the `any` device gives)."""
    src, ethertype, payload = frame[6:12], frame[12:14], frame[14:]
    if version == 1:
        return struct.pack("!HHH", 0, 1, 6) + src + b"\0\0" + ethertype + payload
    return ethertype + b"\0\0" + struct.pack("!IHBB", 2, 1, 0, 6) + src + b"\0\0" + payload


def write_all(outdir):
    os.makedirs(outdir, exist_ok=True)
    for name, build in FIXTURES.items():
        rng.seed(name)
        cap = Capture()
        build(cap)
        cap.write(os.path.join(outdir, name + ".pcap"))
    # The same conflict in other containers and link types.
    rng.seed("formats")
    base = Capture()
    FIXTURES["duplicate-static"](base)
    base.write_ng(os.path.join(outdir, "duplicate-static.pcapng"))
    for version, linktype in ((1, LINKTYPE_LINUX_SLL), (2, LINKTYPE_LINUX_SLL2)):
        cap = Capture(linktype)
        cap.packets = [(t, cooked(version, f)) for t, f in base.packets]
        cap.write(os.path.join(outdir, "duplicate-cooked%s.pcap" % ("" if version == 1 else "2")))
    raw = Capture(LINKTYPE_RAW)
    raw.add(T0, udp4("127.0.0.1", "10.0.0.1", 9, 9))
    raw.add(T0 + 1, ipv6("::1", "fd00::1", 59, b""))
    raw.add(T0 + 2, udp4("10.0.0.3", "10.0.0.1", 9, 9))
    raw.write(os.path.join(outdir, "raw-ip.pcap"))
    write_quirks(outdir, base)
    write_link_fixtures(outdir)


def write_quirks(outdir, base):
    """Captures as real tools leave them: `any` with lo, BSD loopback, cut records, several interfaces."""
    # `tcpdump -i any`: lo's frames (127.0.0.53, ::1) beside a real segment's conflict. SLL layout as
    # in tcpdump's tests/tcp-handshake-nano.pcap.
    lo = "00:00:00:00:00:00"
    any_cap = Capture(LINKTYPE_LINUX_SLL)
    any_cap.packets = [(t, cooked(1, f)) for t, f in base.packets]
    any_cap.add(T0 + 0.5, cooked_lo(ethernet(lo, lo, ETH_IPV4, udp4("127.0.0.1", "127.0.0.53", 40000, 53, b"q" * 30)), True))
    any_cap.add(T0 + 0.501, cooked_lo(ethernet(lo, lo, ETH_IPV4, udp4("127.0.0.53", "127.0.0.1", 53, 40000, b"r" * 60)), False))
    any_cap.add(T0 + 0.6, cooked_lo(ethernet(lo, lo, ETH_IPV6, ipv6("::1", "::1", 17, struct.pack("!HHHH", 1, 2, 8, 0))), True))
    any_cap.write(os.path.join(outdir, "any-with-lo.pcap"))
    # BSD/macOS lo0 and utun (DLT_NULL), as in tcpdump's tests/dns-badcookie.pcap: loopback DNS is
    # skipped; utun traffic is decoded, and its reserved-space source judged.
    null = Capture(LINKTYPE_NULL)
    null.add(T0 + 1, null_frame(udp4("127.0.0.1", "127.0.0.1", 54954, 53, b"q" * 28)))
    null.add(T0 + 1.001, null_frame(udp4("127.0.0.1", "127.0.0.1", 53, 54954, b"r" * 48)))
    null.add(T0 + 2, null_frame(ipv6("::1", "::1", 17, struct.pack("!HHHH", 1, 2, 8, 0)), family=30))
    null.add(T0 + 3, null_frame(udp4("10.8.0.2", "10.8.0.1", 1194, 1194, b"v" * 20)))
    null.add(T0 + 4, null_frame(udp4("240.0.0.9", "10.8.0.1", 9, 9, b"x" * 8)))
    null.write(os.path.join(outdir, "bsd-loopback.pcap"))
    # tcpdump stopped (or the file copied) mid-write: the last record is cut 10 bytes into its data.
    for suffix, writer in ((".pcap", base.write), (".pcapng", base.write_ng)):
        path = os.path.join(outdir, "truncated" + suffix)
        writer(path)
        last = len(base.packets[-1][1])
        with open(path, "r+b") as f:
            f.seek(0, os.SEEK_END)
            f.truncate(f.tell() - last + 10 - (0 if suffix == ".pcap" else (-last % 4) + 4))
    # dumpcap -i eth0 -i eth1 -i any: two Ethernet segments that reuse 10.0.0.5 (no conflict: not
    # one L2 domain) and an `any` interface of another link type and snap length with a real
    # conflict. Two interfaces of one link type as in nDPI's tests/cfgs/default/pcap/rtp.pcapng.
    packets = []
    for i in range(4):
        packets.append((T0 + i * 5, 0, arp_frame(2, "02:00:00:00:00:e0", "10.0.0.5", ROUTER, "10.0.0.1")))
        packets.append((T0 + i * 5 + 1, 1, arp_frame(2, "02:00:00:00:00:e1", "10.0.0.5", ROUTER, "10.0.0.1")))
        packets.append((T0 + i * 5 + 2, 2, cooked(1, arp_frame(2, "02:00:00:00:00:f0", "10.0.0.77", ROUTER, "10.0.0.1"))))
        packets.append((T0 + i * 5 + 3, 2, cooked(1, arp_frame(2, "02:00:00:00:00:f1", "10.0.0.77", ROUTER, "10.0.0.1"))))
    write_ng_interfaces(os.path.join(outdir, "three-interfaces.pcapng"),
                        [(LINKTYPE_ETHERNET, 262144, "eth0"), (LINKTYPE_ETHERNET, 262144, "eth1"), (LINKTYPE_LINUX_SLL, 65535, "any")],
                        packets)


if __name__ == "__main__":
    write_all(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "pcap"))
