import ArgumentParser
import Foundation
import IPAuditCapture
import IPAuditKit
import IPAuditPostgres
import IPCore

/// `ipaudit probe IFACE TARGET...`: ask every target address who holds it (RFC 5227 ARP probes,
/// DAD-style Neighbor Solicitations) and judge the answers with the scanner's verdicts.
struct Probe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Probe addresses on a link (ARP / NDP) and report duplicates, proxies and silent inventory addresses.",
        discussion: """
            Sends one RFC 5227 ARP probe (sender 0.0.0.0) per IPv4 target and one DAD-style Neighbor \
            Solicitation (from ::, to the solicited-node group) per IPv6 target, so no neighbour cache \
            changes; targets still silent are asked again (--retries). Answers (ARP from a probed address, Neighbor \
            Advertisements) go through the same verdicts as `scan`: one MAC answering twice is not a \
            duplicate, nor is proxy ARP, ARP flux or an FHRP virtual MAC. Only targets on the interface's \
            link (its addresses' prefixes and connected routes) are probed; the others are listed as skipped \
            in the stats and on stderr, and nothing left to probe exits 2. With \
            --vlan the trunk's own addresses say nothing of the VLAN: command-line targets are probed as \
            given, records only when on that VLAN (or inside prefixes an IFACE.ID subinterface or VLAN-tagged \
            records give), allocations and pools only inside those prefixes. \
            Started as root, it opens the interface, the files it names and a SQLite store, then runs as --user (default: the user who ran sudo, else nobody).

            Rules (id, default severity; `ipaudit rules` lists them all):
            """ + Rule.helpList(for: .probe))

    @Argument(help: "Interface to probe on (needs root or CAP_NET_RAW).")
    var interface: String

    @Argument(help: ArgumentHelp("Addresses and CIDRs to probe (either family).", valueName: "TARGET"))
    var targets: [Given<AddressOrCIDR>] = []

    @OptionGroup var sources: InventorySourceOptions

    /// A store is read (its inventory addresses and allocated blocks are probed) only when
    /// one is named (--store or $IPAUDIT_STORE): probe has no default store.
    @OptionGroup(title: "Store (its inventory addresses and allocated blocks are probed when --store or $IPAUDIT_STORE names one)")
    var storeOptions: StoreOptions

    @Flag(name: .long, help: "Save the answers to the store (--store or $IPAUDIT_STORE) as observations (address, MAC, domain), which `audit` joins with the inventory, with the findings on them and the link's prefixes.")
    var save = false

    @OptionGroup var planOption: PlanOption

    @Option(name: .long, help: ArgumentHelp("Tag the probes with this 802.1Q VLAN ID; only answers from that VLAN count.", valueName: "ID"))
    var vlan: Int?

    @Option(name: .long, help: ArgumentHelp("Probes per second, or 'unlimited' (default 500: arp-scan's 256 kbit/s).", valueName: "PPS"))
    var rate = Given<ProbeRate>(argument: "500")

    @Option(name: .long, help: "Probes after the first to each target still silent: 2 means up to 3 probes in all (arp-scan's -r counts all attempts: its -r 2 is --retries 1).")
    var retries = 2

    @Option(name: .long, help: ArgumentHelp("How long a probe is given to be answered before its target is asked again, and listened after the last probe (500ms, 1s, ...).", valueName: "TIME"))
    var wait = Given<TimeSpan>(argument: "500ms")

    @Option(name: .customLong("max-targets"), help: "Refuse to probe more addresses than this (a /8 given by mistake).")
    var maxTargets = 65_536

    @Option(name: .customLong("arp-sender"), help: ArgumentHelp("ARP sender address, one of the interface's own (default 0.0.0.0, RFC 5227: no cache changes). Proxy ARP answers only ordinary requests; this one enters the neighbours' caches.", valueName: "IPV4"))
    var arpSender: Given<IPv4Value>?

    @Option(name: .long, help: ArgumentHelp("Run as this user once the interface and the files are open (default when started as root: the user who ran sudo, else nobody).", valueName: "NAME"))
    var user: String?

    @OptionGroup var allowList: AllowListOption

    @Option(name: .customLong("l2-domain"), help: ArgumentHelp("Name of the L2 domain (default <host>/<iface>, as scan).", valueName: "NAME"))
    var domainName: String?

    @Flag(name: .long, help: "Send a DHCPDISCOVER and a DHCPv6 SOLICIT (never a REQUEST: nothing is leased) and list every server that answers, judged as scan judges them (rogue-dhcp-server, multiple-dhcp-servers). Targets are then optional.")
    var dhcp = false

    @Flag(name: .long, help: "Send a Router Solicitation and list every router that answers, judged as scan judges them (rogue-router, multiple-routers, router-impersonation). Targets are then optional.")
    var routers = false

    @Option(name: .customLong("dhcp-server"), help: ArgumentHelp("With --dhcp: a server that may answer, by address or MAC (repeat for more; the plan's dhcp_servers join); any other is rogue.", valueName: "ADDRESS|MAC"))
    var dhcpServer: [Given<DHCPServerValue>] = []

    @Option(name: .long, help: ArgumentHelp("With --routers: a MAC that may send Router Advertisements (repeat for more; the plan's routers join); any other is rogue.", valueName: "MAC"))
    var router: [Given<UnicastMAC>] = []

    @OptionGroup var output: FindingsOutputOptions
    @OptionGroup var http: HTTPAccessOptions

    func run() throws {
        let request = try request()
        // The device, the files named and a local store first, while privileged (see
        // PrivilegeTarget); everything is read and judged as --user.
        let path = try storeOptions.givenPath()
        var local: (any IPAuditStore)?
        let probe = try ProbeRun.open(request) { becoming in
            HeldInputs.hold([http.headerFile, http.cacert, allowList.allow, planOption.plan].compactMap { $0 } + sources.inventory)
            if let path, save || StoreLocator.exists(path) {
                local = try StoreBeforeDrop.open(path, access: save ? .readWrite : .readOnly, becoming: becoming)
            }
        }
        if let prometheus = output.prometheus { try probe.identity.checkWritable(prometheus, option: "--prometheus", command: "probe") }
        // A PostgreSQL store, connected to once as --user.
        let store = try local ?? path.map { try StoreLocator.open($0, access: save ? .readWrite : .readOnly) }

        var inventories = try sources.reader(http: http)
        let inputs = try ProbeInputs.load(request, reader: &inventories, store: store.flatMap(storedTargets))
        let (plan, notExpected) = try probe.targetPlan(inputs)
        try Self.reportSkipped(plan, interface: interface, soliciting: request.solicits)
        let result = try probe.probe(plan, inputs: inputs, notExpected: notExpected)

        try output.emit(result.report, saving: save ? store.map { store in {
            try store.saveObservations(result.collector.observations(),
                                       evaluation: result.evaluation(linkPrefixes: probe.link.prefixes))
        } } : nil, stoppedEarly: result.statistics.failure?.inputError)
    }

    /// The store's inventory and allocations. A store `--save` has just created is read as
    /// empty all the same (a fresh database got the schema when opened).
    private func storedTargets(_ store: any IPAuditStore) -> (() throws -> StoredProbeTargets)? {
        { try store.probeTargets() }
    }

    /// Targets left out are said on stderr (the report's stats list them too); when nothing is
    /// left to probe, the run is a usage error (exit 2), not a clean bill of health (exit 0).
    static func reportSkipped(_ plan: ProbeTargetPlan, interface: String, soliciting: Bool = false) throws {
        let offLink = plan.skipped.filter { !$0.reason.hasSuffix("own address") }
        if !offLink.isEmpty {
            let shown = offLink.prefix(3).map(\.description).joined(separator: "; ")
            Terminal.err("ipaudit: warning: \(offLink.count) target\(offLink.count == 1 ? "" : "s") not probed: \(shown)\(offLink.count > 3 ? "; ..." : "")\n")
        }
        if plan.targets.isEmpty, !soliciting {
            throw InputError(field: "TARGET", "nothing to probe on \(interface): no target is on its link (its addresses' prefixes and connected routes)")
        }
    }
}
