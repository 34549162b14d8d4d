import Foundation

/// Opening a file by name when another local user may have planted something at that name.
///
/// ipaudit runs as root from cron and systemd, often with paths in directories other users can
/// write (`/tmp`, a shared spool). There a user can leave a symbolic link where root will write,
/// pointing at a root-only file (root overwrites it) or at a missing one (root creates it). The
/// kernel's `fs.protected_symlinks` would refuse such a link, but it is often off, and SQLite
/// resolves links itself before it opens anything, so the kernel never sees them. Every file
/// ipaudit writes by name goes through here, which applies the kernel's rules itself:
///
/// - a symbolic link in a sticky directory that others may write is followed only when this
///   process' user or the directory's owner owns it (`protected_symlinks`), along the whole path;
/// - an existing file there is used only when one of them owns it (`protected_regular`): any
///   other owner could swap it for a link at any moment;
/// - a new file is created with `O_EXCL | O_NOFOLLOW`, so it is this process' own and nobody
///   can replace it in a sticky directory.
public enum SafeFile {
    /// `path` with every symbolic link resolved, refusing the links another user planted.
    /// Missing components are kept as they are (the open that follows reports them).
    public static func resolve(_ path: String) throws -> String {
        var prefix = path.hasPrefix("/") ? "/" : ""
        var pending = Array(components(path).reversed())
        var hops = 0
        while let name = pending.popLast() {
            if name == "." { continue }
            if name == ".." {
                // The prefix holds no link any more, so ".." is lexical, as the kernel's would be.
                if prefix.isEmpty || prefix == ".." || prefix.hasSuffix("/..") {
                    prefix = join(prefix, "..")
                } else if prefix != "/" {
                    prefix = (prefix as NSString).deletingLastPathComponent
                }
                continue
            }
            let candidate = join(prefix, name)
            var st = stat()
            guard lstat(candidate, &st) == 0 else {
                // Nothing there yet: the rest is kept for the open to create or report.
                return ([candidate] + pending.reversed()).reduce("") { $0.isEmpty ? $1 : join($0, $1) }
            }
            guard st.st_mode & S_IFMT == S_IFLNK else { prefix = candidate; continue }
            try checkLink(candidate, owner: st.st_uid, directory: prefix)
            hops += 1
            guard hops <= 40 else { throw SafeFileError(path: path, reason: "too many levels of symbolic links") }
            guard let target = readLink(candidate) else {
                throw SafeFileError(path: path, reason: "cannot read the symbolic link \(candidate): \(String(cString: strerror(errno)))")
            }
            if target.hasPrefix("/") { prefix = "/" }
            pending += components(target).reversed()
        }
        return prefix.isEmpty ? "." : prefix
    }

    /// Opens `path` (`O_WRONLY`, `O_RDWR`, `O_APPEND`, `O_TRUNC` as the caller needs) creating
    /// it when missing, so that a planted link or another user's file is refused. Returns the
    /// descriptor (close-on-exec); the caller closes it.
    public static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) throws -> Int32 {
        let resolved = try resolve(path)
        let base = (flags & ~(O_CREAT | O_EXCL)) | O_NOFOLLOW | O_CLOEXEC
        for _ in 0..<4 {
            var fd = Foundation.open(resolved, base | O_CREAT | O_EXCL, mode)
            if fd < 0 && errno == EEXIST { fd = Foundation.open(resolved, base) }
            if fd < 0 && errno == ENOENT { continue }  // removed between the two opens: try again
            if fd < 0 && errno == ELOOP {
                throw SafeFileError(path: path, reason: "a symbolic link appeared at \(resolved) while it was opened: refused")
            }
            guard fd >= 0 else { throw SafeFileError(path: path, errno: errno) }
            var st = stat()
            guard fstat(fd, &st) == 0 else {
                let error = SafeFileError(path: path, errno: errno)
                Foundation.close(fd)
                throw error
            }
            do {
                guard st.st_mode & S_IFMT == S_IFREG else { throw SafeFileError(path: path, reason: "not a regular file") }
                try checkOwner(resolved, owner: st.st_uid)
            } catch {
                Foundation.close(fd)
                throw error
            }
            return fd
        }
        throw SafeFileError(path: path, reason: "it keeps disappearing while it is opened")
    }

    /// Makes `path` safe to hand to a library that opens it by name (SQLite): resolves it,
    /// creates it when missing and `create` is set (empty, this process' own), and refuses
    /// another user's file there. Returns the resolved name, which holds no link.
    public static func prepare(_ path: String, create: Bool) throws -> String {
        if create {
            let fd = try open(path, flags: O_RDWR)
            Foundation.close(fd)
            return try resolve(path)
        }
        let resolved = try resolve(path)
        var st = stat()
        if lstat(resolved, &st) == 0 { try checkOwner(resolved, owner: st.st_uid) }
        return resolved
    }

    /// A name that a library derives and opens itself (SQLite's `-wal`, `-shm`, `-journal`): a
    /// symbolic link there is refused (SQLite opens these with `O_NOFOLLOW` and reports a bare
    /// "cannot open"), and so is another user's file in a shared sticky directory (it could
    /// feed the library anything).
    public static func checkCompanion(_ path: String) throws {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        if st.st_mode & S_IFMT == S_IFLNK {
            throw SafeFileError(path: path, reason: "a symbolic link owned by \(userName(st.st_uid)) was planted there: refused "
                                + "(nothing follows a link at that name; remove it if it is yours)")
        }
        try checkOwner(path, owner: st.st_uid)
    }

    /// The last component of `path`, when it is a symbolic link another user planted (see
    /// `resolve`). For writers that replace the name by `rename` and so never follow it.
    public static func checkNotPlanted(_ path: String) throws {
        var st = stat()
        guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFLNK else { return }
        try checkLink(path, owner: st.st_uid, directory: (path as NSString).deletingLastPathComponent)
    }

    // MARK: the kernel's rules

    /// A sticky directory others may write (`/tmp`): where names can be planted.
    private static func sharedDirectory(_ directory: String) -> stat? {
        var st = stat()
        guard stat(directory.isEmpty ? "." : directory, &st) == 0 else { return nil }
        let shared = st.st_mode & S_ISVTX != 0 && st.st_mode & (S_IWOTH | S_IWGRP) != 0
        return shared ? st : nil
    }

    private static func trusted(_ owner: uid_t, in directory: stat) -> Bool {
        owner == geteuid() || owner == directory.st_uid
    }

    private static func checkLink(_ link: String, owner: uid_t, directory: String) throws {
        guard let dir = sharedDirectory(directory), !trusted(owner, in: dir) else { return }
        throw SafeFileError(path: link, reason: "a symbolic link owned by \(userName(owner)) in \(directory.isEmpty ? "." : directory), "
                            + "a sticky directory others may write, was planted there: refused (the kernel's protected_symlinks rule)")
    }

    private static func checkOwner(_ file: String, owner: uid_t) throws {
        let directory = (file as NSString).deletingLastPathComponent
        guard let dir = sharedDirectory(directory), !trusted(owner, in: dir) else { return }
        throw SafeFileError(path: file, reason: "owned by \(userName(owner)) in \(directory.isEmpty ? "." : directory), "
                            + "a sticky directory others may write: refused, as that user could swap it for a link (the kernel's protected_regular rule)")
    }

    // MARK: helpers

    private static func components(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    private static func join(_ prefix: String, _ name: String) -> String {
        prefix.isEmpty ? name : prefix.hasSuffix("/") ? prefix + name : prefix + "/" + name
    }

    private static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func userName(_ uid: uid_t) -> String {
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name { return "\(String(cString: name)) (uid \(uid))" }
        return "uid \(uid)"
    }
}

/// A file that could not be opened safely (`errno` nil: refused), or not at all (`errno` set).
public struct SafeFileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public let errno: Int32?

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
        self.errno = nil
    }

    public init(path: String, errno: Int32) {
        self.path = path
        self.reason = String(cString: strerror(errno))
        self.errno = errno
    }
    public var description: String { "cannot open \(path): \(reason)" }
}
