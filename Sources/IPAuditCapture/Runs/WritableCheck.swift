import Foundation
import IPAuditKit

extension PrivilegeDrop.Identity {
    /// The file (if it exists) and its directory (new files, SQLite's journal, atomic renames)
    /// must be writable by this user, whom `command` runs as once the device is open: checked
    /// before the capture, not found out after an hour of it.
    public func checkWritable(_ path: String, option: String, command: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let fileOK = access(path, F_OK) != 0 || access(path, W_OK) == 0
        guard fileOK, access(directory, W_OK | X_OK) == 0 else {
            throw InputError(path: path, field: option,
                             "not writable by user '\(user)', whom \(command) runs as once the capture is open; write it where that user may, or give --user")
        }
    }
}
