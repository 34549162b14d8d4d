import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Observations a watch could not save (the store stayed down past its last flush's retries),
/// kept on local disk until the next `scan` of the same store or `ipaudit import FILE` replays
/// them. One file per unsaved flush, named after its flush id; replaying goes through the
/// flush id, so a file whose flush did reach the store (a lost COMMIT answer), or one replayed
/// twice, is not counted twice.
///
/// Files are private (0600) and written atomically: a temporary file created with
/// O_CREAT|O_EXCL|O_NOFOLLOW (never a link or file someone planted), synced, then hard-linked
/// to its final name (which must not exist yet). The directory must be the user's own and
/// not writable by others, so another local user cannot plant or swap files in it.
public enum ObservationSpool {
    /// The first line of every spool file: what `import` recognises.
    static let magic = "ipaudit-spool 1\n"
    static let suffix = ".spool"

    /// `IPAUDIT_SPOOL_DIR`, else systemd's `$STATE_DIRECTORY/spool`, else
    /// `/var/tmp/ipaudit-spool-UID` (kept across reboots, one per user: a scan gives up root
    /// before it writes, so the directory must suit the user it runs as).
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let dir = environment["IPAUDIT_SPOOL_DIR"], !dir.isEmpty { return dir }
        if let state = environment["STATE_DIRECTORY"]?.split(separator: ":").first, !state.isEmpty { return "\(state)/spool" }
        return "/var/tmp/ipaudit-spool-\(geteuid())"
    }

    /// Writes `unsaved` into `directory` (created 0700 if missing); returns the file's path.
    public static func write(_ unsaved: UnsavedFlush, in directory: String) throws -> String {
        try ensureDirectory(directory)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = Data(magic.utf8) + (try encoder.encode(unsaved)) + Data("\n".utf8)
        let name = "ipaudit-\(safe(unsaved.flush.instance))-\(unsaved.flush.sequence)\(suffix)"
        let path = "\(directory)/\(name)"
        let temporary = "\(directory)/.\(name).\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure(temporary, "cannot create") }
        defer { unlink(temporary) }
        var ok = body.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        ok = ok && fsync(fd) == 0
        let writeError = errno
        close(fd)
        guard ok else { errno = writeError; throw failure(temporary, "cannot write") }
        guard link(temporary, path) == 0 else { throw failure(path, "cannot create") }
        let dirFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 { _ = fsync(dirFD); close(dirFD) }
        return path
    }

    /// Whether `path` is a spool file (its first line). Only a regular file is looked into:
    /// reading the start of a pipe (`import <(curl …)`) would take it from the inventory reader.
    public static func isSpoolFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: magic.utf8.count)) ?? Data()
        return head == Data(magic.utf8)
    }

    /// Reads a spool file: a regular file (not a link) owned by this user or root.
    public static func read(_ path: String) throws -> UnsavedFlush {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "cannot open") }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw InputError(file: path, "not a regular file")
        }
        guard info.st_uid == geteuid() || info.st_uid == 0 else {
            throw InputError(file: path, "owned by another user (uid \(info.st_uid)); not replayed")
        }
        let data = (try? handle.readToEnd()) ?? Data()
        guard data.starts(with: Data(magic.utf8)) else { throw InputError(file: path, "not an ipaudit spool file") }
        do {
            return try JSONDecoder().decode(UnsavedFlush.self, from: data.dropFirst(magic.utf8.count))
        } catch {
            throw InputError(file: path, "spool file is corrupt: \(error)")
        }
    }

    /// The spool files in `directory` (none if it does not exist), oldest flush first.
    public static func files(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix("ipaudit-") && $0.hasSuffix(suffix) }.sorted().map { "\(directory)/\($0)" }
    }

    /// Saves the file's observations through its flush id, then removes it.
    /// Returns the file's contents and whether the store took them (false: saved before).
    @discardableResult
    public static func replay(_ path: String, into store: any ObservationStoring) throws -> (UnsavedFlush, written: Bool) {
        let unsaved = try read(path)
        let written = try store.saveObservations(unsaved.observations, flushIfSupported: unsaved.flush, waitForServer: true)
        unlink(path)
        return (unsaved, written)
    }

    /// The directory exists (made 0700 if not), is a real directory owned by this user, and
    /// nobody else may write into it.
    static func ensureDirectory(_ directory: String) throws {
        var info = stat()
        if lstat(directory, &info) != 0 {
            guard errno == ENOENT else { throw failure(directory, "cannot use spool directory") }
            try FileManager.default.createDirectory(atPath: (directory as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            guard mkdir(directory, 0o700) == 0 || errno == EEXIST else { throw failure(directory, "cannot create spool directory") }
            guard lstat(directory, &info) == 0 else { throw failure(directory, "cannot use spool directory") }
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw InputError(file: directory, "the spool directory is not a directory (a link or file is in its place)")
        }
        guard info.st_uid == geteuid() else {
            throw InputError(file: directory, "the spool directory belongs to uid \(info.st_uid), not to this user (uid \(geteuid()))")
        }
        guard info.st_mode & 0o022 == 0 else {
            throw InputError(file: directory, "the spool directory is writable by others (mode \(String(info.st_mode & 0o777, radix: 8)))")
        }
    }

    /// An instance id as part of a file name: letters, digits and '-' only.
    static func safe(_ text: String) -> String {
        String(text.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "-" }.prefix(64))
    }

    static func failure(_ path: String, _ what: String) -> InputError {
        InputError(file: path, "\(what): \(String(cString: strerror(errno)).lowercased())")
    }
}
