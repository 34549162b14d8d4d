import Foundation
import Synchronization

/// Input files opened before a command gives up root (`scan`, `probe`). The files a user names
/// (header file, --cacert, inventories, allow-list, plan) are opened as the user who started the
/// command, as a shell's `< file` would be, and read and parsed only once the privileges are
/// gone: a root-only 0600 header file or a plan in /root still reads when the process has become
/// nobody, and nothing in them is parsed as root. `InputReader` reads a held file through its
/// descriptor; a path not held is opened by name as before.
public enum HeldInputs {
    private static let held = Mutex<[String: Int32]>([:])

    /// Opens each path that names a regular file, for reading. Others (a missing file, a
    /// directory, a FIFO, "-" or a URL) are left alone: the later read reports them.
    public static func hold(_ paths: some Sequence<String>) {
        for path in paths where path != "-" && !path.contains("://") {
            var st = stat()
            guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { continue }
            let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
            guard fd >= 0 else { continue }
            held.withLock { table in
                if let old = table.updateValue(fd, forKey: path) { close(old) }
            }
        }
    }

    /// A descriptor of the held file at `path`, positioned at its start, for the caller to
    /// close; nil when the path is not held.
    public static func descriptor(_ path: String) -> Int32? {
        held.withLock { table in
            guard let fd = table[path] else { return nil }
            // A dup shares the offset: rewind so that a second read sees the whole file again.
            guard lseek(fd, 0, SEEK_SET) == 0 else { return nil }
            let copy = dup(fd)
            return copy >= 0 ? copy : nil
        }
    }

    /// Whether `path` was opened by `hold`.
    public static func isHeld(_ path: String) -> Bool { held.withLock { $0[path] != nil } }
}
