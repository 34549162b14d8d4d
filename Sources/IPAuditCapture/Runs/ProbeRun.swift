import Foundation
import IPAuditKit
import IPCore

/// One `ipaudit probe`, below the command line (as `AuditRun` is for audit): the interface
/// opened while privileged, the privileges given up, the targets worked out (the VLAN rule
/// included), the probes sent and the answers judged. The command reads the store, prints and
/// saves.
public struct ProbeRun {
    public let request: ProbeRequest
    public let session: ProbeSession
    /// Who the run is from `open` on.
    public let identity: PrivilegeDrop.Identity
    /// The interface's MAC, addresses and prefixes (with connected routes).
    public let link: InterfaceLink

    /// What one run heard and concluded.
    public struct Result {
        public var report: FindingsReport
        public var collector: ProbeCollector
        public var statistics: ProbeRunStatistics
        /// When the probes started and the listening ended.
        public var span: ClosedRange<Double>

        /// What `--save` writes beside the observations: the verdicts, the targets probed and the link's prefixes.
        public func evaluation(linkPrefixes: [IPPrefix]) -> WireEvaluation {
            collector.evaluation(linkPrefixes: linkPrefixes, start: span.lowerBound, end: span.upperBound,
                                 probesSent: statistics.probesPerTarget)
        }
    }

    /// Opens the interface (what needs privileges) and reads the link (an `--arp-sender` not
    /// the interface's own is refused), lets `prepare` open what the user named, as
    /// `ScanRun.open`'s does, then gives the privileges up for good.
    public static func open(_ request: ProbeRequest,
                            prepare: (_ becoming: PrivilegeDrop.Identity?) throws -> Void = { _ in }) throws -> ProbeRun {
        let session: ProbeSession, link: InterfaceLink, target: PrivilegeDrop.Identity?
        do throws(CaptureError) {
            session = try ProbeSession.open(interface: request.interface, promiscuous: request.vlan != nil)
            // Before the store is opened: a link probe cannot use leaves no new store behind.
            link = try InterfaceLink.read(request.interface)
            if let sender = request.arpSender { try link.checkARPSender(sender) }
            target = try PrivilegeDrop.target(named: request.user)
        } catch {
            throw error.inputError
        }
        let identity = try PrivilegeDrop.drop(to: target, after: prepare)
        return ProbeRun(request: request, session: session, identity: identity, link: link)
    }

    /// What to probe. Untagged, the link is the interface's prefixes. With a VLAN the trunk's
    /// addresses say nothing of it: its link is what an IFACE.ID subinterface holds and what
    /// records place on that VLAN; command-line targets are taken as given, records count only
    /// when on that VLAN (or inside its known prefixes), and allocations and pools only where a
    /// known VLAN prefix holds them. Also returns how many records were not expected to answer.
    public func targetPlan(_ inputs: ProbeInputs) throws -> (ProbeTargetPlan, notExpected: Int) {
        try Self.targetPlan(inputs, request: request, link: link)
    }

    /// The same, for a request and a link (no device needed). `subinterface` reads an
    /// IFACE.ID subinterface's prefixes (none when it does not exist).
    public static func targetPlan(_ inputs: ProbeInputs, request: ProbeRequest, link: InterfaceLink,
                                  subinterface: (String) -> [IPPrefix] = { (try? InterfaceLink.read($0))?.prefixes ?? [] })
        throws -> (ProbeTargetPlan, notExpected: Int) {
        let interface = request.interface, maxTargets = request.maxTargets
        guard let vlan = request.vlan else {
            let expected = ProbeRecordFilter.expected(inputs.records)
            let plan = try ProbeTargetPlan(sweeps: inputs.listed + inputs.blocks, expected: expected.addresses,
                                           link: link.prefixes, linkName: interface, own: link.addresses, maxTargets: maxTargets)
            return (plan, expected.leftOut)
        }
        let vlanLink = subinterface("\(interface).\(vlan)") + ProbeRecordFilter.prefixes(inputs.records, onVLAN: vlan)
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

    /// Probes the plan's targets and judges the answers. A run that failed part way still
    /// returns what was heard (`statistics.failure`); a signal ends it early the same way.
    public func probe(_ plan: ProbeTargetPlan, inputs: ProbeInputs, notExpected: Int) throws -> Result {
        var policy = ScanPolicy()
        if let allow = request.allowPath { policy.allowing(try AllowList.load(path: allow)) }
        if inputs.hasInventory { policy.knownAddresses = inputs.known }
        policy.dhcpServers = request.namedServices
        policy.dhcpServers.formUnion(inputs.namedServices)
        policy.routerMACs = policy.dhcpServers.routers
        let builder = ProbeFrameBuilder(source: link.mac, vlan: request.vlan.map(UInt16.init),
                                        arpSender: request.arpSender ?? IPv4Address(bits: 0))
        let domain = request.domainName ?? LinkDomain.defaultName(for: .interface(request.interface))
        var collector = ProbeCollector(targets: plan.targets, ownMAC: link.mac, vlan: request.vlan, policy: policy, domainBase: domain)
        collector.listensForServices = request.solicits
        var settings = request.settings
        settings.solicitations = solicitations(builder)

        StopSignal.install()
        let started = Date().timeIntervalSince1970
        let statistics: ProbeRunStatistics
        do throws(CaptureError) {
            statistics = try session.run(targets: plan.targets, builder: builder, settings: settings, collector: &collector)
        } catch {
            throw error.inputError
        }
        // Each finding on an inventory address names its records, and a MAC they do not record;
        // an address answered only by MACs its record does not name is a mac-mismatch.
        let findings = ProbeRecordNotes.annotate(
            collector.findings(expected: plan.expected, probesSent: statistics.probesPerTarget,
                               interrupted: statistics.interrupted || statistics.failure != nil),
            records: inputs.records, vlan: request.vlan)
            + ProbeMACMismatchRule.findings(records: inputs.records, answers: collector.observations(), vlan: request.vlan)
        var stats = Self.stats(plan, statistics, collector, interface: request.interface, vlan: request.vlan, notExpected: notExpected)
        if request.solicits { stats.merge(collector.servicesHeard) { $1 } }
        let report = FindingsReport(tool: "probe", findings: findings, stats: stats)
        return Result(report: report, collector: collector, statistics: statistics,
                      span: started...max(started, Date().timeIntervalSince1970))
    }

    /// The report's stats: what was probed, sent, heard and skipped, and how the run ended.
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

    /// The frames `--dhcp` and `--routers` send: a DISCOVER, a SOLICIT from the interface's
    /// link-local address (none without one: a server's answer could not reach this host), an RS.
    func solicitations(_ builder: ProbeFrameBuilder) -> [[UInt8]] {
        var frames: [[UInt8]] = []
        let xid = UInt32.random(in: 1...UInt32.max)
        if request.dhcp {
            frames.append(builder.dhcpDiscover(xid: xid))
            let linkLocal = link.addresses.compactMap { a -> IPv6Address? in
                if case .v6(let v6) = a, v6.bits >> 118 == 0x3fa { v6 } else { nil }
            }.min()
            if let linkLocal { frames.append(builder.dhcpv6Solicit(from: linkLocal, transaction: xid)) }
        }
        if request.routers { frames.append(builder.routerSolicitation()) }
        return frames
    }
}
