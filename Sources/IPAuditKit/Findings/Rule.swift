/// The rule catalogue: every finding's `rule` is one of these, with its stable id (what
/// scripts, allow-lists and metrics key on), default severity (and the declared reasons for
/// another, `SeverityReason`), one-line meaning, the tools that apply it and the evidence
/// that moves between evaluations. The rule types that judge declare which of these they raise
/// (`RuleEvaluator`) and are registered once per tool (`AuditRules`, the capture layer's
/// `WireRules`); `RuleRegistryTests` holds the registries to this catalogue. The README's rule
/// table and `ipaudit rules` come from here, so they cannot drift apart.
public enum Rule: String, CaseIterable, Codable, Sendable, Comparable, CustomStringConvertible {
    case duplicateAddress = "duplicate-address"
    case unroutableAddress = "unroutable-address"
    case outsideRoutableSpace = "outside-routable-space"
    case publicSpace = "public-space"
    case outOfZone = "out-of-zone"
    case outsideOverlaySlice = "outside-overlay-slice"
    case overlappingAllocation = "overlapping-allocation"
    case quorumAtRisk = "quorum-at-risk"
    case mastersNotSpread = "masters-not-spread"
    case poolUtilization = "pool-utilization"
    case unknownAddress = "unknown-address"
    case unresponsiveAddress = "unresponsive-address"
    case addressMoved = "address-moved"
    case duplicateAttempt = "duplicate-attempt"
    case macMismatch = "arp-mac-mismatch"
    case fhrpVirtualMAC = "fhrp-virtual-mac"
    case proxyARP = "proxy-arp"
    case arpFlux = "arp-flux"
    case allowListed = "allow-listed"
    case inventoryMACMismatch = "mac-mismatch"
    case staleAddress = "stale-address"
    case staleAllocation = "stale-allocation"
    case reservedAddress = "reserved-address"
    case inconsistentRecord = "inconsistent-record"
    case rogueDHCPServer = "rogue-dhcp-server"
    case multipleDHCPServers = "multiple-dhcp-servers"
    case rogueRouter = "rogue-router"
    case multipleRouters = "multiple-routers"
    case routerImpersonation = "router-impersonation"
    case advertisedPrefixOutsideRoutable = "ra-prefix-outside-routable"
    case arpSpoofing = "arp-spoofing"

    /// Where a rule is applied.
    public enum Scope: String, Sendable, CaseIterable {
        case audit, scan, probe
    }

    public var id: String { rawValue }
    public var description: String { rawValue }

    public static func < (a: Rule, b: Rule) -> Bool { a.rawValue < b.rawValue }

    /// The severity a finding of this rule has unless the rule's own judgement says otherwise
    /// (e.g. utilization is a warning at 80 % and an error at 95 %); `severityNote` says when.
    public var defaultSeverity: Severity {
        switch self {
        case .duplicateAddress, .unroutableAddress, .outsideRoutableSpace, .outOfZone, .outsideOverlaySlice,
             .overlappingAllocation, .quorumAtRisk, .mastersNotSpread, .reservedAddress, .inconsistentRecord:
            .error
        // Clients of an unnamed server or router get wrong addresses, gateways and DNS: an
        // outage or a man in the middle, as sure as a duplicate address. A forged RA from a
        // router's own link-local address is an attack whatever is named (kill_router6).
        case .rogueDHCPServer, .rogueRouter, .routerImpersonation, .advertisedPrefixOutsideRoutable, .arpSpoofing:
            .error
        // Nobody named the link's servers: two answering may be a failover pair or two routers
        // meant to be there, so it is a question for the engineer, until they are named.
        case .multipleDHCPServers, .multipleRouters:
            .warning
        case .publicSpace, .poolUtilization, .unknownAddress, .unresponsiveAddress, .duplicateAttempt, .macMismatch,
             .inventoryMACMismatch, .staleAddress, .staleAllocation:
            .warning
        case .addressMoved, .fhrpVirtualMAC, .proxyARP, .arpFlux, .allowListed:
            .info
        }
    }

    /// When a finding's severity differs from the default: the declared reasons, joined.
    public var severityNote: String? {
        let notes = severityReasons.map(\.note)
        return notes.isEmpty ? nil : notes.joined(separator: "; ")
    }

    /// The declared reasons a finding of this rule may carry another severity than the default.
    public var severityReasons: [SeverityReason] { SeverityReason.allCases.filter { $0.rule == self } }

    /// True when a finding of this rule may carry `severity`: the default, or a declared reason's.
    public func allows(_ severity: Severity) -> Bool {
        severity == defaultSeverity || severityReasons.contains { $0.severity == severity }
    }

    public var scopes: Set<Scope> {
        switch self {
        case .duplicateAddress, .unroutableAddress, .unknownAddress, .allowListed: [.audit, .scan, .probe]
        case .outsideRoutableSpace: [.audit, .scan]
        case .publicSpace, .outOfZone, .outsideOverlaySlice, .overlappingAllocation, .quorumAtRisk, .mastersNotSpread,
             .poolUtilization:
            [.audit]
        // The audit of a store reports the verdicts scan and probe kept there.
        case .duplicateAttempt, .arpSpoofing: [.audit, .scan]
        case .addressMoved, .macMismatch, .fhrpVirtualMAC, .proxyARP, .arpFlux: [.audit, .scan, .probe]
        case .inventoryMACMismatch: [.audit, .probe]
        case .staleAddress, .staleAllocation, .reservedAddress, .inconsistentRecord: [.audit]
        case .unresponsiveAddress: [.probe]
        case .rogueDHCPServer, .multipleDHCPServers, .rogueRouter, .multipleRouters, .routerImpersonation,
             .advertisedPrefixOutsideRoutable:
            [.scan, .probe]
        }
    }

    /// Evidence keys (at any depth) that move with the traffic without changing the verdict:
    /// per-frame counters, latest times and example frame numbers, and what grows with the
    /// traffic (the addresses a proxy-ARP MAC answers for, the host-source reason that counts
    /// foreign sources). `scan --watch` reports no change when only these differ; rules judged
    /// once per run (audit's, probe's) have none.
    public var volatileEvidence: Set<String> {
        switch self {
        case .duplicateAddress, .unroutableAddress, .unknownAddress, .allowListed, .duplicateAttempt, .addressMoved,
             .macMismatch, .fhrpVirtualMAC, .arpFlux, .arpSpoofing:
            Self.perFrameEvidence
        case .outsideRoutableSpace: Self.perFrameEvidence.union(["judged_on_link"])
        case .proxyARP: ["address_count", "addresses"]
        // What a server or router hands out grows with its clients; its answers with the traffic.
        case .rogueDHCPServer, .multipleDHCPServers, .rogueRouter, .multipleRouters, .routerImpersonation,
             .advertisedPrefixOutsideRoutable:
            Self.perFrameEvidence.union(["answers", "offered", "routers", "dns", "kinds", "prefixes", "router_lifetime",
                                         "router_lifetimes", "sources", "relays", "macs", "valid_lifetime", "preferred_lifetime"])
        case .publicSpace, .outOfZone, .outsideOverlaySlice, .overlappingAllocation, .quorumAtRisk, .mastersNotSpread,
             .poolUtilization, .unresponsiveAddress, .inventoryMACMismatch, .staleAddress, .staleAllocation,
             .reservedAddress, .inconsistentRecord:
            []
        }
    }

    /// The verdicts on who serves a link (DHCP servers, routers), not on addresses.
    public static let linkServiceRules: Set<Rule> = [.rogueDHCPServer, .multipleDHCPServers, .rogueRouter, .multipleRouters,
                                                     .routerImpersonation, .advertisedPrefixOutsideRoutable]

    /// What every frame seen again refreshes: the claim's and the record's counters and times.
    static let perFrameEvidence: Set<String> = ["last_seen", "frames", "example_frames"]

    public var meaning: String {
        switch self {
        case .duplicateAddress:
            "audit: one address, ≥ 2 entities in one routing domain (not: vip/anycast/vrrp, host-mode tasks and host-network pods on their node, bridges, link-local addresses (unique per link), finished tasks and pods, reserved rows, `--allow` entries); scan: two or more MACs claim it within the grace period or in overlapping periods; probe: two or more MACs answer its probes"
        case .unroutableAddress:
            "loopback, link-local, multicast, documentation, reserved, IPv4-mapped… (the IANA registry entry cited), in the inventory (one per address) or from an on-link host; warning for discouraged space such as 100.64.0.0/10 (one per range and network)"
        case .outsideRoutableSpace: "outside the plan's `routable` and `--routable` (not: Kubernetes ExternalIPs, service external and load-balancer addresses in public space)"
        case .publicSpace:
            "DC/OS defaults 9.0.0.0/8, 44.128.0.0/20, 11.0.0.0/8; public IPv4 on a non-public node (not: Kubernetes ExternalIPs, service external and load-balancer addresses). One cause is one finding: an overlay or default range in public space gives one warning per network and range, with `count` and `first_addresses` in the evidence"
        case .outOfZone: "address outside its zone's or rack's block (a node once, not again for its host-network tasks and pods); cloud: an interface in another zone than its subnet's, or outside its regional subnet's region"
        case .outsideOverlaySlice:
            "a task or pod address on an overlay in another node's slice than its own node's, or in no node's slice (slices: DC/OS `/overlay-master/state`, Kubernetes node `podCIDRs` with `--pod-ipam node-cidr`, on an overlay or the underlay)"
        case .overlappingAllocation:
            "blocks nested across overlay/underlay, zones, regions, racks; two nodes' pod CIDRs overlapping; a node or service address inside a pod CIDR; cloud: a subnet outside its VPC, two ranges of one network (or of peered ones) overlapping"
        case .quorumAtRisk: "master (Kubernetes, per cluster: control-plane nodes with stacked etcd, or the etcd-labelled nodes when there are any) count not 3 or 5"
        case .mastersNotSpread: "masters (control-plane or etcd nodes) in several regions, or one zone/rack whose loss breaks quorum"
        case .poolUtilization: "pool use at or above `--utilization-warning` (80 %)"
        case .unknownAddress: "on the wire (scan observations, an on-link address, an answer to a probe) but in no inventory"
        case .unresponsiveAddress: "an inventory or store address on the probed link answered no probe (a stale record or a host that is down)"
        case .addressMoved: "one MAC replaced another that then fell silent (failover, NIC swap)"
        case .duplicateAttempt: "a new MAC probed (RFC 5227 / DAD) an address in use"
        case .macMismatch: "ARP sender MAC differs from the Ethernet source (not bound)"
        case .fhrpVirtualMAC: "only VRRP/HSRP/GLBP virtual MACs claim it"
        case .proxyARP: "one MAC answers for ≥ 8 addresses nobody else claims"
        case .arpFlux: "the same MACs answer for several addresses (multi-homed host, arp_ignore=0)"
        case .allowListed: "an `--allow` entry names the address and every entity or MAC; the reason is reported"
        case .inventoryMACMismatch: "an inventory record's MAC was not seen with its address in the record's domain (VLAN), another MAC was; probe: other MACs answered for it, the record's never did"
        case .staleAddress: "a live inventory address the wire has not seen for `--stale-after` (30d) on a link watched longer than that"
        case .reservedAddress: "an address the cloud keeps for itself in its subnet (AWS: the first four and the last): no interface can hold it"
        case .inconsistentRecord: "a cloud record contradicts itself: an interface address outside the subnet it names"
        case .staleAllocation: "an address manager's block, slice or address held for a node or pod the same cluster's objects no longer have, or a Calico handle naming a block that is gone (a leak: the space is never handed out again)"
        case .rogueDHCPServer:
            "a DHCP OFFER/ACK/NAK or DHCPv6 ADVERTISE/REPLY from a server no `--dhcp-server` (or plan `dhcp_servers`) names by server identifier, address or MAC (not: a relay agent handing over a named server's answer)"
        case .multipleDHCPServers:
            "no DHCP server named, and more than one answers on one link (per family): each named with what it handed out (addresses, routers, DNS); relayed and routed answers count as their server's"
        case .rogueRouter: "a Router Advertisement from a MAC no `--router` (or plan `routers`) names"
        case .multipleRouters: "no router named, and Router Advertisements from more than one MAC on one link: each named with its prefixes and lifetimes"
        case .routerImpersonation:
            "a Router Advertisement from a link-local address another MAC holds (bound to it, or advertising from it first), or bare router-lifetime-0 RAs between a router's own from its MAC and address: how thc-ipv6 kill_router6 forges them; whatever is named"
        case .advertisedPrefixOutsideRoutable: "a Router Advertisement hands out a prefix outside the plan's `routable` and `--routable`"
        case .arpSpoofing:
            "the only MAC claiming an IPv4 address by ARP also asked who has it (ARP cache poisoning; not: proxy ARP for many addresses, FHRP virtual MACs, an address another MAC claims too)"
        }
    }

    /// The severity column of the rule table: the default and, when it varies, how.
    public var severityText: String {
        severityNote.map { "\(defaultSeverity.rawValue) (\($0))" } ?? defaultSeverity.rawValue
    }

    /// The catalogue as the Markdown table the README carries (a test keeps them equal).
    public static var markdownTable: String {
        var out = "| rule | severity | applies to | meaning |\n|---|---|---|---|\n"
        for rule in allCases {
            let scopes = Scope.allCases.filter { rule.scopes.contains($0) }.map(\.rawValue).joined(separator: ", ")
            out += "| \(rule.id) | \(rule.severityText) | \(scopes) | \(rule.meaning) |\n"
        }
        return out
    }

    /// One line per rule a tool applies, for its `--help`.
    public static func helpList(for scope: Scope) -> String {
        // Each rule on a line of its own (the heading before it ends without a newline), in
        // ASCII: the help screens become the man page.
        PlainText.ascii(allCases.filter { $0.scopes.contains(scope) }
            .map { "\n  \($0.id) (\($0.defaultSeverity.rawValue)\($0.severityNote.map { "; " + $0 } ?? "")): \($0.meaning)" }
            .joined())
    }
}
