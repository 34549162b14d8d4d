import Foundation
import IPAuditKit
import IPCore

/// One `ipaudit scan`, below the command line (as `AuditRun` is for audit and report): the
/// capture opened while privileged, the privileges given up, the policy read, the capture
/// analysed once or watched. The command opens the store, draws the progress and prints.
public struct ScanRun {
    public let request: ScanRequest
    public let capture: OpenedCapture
    /// Who the run is from `open` on: every file and the store are handled as this user.
    public let identity: PrivilegeDrop.Identity
    /// The L2 domain the findings and observations are filed under.
    public let domain: String

    /// Opens the interface or file (what needs privileges), lets `prepare` open what the
    /// user named as the user who started the run (the store, the input files: see
    /// `PrivilegeTarget`), told whom the run becomes, then gives the privileges up for good.
    public static func open(_ request: ScanRequest,
                            prepare: (_ becoming: PrivilegeDrop.Identity?) throws -> Void = { _ in }) throws -> ScanRun {
        let capture: OpenedCapture, target: PrivilegeDrop.Identity?
        do throws(CaptureError) {
            capture = try Scanner.open(request.capture)
            target = try PrivilegeDrop.target(named: request.user)
        } catch {
            throw error.inputError
        }
        let identity = try PrivilegeDrop.drop(to: target, after: prepare)
        return ScanRun(request: request, capture: capture, identity: identity,
                       domain: request.domainName ?? LinkDomain.defaultName(for: request.capture.source))
    }

    /// What the verdicts judge by: the routers, the allow-list, the routable space (`--routable`
    /// and the plan's), the addresses the inventories hold. Bad input throws `InputError`.
    public func policy<Reader: InventoryInputReader>(reader: inout Reader) throws -> ScanPolicy {
        try Self.policy(for: request, reader: &reader)
    }

    /// The same, for a request (no capture needed).
    public static func policy<Reader: InventoryInputReader>(for request: ScanRequest, reader: inout Reader) throws -> ScanPolicy {
        var policy = ScanPolicy()
        policy.maxEntries = request.maxAddresses
        policy.moveGrace = request.moveGrace
        policy.routerMACs = request.routers
        policy.dhcpServers = request.dhcpServers
        if let allow = request.allowPath { policy.allowing(try AllowList.load(path: allow)) }
        let plan = try request.planPath.map { try Plan.load(path: $0) }
        if let named = plan?.namedLinkServices {
            // The plan's servers and routers join --dhcp-server and --router.
            policy.dhcpServers.formUnion(named)
            policy.routerMACs.formUnion(named.routers)
        }
        if !request.routable.isEmpty || plan != nil {
            // A plan's routable space (default: its pools and overlay pools) joins --routable.
            policy.routable = IPSet(prefixes: request.routable + (plan?.routable ?? []))
        }
        if !request.inventory.isEmpty {
            var known = Set<IPAddress>()
            for location in request.inventory {
                for record in try reader.read(location).records where record.prefix == nil {
                    if let address = record.address { known.insert(address) }
                }
            }
            policy.knownAddresses = known
        }
        return policy
    }

    /// The prefixes the capture watched: `--link-prefix`, and for a live capture the interface's
    /// prefixes and connected routes (as `probe` works them out). An interface that is not
    /// Ethernet (`any`, a tunnel) adds none.
    public func linkPrefixes() -> [IPPrefix] {
        var out = Set(request.linkPrefixes)
        if case .interface(let name) = request.capture.source, let link = try? InterfaceLink.read(name) {
            out.formUnion(link.prefixes)
        }
        return out.sorted()
    }

    /// Analyses the capture to its end (signal, duration, count, end of file).
    public func scan(policy: ScanPolicy, observations: Bool, bindings: Bool = false,
                     progress: ((ScanProgress) -> Void)? = nil) throws(CaptureError) -> ScanResult {
        try Scanner.run(capture, config: request.capture, policy: policy, domainBase: domain,
                        observations: observations, bindings: bindings, progress: progress)
    }

    /// `--watch`: findings as they open, change and close, the store written at each flush.
    public func watch(policy: ScanPolicy, settings: WatchSettings, store: (any ObservationStoring)?,
                      output: any WatchOutput) throws(CaptureError) -> WatchResult {
        try Scanner.watch(capture, config: request.capture, policy: policy, domainBase: domain,
                          settings: settings, store: store, output: output)
    }

    /// What a one-shot scan saves beside its observations: the verdicts it raised and the space
    /// it watched. A replayed file covers the span of its frames; a live capture also the time
    /// it listened to a silent link.
    public func evaluation(_ result: ScanResult, linkPrefixes: [IPPrefix], now: Double = Date().timeIntervalSince1970) -> WireEvaluation {
        let live = request.isLive
        let span = result.frameSpan ?? (live ? now...now : nil)
        let coverage = span.map { s in
            linkPrefixes.map { LinkCoverage(domain: domain, prefix: $0, firstWatched: s.lowerBound,
                                            lastWatched: live ? max(s.upperBound, now) : s.upperBound) }
        } ?? []
        return WireEvaluation(verdicts: result.verdicts, coverage: coverage, time: now)
    }
}
