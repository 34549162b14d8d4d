import Foundation

/// Reads a whole file, or standard input for "-", in large chunks into one byte array.
public enum InputReader {
    /// Inputs larger than this are refused before they exhaust memory (a mistaken `/dev/zero`,
    /// a runaway export). 2 GiB by default; `IPAUDIT_MAX_INPUT_BYTES` sets another bound.
    public static var defaultLimit: Int {
        if let text = ProcessInfo.processInfo.environment["IPAUDIT_MAX_INPUT_BYTES"], let n = Int(text), n > 0 { return n }
        return 2 << 30
    }

    /// The one wording of the cap, for files and for inputs fetched from elsewhere.
    public static func tooLargeError(name: String, limit: Int) -> InputError {
        InputError(file: name, "larger than the input limit of \(limit) bytes (set IPAUDIT_MAX_INPUT_BYTES to raise it)")
    }

    public static func readAll(_ path: String, limit: Int = defaultLimit) throws -> [UInt8] {
        func tooLarge() -> InputError { tooLargeError(name: path, limit: limit) }
        // A file opened before the command gave up root is read through that descriptor.
        let fd: Int32 = path == "-" ? 0 : HeldInputs.descriptor(path) ?? open(path, O_RDONLY)
        guard fd >= 0 else { throw InputError(file: path, "cannot open: \(String(cString: strerror(errno)))") }
        defer { if fd != 0 { close(fd) } }
        var buffer: [UInt8] = []
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG {
            guard Int(st.st_size) <= limit else { throw tooLarge() }
            buffer.reserveCapacity(Int(st.st_size) + 1)
        }
        let chunk = 1 << 20
        var scratch = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = scratch.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunk) }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(file: path, "cannot read: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            guard buffer.count + n <= limit else { throw tooLarge() }
            buffer.append(contentsOf: scratch[0..<n])
        }
        return buffer
    }
}
