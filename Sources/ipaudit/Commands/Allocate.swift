import ArgumentParser
import Foundation
import IPAuditKit
import IPAuditStorage
import IPAuditPostgres
import IPCore

extension AllocationFormat: ExpressibleByArgument {}
extension FitPolicy: ExpressibleByArgument {}

struct Allocate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Carve stable, aligned, non-overlapping dual-stack blocks per region, zone, rack and role.",
        discussion: AllocateHelp.discussion)

    @Option(name: .long, help: ArgumentHelp("Plan file (YAML); the keys are listed above.", valueName: "FILE"))
    var plan: String?

    @Option(name: .long, help: ArgumentHelp("Regions: a count (region-1...) or names.", valueName: "N|NAME,..."))
    var regions: String?

    @Option(name: .long, help: ArgumentHelp("Zones per region: a count (<region>-a...) or names.", valueName: "N|NAME,..."))
    var zones: String?

    @Option(name: .long, help: ArgumentHelp("Racks per zone (rack-1...).", valueName: "N"))
    var racks: Int?

    @Option(name: .long, help: ArgumentHelp("A pool to carve, either family (repeatable).", valueName: "CIDR"))
    var pool: [String] = []

    @Option(name: .long, help: ArgumentHelp("A range never handed out (repeatable).", valueName: "CIDR"))
    var reserve: [String] = []

    @OptionGroup var sizes: AllocateSizeOptions

    @Option(name: .long, help: "Placement inside a parent: first (lowest free block), best (smallest hole that fits) or last (highest free block).")
    var fit: FitPolicy = .first

    @Flag(name: .long, help: "Hand out released (quarantined) blocks again.")
    var reuseReleased = false

    @Flag(name: .long, help: "Do not add the store's ULA /48 when no IPv6 pool is given.")
    var noULA = false

    @Flag(name: .long, help: "Compute and print the plan without writing the store.")
    var dryRun = false

    @Flag(name: .long, help: "Say how each level got its length (explicit, stored, derived from children, default or shrunk headroom, floor): after the table, or on stderr for other formats.")
    var explain = false

    @Option(name: .long, help: "Output format: table, json, yaml, csv or netbox-csv.")
    var format: AllocationFormat = .table

    @OptionGroup var storeOptions: StoreOptions

    #if IPAUDIT_TEST_HOOKS
    /// Test seam, debug builds only (never in --help or the man page): see `testHold`.
    @Option(name: .customLong("test-hold-before-commit"), help: .private)
    var testHoldBeforeCommit: Double?
    #endif

    func validate() throws {
        if plan != nil && (regions != nil || zones != nil || racks != nil) {
            throw ValidationError("--plan describes the topology: do not combine it with --regions, --zones or --racks")
        }
        if let regions, QuickTopology.Names(regions) == nil { throw ValidationError("--regions: a count or distinct comma-separated names") }
        if let zones, QuickTopology.Names(zones) == nil { throw ValidationError("--zones: a count or distinct comma-separated names") }
        if let racks, racks < 0 || racks > 65536 { throw ValidationError("--racks: between 0 and 65536") }
    }

    func run() throws {
        var thePlan = try plan.map { try Plan.load(path: $0) } ?? Plan()
        thePlan.pools += try pool.map { try Self.prefix($0, flag: "--pool") }
        thePlan.reserved += try reserve.map { try Self.prefix($0, flag: "--reserve") }
        if noULA { thePlan.ula = false }
        try sizes.apply(to: &thePlan.sizes)
        let quick = regions != nil || zones != nil || racks != nil
        if quick {
            thePlan.regions = QuickTopology.regions(QuickTopology.Names(regions ?? "1")!, zones: QuickTopology.Names(zones ?? "1")!,
                                                    racks: racks ?? 0)
        }
        let path = try storeOptions.resolvedPath()
        let outcome: AllocationOutcome
        do {
            if plan == nil && !quick && pool.isEmpty && reserve.isEmpty {
                // Nothing asked: show the stored plan, write nothing.
                outcome = AllocationSession.view(try Self.existingState(path))
            } else if dryRun && !StoreLocator.exists(path) {
                outcome = try Allocator(plan: thePlan, options: options).allocate(in: AllocationState()).1
            } else {
                let store = try StoreLocator.open(path, beforeCommit: testHold)
                outcome = try AllocationSession.run(Allocator(plan: thePlan, options: options), store: store, dryRun: dryRun)
            }
        } catch let e as AllocationError {
            Terminal.error("\(e)")
            throw ExitCode(2)
        }
        for w in outcome.warnings { Terminal.warn(w) }
        try Terminal.out(AllocationRenderer.render(outcome, as: format))
        if explain {
            let text = outcome.sizing.isEmpty
                ? "explain: nothing was sized (no plan or topology asked)\n"
                : "explain:\n" + outcome.sizing.map { "  \($0.explanation)\n" }.joined()
            if format == .table { try Terminal.outText(text) } else { Terminal.err(TerminalText.escaped(text, keepingNewlines: true)) }
        }
    }

    var options: AllocationOptions { AllocationOptions(fit: fit, reuseReleased: reuseReleased) }

    static func prefix(_ text: String, flag: String) throws -> IPPrefix {
        do { return try IPPrefix(text) } catch { throw InputError(field: flag, "\(error)") }
    }

    /// The state of an existing store, or empty when there is no store file yet.
    static func existingState(_ path: String) throws -> AllocationState {
        guard StoreLocator.exists(path) else { return AllocationState() }
        return try StoreLocator.open(path, access: .readOnly).allocationState()
    }

    /// Debug builds only (the tests' binary; release builds do not contain it): with the hidden
    /// --test-hold-before-commit SECONDS a run says so on stderr, then waits with its changes
    /// written but not committed, so a test can kill it mid-transaction.
    var testHold: (@Sendable () -> Void)? {
        #if IPAUDIT_TEST_HOOKS
        guard let seconds = testHoldBeforeCommit else { return nil }
        return {
            Terminal.err("ipaudit: test hold: changes written, commit in \(seconds) s\n")
            Thread.sleep(forTimeInterval: seconds)
        }
        #else
        return nil
        #endif
    }
}

/// Block sizes per level from the command line: a prefix length per family, or for IPv4 a
/// host count (`--zone-hosts 4000` → the smallest block with 4000 usable hosts, a /20).
struct AllocateSizeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("IPv4 length of region blocks.", valueName: "LEN")) var regionPrefix: Int?
    @Option(name: .long, help: ArgumentHelp("IPv6 length of region blocks.", valueName: "LEN")) var regionPrefix6: Int?
    @Option(name: .long, help: ArgumentHelp("IPv4 region blocks with this many usable hosts.", valueName: "N")) var regionHosts: Int?
    @Option(name: .long, help: ArgumentHelp("IPv4 length of zone blocks.", valueName: "LEN")) var zonePrefix: Int?
    @Option(name: .long, help: ArgumentHelp("IPv6 length of zone blocks.", valueName: "LEN")) var zonePrefix6: Int?
    @Option(name: .long, help: ArgumentHelp("IPv4 zone blocks with this many usable hosts.", valueName: "N")) var zoneHosts: Int?
    @Option(name: .long, help: ArgumentHelp("IPv4 length of rack blocks.", valueName: "LEN")) var rackPrefix: Int?
    @Option(name: .long, help: ArgumentHelp("IPv6 length of rack blocks.", valueName: "LEN")) var rackPrefix6: Int?
    @Option(name: .long, help: ArgumentHelp("IPv4 rack blocks with this many usable hosts.", valueName: "N")) var rackHosts: Int?

    func validate() throws {
        for (name, v) in [("--region-prefix", regionPrefix), ("--zone-prefix", zonePrefix), ("--rack-prefix", rackPrefix)] {
            if let v, !(0...32).contains(v) { throw ValidationError("\(name): an IPv4 length between 0 and 32") }
        }
        for (name, v) in [("--region-prefix6", regionPrefix6), ("--zone-prefix6", zonePrefix6), ("--rack-prefix6", rackPrefix6)] {
            if let v, !(0...128).contains(v) { throw ValidationError("\(name): an IPv6 length between 0 and 128") }
        }
        for (name, v) in [("--region-hosts", regionHosts), ("--zone-hosts", zoneHosts), ("--rack-hosts", rackHosts)] {
            if let v, v < 1 || v > 1 << 32 - 2 { throw ValidationError("\(name): between 1 and 4294967294") }
        }
    }

    /// Flags win over the plan file's `sizes`.
    func apply(to sizes: inout LevelSizes) throws {
        Self.set(&sizes.region, regionPrefix, regionPrefix6, regionHosts)
        Self.set(&sizes.zone, zonePrefix, zonePrefix6, zoneHosts)
        Self.set(&sizes.rack, rackPrefix, rackPrefix6, rackHosts)
    }

    static func set(_ size: inout BlockSize, _ v4: Int?, _ v6: Int?, _ hosts: Int?) {
        if let hosts, let l = BlockSize.ipv4Length(hosts: hosts) { size.ipv4 = l }
        if let v4 { size.ipv4 = v4 }
        if let v6 { size.ipv6 = v6 }
    }
}

/// The man page text of `allocate`: the plan keys and the JSON schema.
enum AllocateHelp {
    static let discussion = """
        Runs are additive and stable: blocks already in the store never move or change \
        size; new regions, zones, racks and roles get new blocks. Every block is aligned \
        to its size; IPv6 defaults sit on nibble boundaries. Inside a parent, new blocks \
        are placed largest first, at the lowest free aligned block (--fit first), in the \
        smallest free hole that fits (--fit best) or at the highest free aligned block \
        (--fit last: VIPs and gateways from the top). Reserved ranges, live blocks and \
        quarantined (released) blocks are never handed out. The whole run is one store \
        transaction: on exhaustion it exits 2 naming what was asked, what is free and the \
        largest free block, and writes nothing. With no --plan, topology flag, --pool or \
        --reserve, it prints the stored plan.

        Pools are checked against the IANA special-purpose registries: a pool inside space \
        no host can use (loopback, link-local, multicast, documentation, reserved, IPv6 not \
        allocated for unicast) is refused (exit 2); such ranges inside a larger pool are never \
        handed out (shown as reserved); shared CGNAT, benchmarking, DC/OS's public defaults \
        and other public IPv4 pools get a warning. With a plan's routable key, a pool outside \
        the routable space is refused.

        Defaults: pool 10.0.0.0/8 plus an RFC 4193 ULA /48 whose 40-bit global ID is \
        random, generated once and kept in the store. Each level gets the next power of \
        two above its count, at least 16 slots: regions /12 and /52, zones /16 and /56, \
        racks /20 and /60 for up to 15 of each. A size used before for a level is reused.

        Sizing: an explicit size at any level is the minimum of every level above it (a \
        region holds its zones, a zone its racks and roles). When the pool is too small \
        for 16 slots per level, the room shrinks 16, 8, 4, 2, exact fit, the top level \
        first, with one warning line. Default blocks are never smaller than IPv4 /28 or \
        IPv6 /64 (an explicit size may go below); IPv6 stays on nibble boundaries where \
        the pool allows. When nothing fits, it exits 2 with the arithmetic and the changes \
        that would fit. Only new blocks are sized; stored blocks never move or change \
        size. The table ends with each level's size and why; --explain says more.

        Plan file keys (YAML; CIDR values take one prefix or a list):
          cluster: NAME            label of the plan
          pools: CIDRs             space to carve, IPv4 and/or IPv6
          reserved: CIDRs          never handed out
          routable: CIDRs          routed space (default: pools + overlay pools);
                                   pools outside it are refused
          ula: true|false          add the stored ULA /48 if no IPv6 pool (true)
          sizes:                   default block size per level
            region|zone|rack: SIZE
          overlay:                 per-agent overlay slices (like dcos-overlay's /24s)
            name: NAME             role of the slices (default overlay)
            pools: CIDRs           overlay pool(s), must not overlap the pools
            agent: SIZE            slice per agent (default {ipv4: 24, ipv6: 80})
          regions:                 list of
            - name: NAME           opaque (aws/us-east-1 is fine)
              prefix: CIDRs        pin the block (optional)
              zones:               list of
                - name: NAME
                  prefix: CIDRs
                  roles: {ROLE: SIZE, ...}   zone subnets (masters, vips, ...)
                  agents: N|[NAMES]          overlay slices for agents of the zone
                  racks: N | list of
                    - name: NAME
                      prefix: CIDRs
                      roles: {ROLE: SIZE, ...}  rack subnets (agents, ...)
                      agents: N|[NAMES]
        SIZE is a bare IPv4 length (24), {ipv4: L, ipv6: L}, {hosts: N} (smallest IPv4 \
        block with N usable hosts, IPv6 /64) or, for roles, {prefix: CIDRs} to pin. \
        A role gets a block only in the families its size names.

        Paths: region/zone/rack/role and region/zone[/rack]/<overlay>/agent, names joined \
        by '/'. JSON (--format json): {"allocations": [{"path", "kind" \
        (region|zone|rack|role|agent), "prefix", "family" (4|6), "size"}], "pools": \
        [{"prefix", "family", "role" (underlay|overlay), "size", "free"}]}; sizes are exact \
        decimal strings. yaml has the same keys; csv adds region, zone, rack, role, agent; \
        netbox-csv uses NetBox's prefix import columns.
        """
}
