import ArgumentParser
import IPAuditKit
import IPAuditPostgres
import IPAuditSources

/// What `audit` and `report` read and the thresholds they judge by: one option set, one
/// orchestration (`AuditRun`), so a published report and a cron audit cannot disagree.
struct AuditInputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Inventory files to audit ('-' reads standard input) or http(s):// URLs.", valueName: "FILE"))
    var files: [String] = []

    @Option(name: .customLong("input-format"), help: "Format of the FILEs: \(InventoryFormat.choices).")
    var inputFormat: InventoryFormat = .auto

    @OptionGroup var planOption: PlanOption

    @Option(name: .long, help: ArgumentHelp("Routable space (repeatable); adds to the plan's.", valueName: "CIDR"))
    var routable: [String] = []

    @OptionGroup var allowList: AllowListOption

    @Option(name: .customLong("utilization-warning"), help: ArgumentHelp("Pool use (percent) that warns.", valueName: "PERCENT"))
    var utilizationWarning: Double = 80

    @Option(name: .customLong("utilization-error"), help: ArgumentHelp("Pool use (percent) that is an error.", valueName: "PERCENT"))
    var utilizationError: Double = 95

    @Flag(name: .customLong("skip-invalid"), help: "Warn about bad rows and audit the others.")
    var skipInvalid = false

    @Flag(name: .customLong("allow-empty"), help: "Accept a non-empty FILE that yields no records.")
    var allowEmpty = false

    @Option(name: .customLong("stale-after"), help: ArgumentHelp("A live inventory address the wire has not seen for this long, on a link a scan, watch or probe covered for longer, is stale (30d, 12h, 0s: every never-seen one).", valueName: "DURATION"))
    var staleAfter = Given<Age>(argument: "30d")

    @OptionGroup(title: "Kubernetes") var kubernetesOptions: KubernetesOptions
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var http: HTTPSourceOptions

    func validate() throws {
        guard (0...100).contains(utilizationWarning), (0...100).contains(utilizationError), utilizationWarning <= utilizationError else {
            throw ValidationError("--utilization-warning and --utilization-error are percentages, warning ≤ error")
        }
    }

    /// The store is read when no FILE is given or when one is named (option or environment).
    var readsStore: Bool { files.isEmpty || storeOptions.isGiven }

    /// The store's location when it is read, for the report's summary.
    func storePath() throws -> String? { readsStore ? try storeOptions.resolvedPath() : nil }

    /// Reads everything and audits it; notes and skipped rows go to stderr.
    func run() throws -> AuditRun.Result {
        var request = AuditRequest(files: files, inputFormat: inputFormat, planPath: planOption.plan, routable: routable, allowPath: allowList.allow,
                                   utilizationWarning: utilizationWarning / 100, utilizationError: utilizationError / 100,
                                   skipInvalid: skipInvalid, allowEmpty: allowEmpty, kubernetes: kubernetesOptions.settings)
        request.staleAfter = try staleAfter.value("--stale-after").seconds
        var loader = InventoryLoader(format: inputFormat, skipInvalid: skipInvalid, allowEmpty: allowEmpty,
                                     kubernetes: kubernetesOptions.settings)
        loader.groupKubernetesFiles(files)
        loader.joinCloudFiles(files)
        var reader = PullingInputs(inputs: try http.inputs(loader, locations: files))
        var store: (() throws -> StoredAuditState)?
        if readsStore {
            store = {
                // Resolved here, after the files: a bad file is reported before a bad store path.
                let path = try storeOptions.resolvedPath()
                guard StoreLocator.exists(path) else {
                    throw InputError(file: path, "no store here: import an inventory first, or give inventory FILEs")
                }
                return try StoreLocator.open(path, access: .readOnly).auditState()
            }
        }
        return try AuditRun.run(request, reader: &reader, store: store) { diagnostic in
            switch diagnostic {
            case .note(let file, let text): Terminal.note("\(file): \(text)")
            case .skipped(let error): Terminal.warn("skipped \(error)")
            }
        }
    }
}

/// FILEs and URLs for the audit run, with a pull's status line cleared after each input.
struct PullingInputs: InventoryInputReader {
    var inputs: InventoryInputs

    mutating func read(_ location: String) throws -> Inventory { try HTTPSourceOptions.load(location, with: &inputs) }
    var lastNotes: [String] { inputs.lastNotes }
    var skipped: [InputError] { inputs.loader.skipped }
    func displayName(_ location: String) -> String { InventoryInputs.displayName(location) }
}
