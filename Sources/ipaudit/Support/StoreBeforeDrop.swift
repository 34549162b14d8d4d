import Foundation
import IPAuditCapture
import IPAuditKit
import IPAuditPostgres
import IPAuditStorage

/// `scan` and `probe` open a SQLite store before they give up root, and keep it open: the
/// connection, its `-wal` and `-shm` are open descriptors, which go on working for the user the
/// run becomes, so a store in a directory only root may write (`/root`, `/var/lib/ipaudit`, a
/// 0700 work directory) is written as it is by every other command. (SQLite run as root gives a
/// new `-wal` and `-shm` the database file's owner; a WAL store needs no new file while open.
/// A user who cannot see the file by name any more leaves the last changes in the `-wal` at
/// exit instead of checkpointing them, where the next open finds them, as after a kill.)
/// A PostgreSQL store is connected to after the drop: no file needs root, and the server's
/// answers are then read unprivileged.
enum StoreBeforeDrop {
    /// The local store at `path`, created, migrated and in WAL mode (or opened read-only), or
    /// nil for a server. The files this open created are handed to `becoming` when that user
    /// owns files (a sudo invoker or `--user NAME`, not `nobody`), so the store is theirs.
    static func open(_ path: String, access: SQLiteStore.Access, becoming: PrivilegeDrop.Identity?) throws -> (any IPAuditStore)? {
        guard !StoreLocator.isRemote(path) else { return nil }
        let companions = [path, path + "-wal", path + "-shm"]
        let existed = companions.map { FileManager.default.fileExists(atPath: $0) }
        let store = try StoreLocator.open(path, access: access)
        if let becoming, becoming.ownsFiles, becoming.uid != geteuid(), access == .readWrite {
            for (file, was) in zip(companions, existed) where !was {
                try handOver(file, to: becoming)
            }
        }
        return store
    }

    /// Gives a file this run just created to `user`, through a descriptor opened without
    /// following a link: the name is checked to be this process' own regular file with one
    /// link, so a name swapped in a shared directory never hands over anything else.
    static func handOver(_ path: String, to user: PrivilegeDrop.Identity) throws {
        let resolved = (try? SafeFile.resolve(path)) ?? path
        let fd = Foundation.open(resolved, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return }  // never created (a store SQLite keeps without -shm), nothing to give
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_uid == geteuid(), st.st_nlink == 1 else { return }
        guard fchown(fd, user.uid, user.gid) == 0 else {
            throw InputError(file: path, field: "--store", "cannot give it to '\(user.user)': \(String(cString: strerror(errno)))")
        }
    }
}
