import IPCore

/// What `ipaudit classify` prints for one address: its most specific special-purpose entry.
public struct ClassificationSummary: Codable, Sendable, Equatable {
    public let address: String
    public let zone: String?
    public let `class`: String
    public let name: String
    public let block: String
    public let rfc: String
    public let registry: String
    public let host_use: String
    /// RFC 6890 flags; null where the registry says N/A or the entry is not a registry row.
    public let source: Bool?
    public let destination: Bool?
    public let forwardable: Bool?
    public let globally_reachable: Bool?
    public let reserved_by_protocol: Bool?

    public init(_ scoped: ScopedIPAddress) {
        let e = SpecialPurposeRegistry.classify(scoped.address)
        address = scoped.address.description
        zone = scoped.zone
        `class` = e.className
        name = e.name
        block = e.prefix.description
        rfc = e.rfc
        registry = e.source.rawValue
        host_use = e.hostUse.rawValue
        source = e.isSource
        destination = e.isDestination
        forwardable = e.isForwardable
        globally_reachable = e.isGloballyReachable
        reserved_by_protocol = e.isReservedByProtocol
    }

    public var textLines: [(String, String)] {
        func flag(_ b: Bool?) -> String { b.map { $0 ? "yes" : "no" } ?? "n/a" }
        return [("address", zone.map { "\(address)%\($0)" } ?? address), ("class", `class`), ("name", name),
                ("block", block), ("rfc", rfc), ("registry", registry), ("host use", host_use),
                ("source", flag(source)), ("destination", flag(destination)), ("forwardable", flag(forwardable)),
                ("globally reachable", flag(globally_reachable)), ("reserved by protocol", flag(reserved_by_protocol))]
    }
}
