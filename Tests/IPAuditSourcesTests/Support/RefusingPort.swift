import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A port of 127.0.0.1 bound but not listening: connections to it are refused, and no other
/// server can take it while the test holds it (a closed port could be reused at once).
final class RefusingPort {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        guard fd >= 0 else { throw ServerStartError(message: "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        guard bound else {
            close(fd)
            throw ServerStartError(message: "bind() failed")
        }
    }

    deinit { close(fd) }
}
