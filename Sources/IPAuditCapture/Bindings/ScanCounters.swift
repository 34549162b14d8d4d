import IPAuditKit

/// What the capture loop counted: packets by kind, decode errors by reason, and the
/// state limits that were hit. Goes into `report.stats`.
public struct ScanCounters: Sendable {
    public var packets = 0
    public var arp = 0
    public var ipv4 = 0
    public var ipv6 = 0
    public var neighborDiscovery = 0
    /// DHCPACKs seen on a client's segment (each binds its address to the client's MAC).
    public var dhcpAcks = 0
    /// DHCPv6 REPLYs delivered to their client (each binds its IA_NA/IA_TA addresses to its MAC).
    public var dhcpv6Replies = 0
    /// DHCPACKs answering a DHCPINFORM (yiaddr 0): no lease, no binding.
    public var dhcpInformAcks = 0
    /// Frames captured on a loopback device (`lo` in `any`, all-zero MACs, BSD lo0): never on a wire, skipped.
    public var loopbackFrames = 0
    public var otherFrames = 0
    public var decodeErrors = 0
    public var decodeErrorsByReason: [DecodeError: Int] = [:]
    /// ARP frames whose sender MAC was zero, broadcast or multicast: not a binding.
    public var invalidSenderMACs = 0
    /// Addresses not tracked because the table was full of live entries.
    public var untrackedAddresses = 0
    public var agedOutEntries = 0
    /// Side records (mismatches, unroutable sources) not kept because their table was full.
    public var droppedSideRecords = 0
    /// Addresses that reached two or more MACs so far (the status line shows it).
    public var multiMACAddresses = 0

    public init() {}

    /// Sums the counters of several analyzers (one per capture interface).
    public static func sum(_ all: [ScanCounters]) -> ScanCounters {
        var t = ScanCounters()
        for c in all {
            t.packets += c.packets; t.arp += c.arp; t.ipv4 += c.ipv4; t.ipv6 += c.ipv6
            t.neighborDiscovery += c.neighborDiscovery; t.dhcpAcks += c.dhcpAcks; t.dhcpInformAcks += c.dhcpInformAcks
            t.dhcpv6Replies += c.dhcpv6Replies
            t.loopbackFrames += c.loopbackFrames; t.otherFrames += c.otherFrames; t.decodeErrors += c.decodeErrors
            t.decodeErrorsByReason.merge(c.decodeErrorsByReason, uniquingKeysWith: +)
            t.invalidSenderMACs += c.invalidSenderMACs; t.untrackedAddresses += c.untrackedAddresses
            t.agedOutEntries += c.agedOutEntries; t.droppedSideRecords += c.droppedSideRecords
            t.multiMACAddresses += c.multiMACAddresses
        }
        return t
    }

    public var stats: [String: JSONValue] {
        var s: [String: JSONValue] = [
            "packets": .int(packets), "arp": .int(arp), "ipv4": .int(ipv4), "ipv6": .int(ipv6),
            "ndp": .int(neighborDiscovery), "dhcp_acks": .int(dhcpAcks), "dhcp_inform_acks": .int(dhcpInformAcks),
            "dhcpv6_replies": .int(dhcpv6Replies),
            "loopback_frames": .int(loopbackFrames), "other_frames": .int(otherFrames),
            "decode_errors": .int(decodeErrors), "invalid_sender_macs": .int(invalidSenderMACs),
            "untracked_addresses": .int(untrackedAddresses), "aged_out_entries": .int(agedOutEntries),
            "dropped_side_records": .int(droppedSideRecords),
        ]
        for (reason, n) in decodeErrorsByReason { s["decode_error_\(reason.rawValue)"] = .int(n) }
        return s
    }
}
