import Foundation
import IPAuditKit

extension PrivilegeDrop.Identity {
    /// The file (if it exists) and its directory (atomic renames) must be writable by this
    /// user, whom `command` runs as once the device is open: checked before the capture, not
    /// found out after an hour of it. Said once, naming the user, the directory and `--user`.
    public func checkWritable(_ path: String, option: String, command: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let fileOK = access(path, F_OK) != 0 || access(path, W_OK) == 0
        guard fileOK, access(directory, W_OK | X_OK) == 0 else {
            let opened = command == "probe" ? "the interface" : "the capture"
            throw InputError(file: path, field: option,
                             "\(command) runs as '\(user)' once \(opened) is open, and '\(user)' may not write "
                             + "\(directory.isEmpty ? "." : directory) (the file is replaced there whole): give --user NAME "
                             + "to run as a user who may (e.g. --user root), or write it where '\(user)' may")
        }
    }
}
