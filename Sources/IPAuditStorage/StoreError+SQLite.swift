import Foundation
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
        case .SQLITE_IOERR where Self.diskIsFull(store: store):
            // A full disk mostly shows as an I/O error: growing the -shm file (SQLITE_IOERR_SHMSIZE,
            // 4874) or writing the WAL fails with ENOSPC, which SQLite reports by the step.
            reason = "the disk is full; nothing was changed"
        case .SQLITE_IOERR: reason = "input/output error on the file"
        default: reason = "the store failed"
        }
        let code = "SQLite \(error.extendedResultCode)" + (error.message.map { ": \($0)" } ?? "")
        self.init(store: store, reason: reason, detail: code)
    }

    /// Whether the file system holding the store has (almost) no room left: less than 1 MiB,
    /// or less than one WAL chunk for a writer that needs several.
    static func diskIsFull(store: String) -> Bool {
        let directory = (store as NSString).deletingLastPathComponent
        var fs = statvfs()
        guard statvfs(directory.isEmpty ? "." : directory, &fs) == 0 else { return false }
        return UInt64(fs.f_bavail) * UInt64(fs.f_frsize) < 1 << 20
    }
}
