import IPCore

/// Everything `ipaudit calc` says about one prefix or address, ready to print or encode.
/// Keys follow the JSON schema of `calc --format json`.
public struct PrefixSummary: Codable, Sendable, Equatable {
    public let input: String
    public let network: String
    public let prefix_length: Int
    public let family: Int
    public let netmask: String?
    public let wildcard: String?
    public let broadcast: String?
    public let first: String
    public let last: String
    public let first_host: String
    public let last_host: String
    public let size: String
    public let usable_hosts: String
    public let `class`: String
    public let class_name: String
    public let rfc: String
    public let host_use: String

    /// IPv4 hosts exclude network and broadcast except in /31 (RFC 3021) and /32;
    /// IPv6 has no broadcast, so every address counts.
    public init(input: String, prefix: IPPrefix) {
        self.input = input
        network = prefix.network.description
        prefix_length = prefix.length
        family = prefix.family
        first = prefix.first.description
        last = prefix.last.description
        size = prefix.size.description
        let entry = SpecialPurposeRegistry.classify(prefix)
        `class` = entry.className
        class_name = entry.name
        rfc = entry.rfc
        host_use = entry.hostUse.rawValue
        switch prefix {
        case .v4(let p):
            netmask = p.netmask.description
            wildcard = p.hostmask.description
            broadcast = p.length <= 30 ? p.last.description : nil
            if p.length <= 30 {
                first_host = IPv4Address(bits: p.first.bits + 1).description
                last_host = IPv4Address(bits: p.last.bits - 1).description
                usable_hosts = String(p.size.value - 2)
            } else {
                first_host = p.first.description
                last_host = p.last.description
                usable_hosts = p.size.description
            }
        case .v6(let p):
            netmask = nil
            wildcard = nil
            broadcast = nil
            first_host = p.first.description
            last_host = p.last.description
            usable_hosts = p.size.description
        }
    }

    /// Aligned `label: value` lines for a terminal.
    public var textLines: [(String, String)] {
        var rows: [(String, String)] = [("network", network), ("prefix length", String(prefix_length))]
        if let netmask { rows.append(("netmask", netmask)) }
        if let wildcard { rows.append(("wildcard", wildcard)) }
        if let broadcast { rows.append(("broadcast", broadcast)) }
        rows += [("first", first), ("last", last), ("first host", first_host), ("last host", last_host),
                 ("size", size), ("usable hosts", usable_hosts),
                 ("class", "\(`class`) (\(class_name), \(rfc))")]
        return rows
    }
}
