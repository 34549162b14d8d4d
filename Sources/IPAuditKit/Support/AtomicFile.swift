import Foundation

/// Writes a file so readers see the old content or the new, never half: a temporary
/// file in the same directory, flushed to disk, renamed over the target, and the directory
/// flushed so the rename itself survives a power loss.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        // A directory reached through a link another user planted (/tmp/metrics -> /etc/cron.d)
        // would put root's file where they chose; a link planted at the name itself is refused
        // too, although the rename would only replace it.
        let dir: String
        let target: String
        do {
            dir = try SafeFile.resolve(url.deletingLastPathComponent().path)
            target = (dir == "/" ? "" : dir) + "/" + url.lastPathComponent
            try SafeFile.checkNotPlanted(target)
        } catch let error as SafeFileError {
            throw AtomicFileError(path: path, reason: error.path == path ? error.reason : "\(error.path): \(error.reason)")
        }
        let tmp = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw AtomicFileError(path: path, reason: String(cString: strerror(errno))) }
        var ok = data.withUnsafeBytes { raw -> Bool in
            var off = 0
            while off < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + off, raw.count - off)
                if n <= 0 { return false }
                off += n
            }
            return true
        }
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(tmp, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw AtomicFileError(path: path, reason: reason)
        }
        // The rename is only durable once the directory entry is on disk: without this, a
        // power loss can leave the old name pointing nowhere or at an empty file.
        let dirFD = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY)
        guard dirFD >= 0 else { throw AtomicFileError(path: path, reason: "cannot sync its directory: \(String(cString: strerror(errno)))") }
        defer { close(dirFD) }
        guard fsync(dirFD) == 0 else {
            throw AtomicFileError(path: path, reason: "cannot sync its directory: \(String(cString: strerror(errno)))")
        }
    }

    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}

public struct AtomicFileError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "cannot write \(path): \(reason)" }
}
