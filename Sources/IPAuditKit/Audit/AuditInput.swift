import IPCore

/// Thresholds and extra knowledge given on the command line.
public struct AuditOptions: Sendable {
    /// `--routable CIDR`: added to the plan's routable space.
    public var routable: [IPPrefix]
    public var allowList: AllowList
    /// Pool utilization at or above these fractions is a warning / an error.
    public var utilizationWarning: Double
    public var utilizationError: Double
    /// `--stale-after`: seconds a watched address may be silent before its record is stale.
    public var staleAfter: Double = 30 * 86_400
    /// The moment (epoch seconds) ages are measured to; nil: the latest the wire told the store.
    public var now: Double?

    public init(routable: [IPPrefix] = [], allowList: AllowList = AllowList(),
                utilizationWarning: Double = 0.80, utilizationError: Double = 0.95) {
        self.routable = routable
        self.allowList = allowList
        self.utilizationWarning = utilizationWarning
        self.utilizationError = utilizationError
    }
}

/// Everything one audit looks at: the inventory (files and/or store), the intended topology
/// (plan and allocations) and what the scanner saw on the wire.
public struct AuditInput: Sendable {
    public var inventory: Inventory
    public var topology: AuditTopology
    public var observations: [Observation]
    public var options: AuditOptions
    /// The verdicts scan, probe and scan --watch kept open in the store, and the space they watched.
    public var wireVerdicts: [StoredVerdict] = []
    public var coverage: [LinkCoverage] = []

    public init(inventory: Inventory, topology: AuditTopology = AuditTopology(), observations: [Observation] = [],
                options: AuditOptions = AuditOptions()) {
        self.inventory = inventory
        self.topology = topology
        self.observations = observations
        self.options = options
    }
}

/// Networks whose addresses are local to each host (Mesos CNI bridge, Docker's default
/// bridge): they repeat across hosts by design and never route between zones.
enum HostLocalNetworks {
    static let names: Set<String> = ["mesos-bridge", "docker0", "docker-bridge", "bridge", "cni0", "host-local"]
}
