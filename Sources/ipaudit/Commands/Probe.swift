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
            Started as root, it runs as --user (default nobody) once the interface is open.

            Rules (id, default severity; `ipaudit rules` lists them all):
            """ + Rule.helpList(for: .probe))

    @Argument(help: "Interface to probe on (needs root or CAP_NET_RAW).")
    var interface: String

    @Argument(help: ArgumentHelp("Addresses and CIDRs to probe (either family).", valueName: "TARGET"))
    var targets: [String] = []

    @Option(name: .long, help: ArgumentHelp("Inventory file (any format 'import' reads; repeat for more): its addresses are probed, silent ones reported, answers it lacks reported.", valueName: "FILE"))
    var inventory: [String] = []

    /// A store is read (its inventory addresses and allocated blocks are probed) only when
    /// one is named (--store or $IPAUDIT_STORE): probe has no default store.
    @OptionGroup(title: "Store (its inventory addresses and allocated blocks are probed when --store or $IPAUDIT_STORE names one)")
    var storeOptions: StoreOptions

    @Flag(name: .long, help: "Save the answers to the store (--store or $IPAUDIT_STORE) as observations (address, MAC, domain), which `audit` joins with the inventory, with the findings on them and the link's prefixes.")
    var save = false

    @Option(name: .long, help: ArgumentHelp("Address plan (YAML): its pools are probed (the part on the link).", valueName: "FILE"))
    var plan: String?

    @Option(name: .long, help: ArgumentHelp("Tag the probes with this 802.1Q VLAN ID; only answers from that VLAN count.", valueName: "ID"))
    var vlan: Int?

    @Option(name: .long, help: ArgumentHelp("Probes per second, or 'unlimited' (default 500: arp-scan's 256 kbit/s).", valueName: "PPS"))
    var rate = "500"

    @Option(name: .long, help: "Probes after the first to each target still silent.")
    var retries = 2

    @Option(name: .long, help: ArgumentHelp("How long a probe is given to be answered before its target is asked again, and listened after the last probe (500ms, 1s, ...).", valueName: "TIME"))
    var wait = "500ms"

    @Option(name: .customLong("max-targets"), help: "Refuse to probe more addresses than this (a /8 given by mistake).")
    var maxTargets = 65_536

    @Option(name: .customLong("arp-sender"), help: ArgumentHelp("ARP sender address, one of the interface's own (default 0.0.0.0, RFC 5227: no cache changes). Proxy ARP answers only ordinary requests; this one enters the neighbours' caches.", valueName: "IPV4"))
    var arpSender: String?

    @Option(name: .long, help: ArgumentHelp("Run as this user once the interface is open (default: nobody when started as root).", valueName: "NAME"))
    var user: String?

    @Option(name: .customLong("allow"), help: ArgumentHelp("Allow-list, the same file as audit's and scan's.", valueName: "FILE"))
    var allowList: String?

    @Option(name: .customLong("l2-domain"), help: ArgumentHelp("Name of the L2 domain (default <host>/<iface>, as scan).", valueName: "NAME"))
    var domainName: String?

    @OptionGroup var output: FindingsOutputOptions

    func validate() throws {
        if targets.isEmpty, inventory.isEmpty, !storeOptions.isGiven, plan == nil {
            throw ValidationError("give targets (addresses, CIDRs), --inventory, --store or --plan")
        }
        if let vlan, !(1...4094).contains(vlan) { throw ValidationError("--vlan must be between 1 and 4094") }
        if rate != "unlimited", (Double(rate).map { !($0 > 0 && $0.isFinite) } ?? true) {
            throw ValidationError("--rate '\(rate)': expected a positive number of probes per second or 'unlimited'")
        }
        if retries < 0 || retries > 100 { throw ValidationError("--retries must be between 0 and 100") }
        if Scan.seconds(wait) == nil { throw ValidationError("--wait '\(wait)': expected e.g. 500ms, 1s") }
        if maxTargets <= 0 { throw ValidationError("--max-targets must be positive") }
        if save, !storeOptions.isGiven { throw ValidationError("--save needs --store (or $IPAUDIT_STORE)") }
        if let given = storeOptions.store, given.isEmpty { throw ValidationError("--store: the store path is empty") }
        // Before the device is opened: a typo is a usage error, not a permission one.
        for text in targets where (try? IPPrefix(addressOrPrefix: text)) == nil {
            throw ValidationError("target '\(text)' is neither an address nor a CIDR (host bits must be zero)")
        }
        if let arpSender, (try? IPv4Address(arpSender)) == nil {
            throw ValidationError("--arp-sender '\(arpSender)' is not an IPv4 address")
        }
    }

    func run() throws {
        // The device first, while privileged; everything else as --user.
        let session: ProbeSession
        let identity: PrivilegeDrop.Identity
        do throws(CaptureError) {
            session = try ProbeSession.open(interface: interface, promiscuous: vlan != nil)
            identity = try PrivilegeDrop.drop(to: user ?? PrivilegeDrop.defaultUser)
        } catch {
            throw error.inputError
        }
        if let prometheus = output.prometheus { try Scan.checkWritable(prometheus, option: "--prometheus", as: identity) }
        let store = try storeOptions.givenPath()
        if save, let store, !StoreLocator.isRemote(store) { try Scan.checkWritable(store, option: "--store", as: identity) }
        let link: InterfaceLink
        do throws(CaptureError) {
            link = try InterfaceLink.read(interface)
            if let sender = senderAddress() { try link.checkARPSender(sender) }
        } catch {
            throw error.inputError
        }

        let inputs = try ProbeInputs.load(targets: targets, inventory: inventory, store: store, creatingStore: save, plan: plan)
        let (plan, notExpected) = try targetPlan(inputs, link: link)
        try Self.reportSkipped(plan, interface: interface)

        var policy = ScanPolicy()
        if let allowList { policy.allowing(try AllowList.load(path: allowList)) }
        if inputs.hasInventory { policy.knownAddresses = inputs.known }
        var settings = ProbeSettings()
        settings.rate = rate == "unlimited" ? nil : Double(rate)
        settings.retries = retries
        settings.wait = Scan.seconds(wait) ?? settings.wait
        let builder = ProbeFrameBuilder(source: link.mac, vlan: vlan.map(UInt16.init), arpSender: senderAddress() ?? IPv4Address(bits: 0))
        let domainBase = domainName ?? "\(Scan.hostName())/\(interface)"
        var collector = ProbeCollector(targets: plan.targets, ownMAC: link.mac, vlan: vlan, policy: policy, domainBase: domainBase)

        StopSignal.install()
        let started = Date().timeIntervalSince1970
        let run: ProbeRunStatistics
        do throws(CaptureError) {
            run = try session.run(targets: plan.targets, builder: builder, settings: settings, collector: &collector)
        } catch {
            throw error.inputError
        }
        let report = FindingsReport(tool: "probe", findings: collector.findings(expected: plan.expected, probesSent: run.probesPerTarget,
                                                                                         interrupted: run.interrupted || run.failure != nil),
                                    stats: Self.stats(plan, run, collector, interface: interface, vlan: vlan,
                                                      notExpected: notExpected))
        var saveError: Error?
        if save, let store {
            let evaluation = collector.evaluation(linkPrefixes: link.prefixes, start: started, end: Date().timeIntervalSince1970,
                                                  probesSent: run.probesPerTarget)
            do { try StoreLocator.open(store).saveObservations(collector.observations(), evaluation: evaluation) } catch { saveError = error }
        }
        do {
            try output.emit(report)
        } catch let status as ExitCode where saveError != nil || run.failure != nil {
            _ = status  // the lost observations or the failed run are the worse news: exit 2 below
        }
        if let saveError {
            Terminal.err("ipaudit: error: the report above stands, but its observations were not saved\n")
            throw saveError
        }
        if let failure = run.failure {
            Terminal.err("ipaudit: error: the run stopped early; the report above covers what was heard before\n")
            throw failure.inputError
        }
    }

    /// What to probe. Untagged, the link is the interface's prefixes. With --vlan the trunk's
    /// addresses say nothing of the VLAN: its link is what an IFACE.ID subinterface holds and
    /// what records place on that VLAN; command-line targets are taken as given, records count
    /// only when on that VLAN (or inside its known prefixes), and allocations and pools only
    /// where a known VLAN prefix holds them.
    private func targetPlan(_ inputs: ProbeInputs, link: InterfaceLink) throws -> (ProbeTargetPlan, notExpected: Int) {
        guard let vlan else {
            let expected = ProbeRecordFilter.expected(inputs.records)
            let plan = try ProbeTargetPlan(sweeps: inputs.listed + inputs.blocks, expected: expected.addresses,
                                           link: link.prefixes, linkName: interface, own: link.addresses, maxTargets: maxTargets)
            return (plan, expected.leftOut)
        }
        let subinterface = (try? InterfaceLink.read("\(interface).\(vlan)"))?.prefixes ?? []
        let vlanLink = subinterface + ProbeRecordFilter.prefixes(inputs.records, onVLAN: vlan)
        let expected = ProbeRecordFilter.expected(inputs.records, vlan: vlan, vlanPrefixes: vlanLink)
        var plan = try ProbeTargetPlan(sweeps: inputs.listed, expected: expected.addresses, link: nil,
                                       linkName: "\(interface) VLAN \(vlan)", own: link.addresses, maxTargets: maxTargets)
        if !inputs.blocks.isEmpty {
            let blocks = try ProbeTargetPlan(sweeps: inputs.blocks, expected: [], link: vlanLink,
                                             linkName: "VLAN \(vlan)", own: link.addresses, maxTargets: maxTargets)
            try plan.merge(blocks, maxTargets: maxTargets)
        }
        return (plan, expected.leftOut)
    }

    /// Targets left out are said on stderr (the report's stats list them too); when nothing is
    /// left to probe, the run is a usage error (exit 2), not a clean bill of health (exit 0).
    static func reportSkipped(_ plan: ProbeTargetPlan, interface: String) throws {
        let offLink = plan.skipped.filter { !$0.reason.hasSuffix("own address") }
        if !offLink.isEmpty {
            let shown = offLink.prefix(3).map(\.description).joined(separator: "; ")
            Terminal.err("ipaudit: warning: \(offLink.count) target\(offLink.count == 1 ? "" : "s") not probed: \(shown)\(offLink.count > 3 ? "; ..." : "")\n")
        }
        if plan.targets.isEmpty {
            throw InputError(field: "TARGET", "nothing to probe on \(interface): no target is on its link (its addresses' prefixes and connected routes)")
        }
    }

    /// `--arp-sender`, checked in validate().
    private func senderAddress() -> IPv4Address? {
        arpSender.flatMap { try? IPv4Address($0) }
    }

    static func stats(_ plan: ProbeTargetPlan, _ run: ProbeRunStatistics, _ collector: ProbeCollector,
                      interface: String, vlan: Int?, notExpected: Int) -> [String: JSONValue] {
        var stats: [String: JSONValue] = [
            "source": .string(interface),
            "targets": .int(plan.targets.count),
            "expected": .int(plan.expected.count),
            "probes_sent": .int(run.probesSent),
            "rounds": .int(run.rounds),
            "answers": .int(collector.answers),
            "answered_targets": .int(collector.answered.count),
            "responders": .int(collector.responders.count),
            "other_frames": .int(collector.otherFrames),
            "elapsed_seconds": .double((run.elapsed * 1000).rounded() / 1000),
            "end": .string(run.failure != nil ? "error" : run.interrupted ? "signal" : "completed"),
            "skipped": .int(plan.skipped.count),
            "records_not_expected": .int(notExpected),
        ]
        if !plan.skipped.isEmpty {
            stats["skipped_targets"] = .array(plan.skipped.prefix(32).map { .string($0.description) })
        }
        if let vlan { stats["vlan"] = .int(vlan) }
        if let s = run.capture {
            stats["received"] = .int(Int(s.received))
            stats["dropped"] = .int(Int(s.dropped))
            stats["ifdropped"] = .int(Int(s.interfaceDropped))
        }
        return stats
    }
}
