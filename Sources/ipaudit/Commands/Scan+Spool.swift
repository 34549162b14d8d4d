import Foundation
import IPAuditKit
import IPAuditPostgres

/// `scan --watch`'s spool: what the last flush could not save waits on local disk for the
/// next watch of the same store (or `ipaudit import FILE`), instead of being dropped.
extension Scan {
    var spoolDirectory: String { spoolDir ?? ObservationSpool.defaultDirectory() }

    /// The store as spool files name it: never with its password.
    var spoolStoreName: String { StoreLocator.displayName((try? storeOptions.givenPath()) ?? "") }

    /// Keeps each unsaved flush in the spool directory and says where, or says what is lost.
    func spool(_ flushes: [UnsavedFlush]) {
        if flushes.isEmpty { Terminal.err("ipaudit: error: the observations since the last good flush were not saved\n") }
        for unsaved in flushes { spool(unsaved) }
    }

    private func spool(_ unsaved: UnsavedFlush) {
        var unsaved = unsaved
        unsaved.store = spoolStoreName
        do {
            let path = try ObservationSpool.write(unsaved, in: spoolDirectory)
            Terminal.err("ipaudit: error: the observations since the last good flush (\(unsaved.observations.count) bindings) "
                         + "were not saved; kept in \(path): the next `scan --watch --store` of this store or "
                         + "`ipaudit import \(path) --store …` saves them\n")
        } catch {
            Terminal.err("ipaudit: error: the observations since the last good flush were not saved, nor spooled: \(error)\n")
        }
    }

    /// Saves the spool files this store left behind, oldest first. A failure is a warning: the
    /// files stay for the next run, and the watch starts anyway.
    func replaySpool(into store: any ObservationStoring) {
        for path in ObservationSpool.files(in: spoolDirectory) {
            do {
                guard try ObservationSpool.read(path).store == spoolStoreName else { continue }
                let (unsaved, written) = try ObservationSpool.replay(path, into: store)
                Terminal.note(written ? "\(path): saved \(unsaved.observations.count) spooled bindings"
                                      : "\(path): flush \(unsaved.flush) was saved before; file removed")
            } catch {
                Terminal.warn("\(path): spooled observations not replayed (kept for the next run): \(error)")
            }
        }
    }
}
