import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP socket on 127.0.0.1 with a kernel-chosen port. Listening, it accepts connections
/// into its backlog and never answers (a hung server); closed, its port is refused.
final class LoopbackPort {
    let fd: Int32
    let port: Int

    init(listening: Bool) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        guard fd >= 0 else { throw TestServerError("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, length) == 0 && getsockname(fd, sa, &length) == 0
            }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        guard bound else { throw TestServerError("bind() failed") }
        if listening { guard listen(fd, 16) == 0 else { throw TestServerError("listen() failed") } }
    }

    deinit { close(fd) }

    /// A port nothing listens on: bound, then released.
    static func closedPort() throws -> Int {
        try LoopbackPort(listening: false).port
    }
}
