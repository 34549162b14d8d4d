import ArgumentParser
import Foundation
import IPAuditKit
import IPAuditStorage
import IPAuditPostgres
import IPCore

struct Free: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the free space of each pool as a minimal CIDR list.",
        discussion: """
            Free means: the pool minus every live allocation, reserved range and quarantined \
            (released) block. Pools are those recorded by earlier `allocate` runs. \
            JSON: {"pools": [{"prefix", "family", "role" (underlay|overlay), "size", "free", \
            "blocks": [{"prefix", "size"}]}]}, sizes as exact decimal strings.
            """)

    @Option(name: .long, help: "Output format: text or json.")
    var format: FreeFormat = .text

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let file = try storeOptions.resolvedPath()
        guard StoreLocator.exists(file) else { throw InputError(file: file, "no store here (run `ipaudit allocate` first)") }
        let state = try StoreLocator.open(file, access: .readOnly).allocationState()
        let usage = PoolUsage.compute(AllocationSession.view(state))
        try Terminal.out(format == .json ? FreeRenderer.json(usage) : FreeRenderer.text(usage))
    }
}

enum FreeFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
