import IPCore

/// What `ipaudit show` answers about an address, a prefix or a MAC: where the plan puts it,
/// which inventory records name it, what the wire saw, and the open findings naming it.
public struct ShowReport: Sendable, Encodable {
    /// `address`, `prefix` or `mac`.
    public var kind: String
    public var subject: String
    /// Stored allocations containing the subject, outermost first (region, zone, rack, role/agent).
    public var plan: [PlanStep]
    public var records: [RecordLine]
    /// Per L2 domain, in domain order.
    public var wire: [WireDomain]
    public var findings: [Finding]
    /// For a prefix: one page of the addresses inside it; nil otherwise.
    public var inside: [InsideEntry]?
    /// For a prefix whose page was full: the `--after` value of the next page.
    public var nextAfter: String?

    public struct PlanStep: Sendable, Encodable, Equatable {
        public var kind: String
        public var path: String
        public var prefix: String
        public var region: String
        public var zone: String?
        public var rack: String?
        public var role: String?
        public var agent: String?
    }

    public struct RecordLine: Sendable, Encodable, Equatable {
        public var source: String
        public var entity: String
        public var role: String
        public var address: String?
        public var prefix: String?
        public var region: String?
        public var zone: String?
        public var rack: String?
        public var mac: String?
        public var network: String?
        public var live: Bool
        public var labels: [String: String]
        public var location: String?
    }

    public struct WireDomain: Sendable, Encodable, Equatable {
        public var domain: String
        public var bindings: [Binding]
    }

    /// One (address, MAC) pair of a domain. `frames` counts the frames that showed the binding.
    public struct Binding: Sendable, Encodable, Equatable {
        public var address: String
        public var mac: String
        public var firstSeen: Double
        public var lastSeen: Double
        public var frames: Int
    }

    /// One address inside a shown prefix.
    public struct InsideEntry: Sendable, Encodable, Equatable {
        public var address: String
        public var entities: [String]
        public var macs: [String]
        /// Latest sighting on the wire, nil when only an inventory names it.
        public var lastSeen: Double?
    }

    enum CodingKeys: String, CodingKey {
        case kind, subject, plan, records, wire, findings, inside
        case nextAfter = "next_after"
    }
}

extension ShowReport.RecordLine {
    init(_ r: InventoryRecord) {
        self.init(source: r.source, entity: r.name, role: r.role.description, address: r.address?.description,
                  prefix: r.prefix?.description, region: r.region, zone: r.zone, rack: r.rack, mac: r.mac,
                  network: r.network, live: r.live, labels: r.labels, location: r.location)
    }
}

extension ShowReport.Binding {
    enum CodingKeys: String, CodingKey {
        case address, mac, frames
        case firstSeen = "first_seen", lastSeen = "last_seen"
    }
}

extension ShowReport.InsideEntry {
    enum CodingKeys: String, CodingKey {
        case address, entities, macs
        case lastSeen = "last_seen"
    }
}
