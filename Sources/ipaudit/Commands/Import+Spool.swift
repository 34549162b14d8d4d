import Foundation
import IPAuditKit
import IPAuditPostgres

/// `ipaudit import SPOOLFILE…`: the observations a watch could not save, saved now.
extension Import {
    func importSpoolFiles() throws {
        guard files.allSatisfy(ObservationSpool.isSpoolFile) else {
            throw InputError(field: "FILE", "spool files and inventories cannot be imported together: import them in two runs")
        }
        let location = try storeOptions.resolvedPath()
        let store = try StoreLocator.open(location)
        for path in files {
            let (unsaved, written) = try ObservationSpool.replay(path, into: store)
            if unsaved.store != StoreLocator.displayName(location) {
                Terminal.note("\(path) was spooled for \(unsaved.store); saved into \(StoreLocator.displayName(location))")
            }
            try Terminal.out(written
                ? "imported \(path): \(unsaved.observations.count) observations (flush \(unsaved.flush))\n"
                : "\(path): flush \(unsaved.flush) was saved before; nothing written, file removed\n")
        }
    }
}
