import IPAuditKit
import IPCore

/// What `ipaudit scan` was asked to do, in typed values: the command reads its options into
/// this once, and `ScanRun` does the rest.
public struct ScanRequest: Sendable {
    /// The interface or file, and libpcap's knobs.
    public var capture: CaptureConfiguration
    /// Who the scan runs as once the capture is open (nil: `PrivilegeDrop.defaultUser`).
    public var user: String?
    /// The allow-list file (the same as audit's).
    public var allowPath: String?
    /// An address plan whose routable space joins `routable`.
    public var planPath: String?
    /// `--routable`: with a plan, host sources outside it are judged.
    public var routable: [IPPrefix] = []
    /// MACs that forward traffic (their frames' sources are not judged as on-link).
    public var routers: Set<MACAddress> = []
    /// `--dhcp-server`: the DHCP servers that may answer (addresses and MACs).
    public var dhcpServers = LinkServiceNames()
    /// Inventory files and URLs: on-link addresses none of them holds are reported.
    public var inventory: [String] = []
    /// Two MACs claiming one address less than this apart are a duplicate, not a move.
    public var moveGrace: Double = 2
    /// Tracked (domain, address) entries before idle ones are aged out.
    public var maxAddresses = 1 << 20
    /// The L2 domain's name; nil: `<host>/<iface>`, or `pcap/<file name>`.
    public var domainName: String?
    /// Prefixes the capture watched, saved with the observations for `stale-address`.
    public var linkPrefixes: [IPPrefix] = []

    public init(capture: CaptureConfiguration) { self.capture = capture }

    /// A live capture (not a file).
    public var isLive: Bool { if case .interface = capture.source { true } else { false } }
}
