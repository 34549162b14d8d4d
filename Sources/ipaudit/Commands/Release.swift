import ArgumentParser
import Foundation
import IPAuditKit
import IPAuditStorage
import IPAuditPostgres

struct Release: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Release an allocated block and everything below it into quarantine.",
        discussion: """
            PATH is an allocation path as `allocate` prints it (region/zone/rack/role, names \
            joined by '/'). Every family's block at PATH and the blocks below it leave the plan \
            and stay quarantined: `allocate` never hands them out again unless run with \
            --reuse-released. A path with no block of its own releases the blocks below it \
            (region/zone/rack/<overlay> releases a rack's overlay slices). One transaction: \
            all of it or nothing.
            """)

    @Argument(help: ArgumentHelp("The allocation path to release.", valueName: "PATH"))
    var path: String

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let file = try storeOptions.resolvedPath()
        guard StoreLocator.exists(file) else { throw InputError(file: file, "no store here (run `ipaudit allocate` first)") }
        let store = try StoreLocator.open(file)
        do {
            let released = try AllocationRelease.release(path, in: store)
            for a in released { try Terminal.outText("released \(a.prefix) \(a.kind) \(a.path)\n") }
        } catch let e as AllocationError {
            Terminal.error("\(e)")
            throw ExitCode(2)
        } catch let unknown as CommitOutcomeUnknown {
            try reportAfterLostCommit(unknown, store: store)
        }
    }
}
