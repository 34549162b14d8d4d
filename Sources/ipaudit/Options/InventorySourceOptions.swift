import ArgumentParser
import IPAuditKit
import IPAuditSources

/// `--inventory FILE|URL` (repeatable): the inventories `scan` and `probe` compare the wire
/// with, read as `import` and `audit` read theirs. How URLs are fetched is `HTTPSourceOptions`
/// for scan; `probe`, whose `--retries` counts probes, takes `HTTPAccessOptions` (the same
/// without `--retries`).
struct InventorySourceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Inventory file or http(s):// URL, any format 'import' reads (repeat for more): addresses heard on the link that no inventory holds are reported; probe also probes their addresses and reports the silent ones.",
        valueName: "FILE|URL"))
    var inventory: [String] = []

    /// Reads each location on its own (a fresh reader per file: no format or cluster carried
    /// over from the one before), pulling URLs with `http`'s settings.
    func reader(http: some URLInputSettings) throws -> SeparateInputs {
        SeparateInputs(inputs: try http.inputs(InventoryLoader(), locations: inventory))
    }
}

/// Inventory inputs each read with a fresh loader, a pull's status line cleared after each.
struct SeparateInputs: InventoryInputReader {
    var inputs: InventoryInputs

    mutating func read(_ location: String) throws -> Inventory {
        inputs.loader = InventoryLoader()
        return try HTTPSourceOptions.load(location, with: &inputs)
    }
    var lastNotes: [String] { inputs.lastNotes }
    var skipped: [InputError] { inputs.loader.skipped }
    func displayName(_ location: String) -> String { InventoryInputs.displayName(location) }
}
