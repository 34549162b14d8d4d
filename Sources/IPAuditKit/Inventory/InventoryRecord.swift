import IPCore

/// One inventory entry as plain values: an entity's address (or a subnet's prefix) with
/// its name, role and place in the region → zone → rack tree.
///
/// Importers for the nested formats (JSON, YAML, Mesos, Marathon, NetBox API) build these;
/// the CSV fast path writes straight into `Inventory`'s columns instead.
public struct InventoryRecord: Hashable, Sendable {
    /// The host address; nil for a subnet record. IPv4-mapped IPv6 is already unmapped.
    public var address: IPAddress?
    /// The subnet, for `prefix` rows (NetBox prefixes, zone blocks listed in an inventory).
    public var prefix: IPPrefix?
    /// The address was written as `::ffff:a.b.c.d`: the registry still calls that unroutable.
    public var mappedIPv4: Bool
    public var name: String
    public var role: InventoryRole
    public var region: String?
    public var zone: String?
    public var rack: String?
    public var mac: String?
    /// Routing domain: empty/nil is the underlay; `dcos`, `dcos6`, a NetBox VRF, ... are others.
    public var network: String?
    public var vlan: Int?
    /// For tasks: the agent address they run on (host-networked tasks share it).
    public var host: String?
    /// False for history: terminal tasks, reserved or deprecated NetBox rows.
    public var live: Bool
    /// Columns and fields the model does not know, kept as text.
    public var labels: [String: String]
    public var source: String
    public var file: String?
    public var line: Int?
    public var path: String?

    public init(address: IPAddress? = nil, prefix: IPPrefix? = nil, mappedIPv4: Bool = false, name: String,
                role: InventoryRole = .other, region: String? = nil, zone: String? = nil, rack: String? = nil,
                mac: String? = nil, network: String? = nil, vlan: Int? = nil, host: String? = nil,
                live: Bool = true, labels: [String: String] = [:], source: String = "",
                file: String? = nil, line: Int? = nil, path: String? = nil) {
        self.address = address
        self.prefix = prefix
        self.mappedIPv4 = mappedIPv4
        self.name = name
        self.role = role
        self.region = region
        self.zone = zone
        self.rack = rack
        self.mac = mac
        self.network = network
        self.vlan = vlan
        self.host = host
        self.live = live
        self.labels = labels
        self.source = source
        self.file = file
        self.line = line
        self.path = path
    }

    /// `file:line` or `file at $.path`, for evidence and messages.
    public var location: String {
        var text = file ?? source
        if let line { text += ":\(line)" }
        if let path { text += " at \(path)" }
        return text
    }
}
