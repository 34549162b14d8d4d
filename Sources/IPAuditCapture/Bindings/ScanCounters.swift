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

    public var stats: [String: JSONValue] {
        var s: [String: JSONValue] = [
            "packets": .int(packets), "arp": .int(arp), "ipv4": .int(ipv4), "ipv6": .int(ipv6),
            "ndp": .int(neighborDiscovery), "dhcp_acks": .int(dhcpAcks), "other_frames": .int(otherFrames),
            "decode_errors": .int(decodeErrors), "invalid_sender_macs": .int(invalidSenderMACs),
            "untracked_addresses": .int(untrackedAddresses), "aged_out_entries": .int(agedOutEntries),
            "dropped_side_records": .int(droppedSideRecords),
        ]
        for (reason, n) in decodeErrorsByReason { s["decode_error_\(reason.rawValue)"] = .int(n) }
        return s
    }
}
