import IPCore

/// What one `ipaudit audit` (or `ipaudit report`) run was asked to look at, as given on the
/// command line: files and option texts, not yet read or parsed.
public struct AuditRequest: Sendable {
    public var files: [String]
    public var inputFormat: InventoryFormat
    public var planPath: String?
    /// `--routable` texts; parsed by the run so a bad one names its option.
    public var routable: [String]
    public var allowPath: String?
    /// Pool use (fractions, 0...1) that warns / is an error.
    public var utilizationWarning: Double
    public var utilizationError: Double
    public var skipInvalid: Bool
    public var allowEmpty: Bool
    /// How Kubernetes inputs are read (cluster name, pod network, rack label).
    public var kubernetes: KubernetesSettings
    /// `--stale-after` in seconds (default 30 days).
    public var staleAfter: Double = 30 * 86_400
    /// The moment ages are measured to; nil: the latest news of the wire in the audited input.
    /// `show` audits a slice of a store and passes the whole store's latest news.
    public var now: Double?

    public init(files: [String] = [], inputFormat: InventoryFormat = .auto, planPath: String? = nil, routable: [String] = [],
                allowPath: String? = nil, utilizationWarning: Double = 0.80, utilizationError: Double = 0.95,
                skipInvalid: Bool = false, allowEmpty: Bool = false,
                kubernetes: KubernetesSettings = KubernetesSettings()) {
        self.files = files
        self.inputFormat = inputFormat
        self.planPath = planPath
        self.routable = routable
        self.allowPath = allowPath
        self.utilizationWarning = utilizationWarning
        self.utilizationError = utilizationError
        self.skipInvalid = skipInvalid
        self.allowEmpty = allowEmpty
        self.kubernetes = kubernetes
    }
}
