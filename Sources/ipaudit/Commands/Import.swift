import ArgumentParser
import Foundation
import IPAuditKit
import IPAuditStorage
import IPAuditPostgres
import IPAuditSources

extension InventoryFormat: ExpressibleByArgument {}

/// `ipaudit import`: reads inventory files into the store, replacing each source's rows.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import inventories (\(InventoryFormat.titles)) into the store.",
        discussion: """
            Each FILE becomes a source named after the file (or --source NAME for all of them). \
            A FILE may be an http:// or https:// URL (Mesos /master/state, Marathon /v2/apps?embed=apps.tasks, \
            NetBox /api/ipam/ip-addresses/ with every page, DC/OS /overlay-master/state): its source is the \
            URL without credentials and query (give --source when a query filters, or two filters share one source); headers (the token) come from --header-file. \
            Re-importing a source replaces its rows; all files land in one transaction, so a \
            failure leaves the store as it was.

            A FILE that `scan --watch` left in its spool directory (observations its last flush \
            could not save) is saved into the store instead, once: its flush id is recorded.

            Formats: csv/json/yaml with the fields address (or prefix for subnets), name, role \
            (master, agent, public-agent, app, vip, anycast, vrrp, other), region, zone, rack, mac, \
            network, vlan, host; unknown fields are kept as labels. mesos: GET /master/state \
            (Mesos 0.2x to 1.x) or the v1 GET_STATE (or GET_AGENTS, GET_TASKS) answer. marathon: GET /v2/apps?embed=apps.tasks, \
            /v2/apps/{id}, /v2/groups (nested groups) or GET /v2/tasks. netbox (2.0 to 4.x): \
            ip-addresses or prefixes as CSV (import columns or UI export) or API JSON (a page, a \
            list or one object). dcos-overlay: GET /overlay-master/state (each node's overlay \
            slices and VTEP addresses). kubernetes: kubectl get nodes,pods,services -A -o json \
            or -o yaml, a NodeList, PodList or ServiceList, or one object (see --cluster, \
            --pod-network, --pod-ipam, --rack-label). dnsmasq-leases: dnsmasq's lease file \
            (/var/lib/misc/dnsmasq.leases), one lease per line, named by hostname, else by the \
            client's MAC or DUID; only by name, never detected. auto detects the format from the content.

            A bad row fails the import with its file, line (or JSON path) and field, exit 2, \
            nothing stored; --skip-invalid warns for each bad row and imports the rest. A \
            non-empty file that yields no records (say, 12 Marathon tasks none of which has an \
            address) is bad input too, so a re-import never silently empties a source; \
            --allow-empty accepts it. An explicit --format that does not fit the file exits 2 \
            naming what it expected and the top-level keys it found.
            """)

    @Argument(help: ArgumentHelp("Inventory files ('-' reads standard input) or http(s):// URLs.", valueName: "FILE"))
    var files: [String]

    @Option(name: .long, help: "Input format: \(InventoryFormat.choices).")
    var format: InventoryFormat = .auto

    @Option(name: .long, help: ArgumentHelp("Source name for the rows (default: each file's name).", valueName: "NAME"))
    var source: String?

    @Flag(name: .customLong("skip-invalid"), help: "Warn about bad rows and import the others.")
    var skipInvalid = false

    @Flag(name: .customLong("allow-empty"), help: "Accept a non-empty file that yields no records (its source is emptied).")
    var allowEmpty = false

    @OptionGroup(title: "Kubernetes") var kubernetesOptions: KubernetesOptions
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var http: HTTPSourceOptions

    func run() throws {
        if files.contains(where: ObservationSpool.isSpoolFile) { return try importSpoolFiles() }
        var inputs = try http.inputs(InventoryLoader(format: format, skipInvalid: skipInvalid, allowEmpty: allowEmpty,
                                                           kubernetes: kubernetesOptions.settings), locations: files)
        inputs.loader.groupKubernetesFiles(files)
        inputs.loader.joinCloudFiles(files)
        var batches: [(source: String, inventory: Inventory)] = []
        var summary: [String] = []
        // Read and check everything before touching the store.
        for file in files {
            let name = source ?? InventoryInputs.defaultSource(file)
            let filters = InventoryInputs.isURL(file) && source == nil ? SourceURL.filterParameters(file) : []
            if !filters.isEmpty {
                Terminal.note("\(name): the source name leaves out the query (\(filters.joined(separator: ", "))); an import of this "
                              + "path with other values would replace these rows: give each its own --source")
            }
            let before = inputs.loader.skipped.count
            // Kept in columns: the store writes them without making a record per row.
            let inventory = try HTTPSourceOptions.load(file, source: name, with: &inputs)
            if let k = batches.firstIndex(where: { $0.source == name }) { batches[k].inventory.append(contentsOf: inventory) }
            else { batches.append((name, inventory)) }
            let skipped = inputs.loader.skipped.count - before
            summary.append("\(InventoryInputs.displayName(file)): \(inventory.count) record\(inventory.count == 1 ? "" : "s") (\(inputs.loader.lastFormat.rawValue)) as source '\(name)'"
                           + (skipped > 0 ? ", \(skipped) skipped" : "")
                           + inputs.lastNotes.map { "; " + $0 }.joined())
        }
        for error in inputs.loader.skipped { Terminal.warn("skipped \(error)") }
        // A SQLite file, or a postgres:// URL for the shared store.
        let store = try StoreLocator.open(try storeOptions.resolvedPath())
        try store.replaceInventory(sources: batches)
        try Terminal.outText(summary.map { "imported " + $0 + "\n" }.joined())
    }
}
