import GRDB
import IPAuditKit
import IPCore

extension StoreError {
    /// Maps SQLite's result codes to what a user can act on.
    init(_ error: DatabaseError, store: String, busySeconds: Int) {
        let reason: String
        switch error.resultCode {
        case .SQLITE_FULL: reason = "the disk is full; nothing was changed"
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            reason = "still locked by another ipaudit run after \(busySeconds) s; nothing was changed, try again"
        case .SQLITE_READONLY: reason = "cannot write: the file or its directory is read-only"
        case .SQLITE_CANTOPEN: reason = "cannot open the file (missing directory or no permission)"
        case .SQLITE_PERM, .SQLITE_AUTH: reason = "permission denied"
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: reason = "not an ipaudit store, or the file is damaged"
        case .SQLITE_IOERR: reason = "input/output error on the file"
        default: reason = "the store failed"
        }
        let code = "SQLite \(error.extendedResultCode)" + (error.message.map { ": \($0)" } ?? "")
        self.init(store: store, reason: reason, detail: code)
    }
}
