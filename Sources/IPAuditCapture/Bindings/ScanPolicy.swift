import IPAuditKit
import IPCore

/// What the verdicts depend on besides the wire: the allow-list, the cluster's routable
/// space, and the limits that keep state bounded. Defaults suit one capture of a cluster LAN.
public struct ScanPolicy: Sendable {
    /// The allow-list `audit` uses too: (address, entities, reason); for the wire the entities
    /// are MACs. Set it through `allowing(_:)` so MACs written in any case match.
    public private(set) var allowList = AllowList()
    /// `--routable`: bound addresses outside it are `outside-routable-space`. Nil: not judged.
    public var routable: IPSet?
    /// `--inventory`: the addresses the inventory knows; bound addresses outside it are
    /// `unknown-address`. Nil: not judged.
    public var knownAddresses: Set<IPAddress>?
    /// MACs kept per address; more are counted (`overflow_macs`) but not kept.
    public var maxMACsPerAddress = 8
    /// Probes kept per address.
    public var maxProbesPerAddress = 4
    /// Tracked (domain, address) entries before idle ones are aged out.
    public var maxEntries = 1 << 20
    /// An entry silent this long (capture time) may be aged out when the table is full.
    public var idleTimeout: Double = 3600
    /// A one-shot scan ages idle entries out when the table is full and keeps their findings and
    /// observations aside. `scan --watch` retires idle state on its own schedule instead: an
    /// address evicted aside and then back would be two observations of one binding, and the
    /// store ledger would compute a negative delta from them.
    public var agesOutWhenFull = true
    /// A MAC answering for at least this many addresses nobody else claims looks like proxy ARP.
    public var proxyARPThreshold = 8
    /// A MAC probing at least this many in-use addresses is sweeping (switch IP device tracking), not colliding.
    public var probeSweepThreshold = 4
    /// A probe counts as "for an address in use" when the owner claimed it within this long
    /// before, or defended it within `defenceWindow` after.
    public var inUseWindow: Double = 600
    public var defenceWindow: Double = 2
    /// `--move-grace`: a MAC taking over an address is a move only when the old MAC fell silent
    /// more than this long before the new one first answered; closer claims are a duplicate.
    /// Longer than ARP retransmits and GARP bursts, shorter than a failover's detection time.
    public var moveGrace: Double = 2
    /// `--router MAC`: MACs known to forward traffic (routers, firewalls, load balancers), on
    /// top of those learned from the wire; sources they carry are never judged as on-link.
    public var routerMACs: Set<MACAddress> = []
    /// `--dhcp-server` and the plan's `dhcp_servers`: the DHCP servers that may answer, by
    /// address or MAC. Empty: any may, but more than one on a link is a warning. The routers
    /// that may send Router Advertisements are `routerMACs` (`--router`, the plan's `routers`).
    public var dhcpServers = LinkServiceNames()
    /// A MAC carrying at least this many distinct sources outside the routable space forwards
    /// traffic: a router, not a leaking host.
    public var routerSourceThreshold = 4
    /// The address most MACs (at least this many) ask for by ARP is the segment's gateway;
    /// the MAC answering for it is a router.
    public var gatewayRequesters = 2
    /// A MAC using a 169.254/16 address is a service only while it holds an ordinary IPv4
    /// address: claimed or sourced within this long of the link-local use (see `LinkLocalService`).
    public var linkLocalLiveWindow: Double = 10
    /// Separate findings kept per kind (mismatches, unroutable sources) before counting only.
    public var maxSideRecords = 10_000

    public init() {}

    /// Uses `list`, with MAC entities rewritten to the lower-case colon form findings use.
    public mutating func allowing(_ list: AllowList) {
        allowList = AllowList(entries: list.entries.map { e in
            var entry = e
            entry.entities = Set(e.entities.map { MACAddress($0)?.description ?? $0 })
            return entry
        })
    }
}
