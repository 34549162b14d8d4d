import ArgumentParser
import Foundation
import IPAuditKit
import IPAuditPostgres

/// `ipaudit prune`: retention of the wire's history.
struct Prune: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove observations and wire events older than a bound; set the retention scan --watch applies.",
        discussion: """
            --older-than DURATION removes every observation last seen, and every wire event \
            recorded, more than DURATION ago (now: the wall clock), in transactions of at most \
            --batch rows per table, so a watcher writing the same store waits for one batch at \
            most; killed midway, the batches done stay done and nothing newer is touched.

            --keep DURATION stores the retention in the store (and prunes by it now); each \
            flush of scan --watch then prunes one batch by it, counting from the newest sighting \
            the flush saves. --keep off clears it. Without either option the stored retention is \
            applied once. Inventories and allocations are never pruned.
            """)

    @Option(name: .customLong("older-than"), help: ArgumentHelp("Remove what is older than this (e.g. 90d, 12h).", valueName: "DURATION"))
    var olderThan: Given<Age>?

    @Option(name: .long, help: ArgumentHelp("Store this retention for scan --watch (e.g. 90d), or 'off'.", valueName: "DURATION"))
    var keep: Given<Retention>?

    @Option(name: .long, help: ArgumentHelp("Rows per table per transaction.", valueName: "N"))
    var batch = 10_000

    @OptionGroup var storeOptions: StoreOptions

    #if IPAUDIT_TEST_HOOKS
    /// Test seam, debug builds only (never in --help or the man page): after each batch, say so
    /// on stderr and wait this long, so a test can kill the run between batches.
    @Option(name: .customLong("test-pause-between-batches"), help: .private)
    var testPauseBetweenBatches: Double?
    #endif

    func run() throws {
        guard batch > 0 else { throw InputError(field: "--batch", "must be positive, not \(batch)") }
        if olderThan != nil && keep != nil { throw InputError(field: "--keep", "give --older-than or --keep, not both") }
        let bound = try olderThan?.value("--older-than").seconds
        let kept = try keep?.value("--keep").seconds
        let store = try StoreLocator.openExisting(try storeOptions.resolvedPath(), access: .readWrite)
        if keep != nil { try store.setRetention(kept) }
        let stored = keep != nil ? kept : try store.retention()
        guard let age = bound ?? stored else {
            if keep != nil { Terminal.note("retention cleared"); return }
            throw InputError(field: "--older-than", "no retention is stored: give --older-than DURATION or --keep DURATION")
        }
        let before = Date().timeIntervalSince1970 - age
        #if IPAUDIT_TEST_HOOKS
        let pause = testPauseBetweenBatches
        #else
        let pause: Double? = nil
        #endif
        let done = try store.prune(before: before, batch: batch) { total in
            // Test hook: a kill between batches must lose nothing; the tests say when a batch is done.
            if let pause {
                Terminal.err("pruned \(total.observations) observations, \(total.events) events\n")
                Thread.sleep(forTimeInterval: pause)
            }
        }
        try Terminal.out("removed \(done.observations) observation\(done.observations == 1 ? "" : "s") and \(done.events) event\(done.events == 1 ? "" : "s") older than \(QueryRenderer.time(before))\n")
    }
}
