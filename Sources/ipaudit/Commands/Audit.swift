import ArgumentParser
import Foundation
import IPAuditKit
import IPAuditStorage
import IPAuditPostgres
import IPAuditSources
import IPCore

/// `ipaudit audit`: checks inventories (files and/or the store) against the cluster's rules.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Audit inventories: duplicates, unroutable and out-of-zone addresses, overlaps, master quorum.",
        discussion: """
            FILEs (any format of 'ipaudit import', or http(s):// URLs as there) are audited directly. Without FILEs, or with --store \
            (or $IPAUDIT_STORE) given, the store's inventory, allocations and scan observations are audited \
            together.

            Entities (who holds an address): a NetBox record's device or VM (unassigned records \
            are each their own), a Mesos agent (with the master on its machine and the tasks in its \
            host networking), a Kubernetes node, pod or service by name within its cluster (a \
            hostNetwork pod is its node), a name in ipaudit's own formats. Kubernetes pods are \
            their cluster's own routing domain (--cluster, default the file name) unless \
            --pod-network underlay. An overlay or a DC/OS default range in \
            public space, or a pool in discouraged space, is one cause: one finding per network and \
            range, with "count" and "first_addresses" in the evidence.

            Rules (id, default severity; `ipaudit rules` lists them all):
            """ + Rule.helpList(for: .audit) + """

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

    @Argument(help: ArgumentHelp("Inventory files to audit ('-' reads standard input) or http(s):// URLs.", valueName: "FILE"))
    var files: [String] = []

    @Option(name: .customLong("input-format"), help: "Format of the FILEs: auto, csv, json, yaml, mesos, marathon, netbox, dcos-overlay or kubernetes.")
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

    @OptionGroup(title: "Kubernetes") var kubernetesOptions: KubernetesOptions
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var http: HTTPSourceOptions
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

        var inputs = try http.inputs(InventoryLoader(format: inputFormat, skipInvalid: skipInvalid, allowEmpty: allowEmpty,
                                                           kubernetes: kubernetesOptions.settings), locations: files)
        var inventory = Inventory()
        for file in files {
            let loaded = try HTTPSourceOptions.load(file, with: &inputs)
            for note in inputs.lastNotes { Terminal.note("\(InventoryInputs.displayName(file)): \(note)") }
            if inventory.isEmpty { inventory = loaded } else { inventory.append(contentsOf: loaded) }  // no copy for one file
        }
        for error in inputs.loader.skipped { Terminal.warn("skipped \(error)") }

        var observations: [Observation] = []
        let storeGiven = storeOptions.isGiven
        if files.isEmpty || storeGiven {
            let path = try storeOptions.resolvedPath()
            guard StoreLocator.exists(path) else {
                throw InputError(file: path, "no store here: import an inventory first, or give inventory FILEs")
            }
            let store = try StoreLocator.open(path, access: .readOnly)
            let stored = try store.auditState()
            if inventory.isEmpty { inventory = stored.inventory } else { inventory.append(contentsOf: stored.inventory) }
            topology.add(allocations: stored.allocations.allocations)
            observations = stored.observations
        }
        let report = Auditor.audit(AuditInput(inventory: inventory, topology: topology, observations: observations, options: options))
        try output.emit(report)
    }
}
