import ArgumentParser
import Foundation
import IPAuditKit
import IPAuditPostgres
import IPCore

/// `ipaudit audit`: checks inventories (files and/or the store) against the cluster's rules.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Audit inventories: duplicates, unroutable and out-of-zone addresses, overlaps, master quorum.",
        discussion: """
            FILEs (any format of 'ipaudit import') are audited directly. Without FILEs, or with --store \
            (or $IPAUDIT_STORE) given, the store's inventory, allocations and scan observations are audited \
            together.

            Rules (id, default severity):
              duplicate-address (error): one address, two or more entities in one routing domain \
            (network). Entities: a NetBox record's device or VM (unassigned records are each \
            their own), a Mesos agent (with the master on its machine and the tasks in its host \
            networking), a name in ipaudit's formats. Not duplicates: roles vip/anycast/vrrp, \
            host-networked tasks on their agent's address, host-local bridges (Docker's too), \
            terminal tasks, reserved rows, --allow entries (reported as allow-listed, info). \
            Also: one address answering with different MACs seen from different scan domains.
              unroutable-address (error): loopback, unspecified, link-local, multicast, \
            broadcast, documentation, reserved, IPv4-mapped... per the IANA special-purpose \
            registry, one per address (warning for discouraged space such as 100.64.0.0/10, one \
            per range and network).
              public-space (warning): DC/OS defaults in public space (9.0.0.0/8, 44.128.0.0/20, \
            11.0.0.0/8) and public IPv4 on anything but a public agent. An overlay or a default \
            range is one cause: one warning per network and range, with "count" and \
            "first_addresses" in the evidence.
              outside-routable-space (error): outside the plan's routable space and --routable.
              out-of-zone (error): an address outside its zone's (or rack's) block.
              outside-overlay-slice (error): a task address on an overlay in another node's \
            slice than its agent's, or in no slice (slices from /overlay-master/state).
              overlapping-allocation (error): subnets or allocations nested across routing \
            domains, zones, regions or racks; node addresses inside an overlay subnet.
              quorum-at-risk (error; warning for 1, 7, 9 masters): master count not 3 or 5.
              masters-not-spread (error): masters in several regions, or a zone or rack whose \
            loss leaves fewer than floor(n/2)+1 masters.
              pool-utilization (warning at 80 %, error at 95 %).
              unknown-address (warning): seen on the wire, absent from the inventory.

            JSON output (--format json) is one object:
              {"tool": "audit",
               "findings": [{"rule": string, "severity": "error"|"warning"|"info",
                             "address": string (address or prefix, optional),
                             "entities": [string], "zone": string (optional),
                             "message": string, "evidence": {rule-specific object},
                             "macs": [string] (optional)}],
               "summary": {"total", "error", "warning", "info": int, "by_rule": {rule: int}},
               "stats": {"records", "addresses", "prefixes", "masters", "observations", \
            "topology_blocks": int}}
            Findings are sorted by severity (most severe first), rule, address. Evidence \
            holds the records involved ("records": [{name, role, source, location, network, \
            host, zone, rack, mac, live, unassigned, host_network, task_id}]), the registry entry ("registry": {name, rfc, prefix, \
            class, host_use, source}), blocks ("expected_blocks", "found_in", "outer", "inner"), \
            or counts ("count", "first_addresses", "quorum", "lost", "left", "used", "size", "ratio").

            Exit status: 0 when no finding reaches --fail-on (default error), 1 when one does, \
            2 on bad input (file, line or JSON path, and field are named), including a non-empty \
            FILE that yields no records (unless --allow-empty) and an --input-format that does \
            not fit the file.
            """)

    @Argument(help: ArgumentHelp("Inventory files to audit ('-' reads standard input).", valueName: "FILE"))
    var files: [String] = []

    @Option(name: .customLong("input-format"), help: "Format of the FILEs: auto, csv, json, yaml, mesos, marathon, netbox or dcos-overlay.")
    var inputFormat: InventoryFormat = .auto

    @Option(name: .long, help: ArgumentHelp("Address plan (YAML): routable space, zone and rack blocks, pools.", valueName: "FILE"))
    var plan: String?

    @Option(name: .long, help: ArgumentHelp("Routable space (repeatable); adds to the plan's.", valueName: "CIDR"))
    var routable: [String] = []

    @Option(name: .long, help: ArgumentHelp("Allow-list of accepted duplicates: CSV address,entities,reason or YAML.", valueName: "FILE"))
    var allow: String?

    @Option(name: .customLong("utilization-warning"), help: ArgumentHelp("Pool use (percent) that warns.", valueName: "PERCENT"))
    var utilizationWarning: Double = 80

    @Option(name: .customLong("utilization-error"), help: ArgumentHelp("Pool use (percent) that is an error.", valueName: "PERCENT"))
    var utilizationError: Double = 95

    @Flag(name: .customLong("skip-invalid"), help: "Warn about bad rows and audit the others.")
    var skipInvalid = false

    @Flag(name: .customLong("allow-empty"), help: "Accept a non-empty FILE that yields no records.")
    var allowEmpty = false

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: FindingsOutputOptions

    func validate() throws {
        guard (0...100).contains(utilizationWarning), (0...100).contains(utilizationError), utilizationWarning <= utilizationError else {
            throw ValidationError("--utilization-warning and --utilization-error are percentages, warning ≤ error")
        }
    }

    func run() throws {
        var options = AuditOptions(utilizationWarning: utilizationWarning / 100, utilizationError: utilizationError / 100)
        for text in routable {
            do { options.routable.append(try IPPrefix(text)) } catch {
                throw InputError(field: "--routable", error.description)
            }
        }
        if let allow { options.allowList = try AllowList.load(path: allow) }
        var topology = AuditTopology()
        if let plan { topology.add(plan: try Plan.load(path: plan)) }

        var loader = InventoryLoader(format: inputFormat, skipInvalid: skipInvalid, allowEmpty: allowEmpty)
        var inventory = Inventory()
        for file in files {
            let loaded = try loader.load(path: file)
            for note in loader.lastTally.notes { Terminal.note("\(file): \(note)") }
            if inventory.isEmpty { inventory = loaded } else { inventory.append(contentsOf: loaded) }  // no copy for one file
        }
        for error in loader.skipped { Terminal.warn("skipped \(error)") }

        var observations: [Observation] = []
        let storeGiven = storeOptions.store != nil || ProcessInfo.processInfo.environment["IPAUDIT_STORE"] != nil
        if files.isEmpty || storeGiven {
            let path = storeOptions.resolvedPath
            guard StoreLocator.exists(path) else {
                throw InputError(file: path, "no store here: import an inventory first, or give inventory FILEs")
            }
            let store = try StoreLocator.open(path)
            let stored = try store.auditState()
            if inventory.isEmpty { inventory = stored.inventory } else { inventory.append(contentsOf: stored.inventory) }
            topology.add(allocations: stored.allocations.allocations)
            observations = stored.observations
        }
        let report = Auditor.audit(AuditInput(inventory: inventory, topology: topology, observations: observations, options: options))
        try output.emit(report)
    }
}
