import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP proxy on 127.0.0.1 between ipaudit and a PostgreSQL server that can misbehave as a
/// network does: lose the answer to a COMMIT the server carried out (the server's
/// CommandComplete "COMMIT" and what follows are dropped, then both sides are closed), or
/// blackhole every connection (nothing forwarded either way, and no FIN: the peers see silence).
/// The server's side of the stream is split into messages (type byte, length), so a COMMIT's
/// answer is recognised whole; TLS must be off (a loopback URL's default).
final class PostgresProxy: @unchecked Sendable {
    let port: Int
    private let listener: LoopbackPort
    private let targetPort: Int
    private let lock = NSLock()
    private var commitAnswersToDrop = 0
    private var commitAnswersToPass = 0
    private var committedAnswersDropped = 0
    private var blackholed = false
    private var sockets: [Int32] = []
    private var stopped = false

    /// Forwards to 127.0.0.1:`targetPort`.
    init(targetPort: Int) throws {
        listener = try LoopbackPort(listening: true)
        port = listener.port
        self.targetPort = targetPort
        let fd = listener.fd
        Thread.detachNewThread { [self] in acceptLoop(fd) }
    }

    deinit { stop() }

    /// `url` with its port replaced by the proxy's.
    func url(for url: String) -> String {
        url.replacingOccurrences(of: ":\(targetPort)/", with: ":\(port)/")
    }

    /// After `passing` more COMMIT answers went through, the next `count` are lost (each on
    /// its connection, which is then closed).
    func dropCommitAnswers(_ count: Int = 1, passing: Int = 0) {
        lock.withLock { commitAnswersToDrop += count; commitAnswersToPass = passing }
    }
    var droppedCommitAnswers: Int { lock.withLock { committedAnswersDropped } }

    /// From now on nothing is forwarded on any connection, new ones included, and none is closed.
    func blackhole() { lock.withLock { blackholed = true } }
    private var isBlackholed: Bool { lock.withLock { blackholed } }

    func stop() {
        let all: [Int32] = lock.withLock {
            stopped = true
            defer { sockets = [] }
            return sockets
        }
        shutdown(listener.fd, Int32(SHUT_RDWR))
        for fd in all { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }
    }

    private func acceptLoop(_ fd: Int32) {
        while true {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            guard let server = Self.connectLoopback(targetPort) else { close(client); continue }
            let keep = lock.withLock { () -> Bool in
                if stopped { return false }
                sockets += [client, server]
                return true
            }
            guard keep else { close(client); close(server); return }
            let connection = Connection()
            Thread.detachNewThread { [self] in pumpClient(from: client, to: server, connection) }
            Thread.detachNewThread { [self] in pumpServer(from: server, to: client, connection) }
        }
    }

    /// Per connection: whether the client has sent a COMMIT whose answer is still to come.
    private final class Connection: @unchecked Sendable {
        let lock = NSLock()
        var commitSent = false
    }

    private func pumpClient(from client: Int32, to server: Int32, _ connection: Connection) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(client, &buffer, buffer.count, 0)
            if isBlackholed { if n <= 0 { return } else { continue } }
            guard n > 0 else { shutdown(server, Int32(SHUT_WR)); return }
            let chunk = Array(buffer[0..<n])
            if Self.contains(chunk, Array("COMMIT".utf8)) { connection.lock.withLock { connection.commitSent = true } }
            guard Self.sendAll(server, chunk) else { return }
        }
    }

    private func pumpServer(from server: Int32, to client: Int32, _ connection: Connection) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        var pending: [UInt8] = []
        while true {
            let n = recv(server, &buffer, buffer.count, 0)
            if isBlackholed { if n <= 0 { return } else { continue } }
            guard n > 0 else { shutdown(client, Int32(SHUT_WR)); return }
            pending += buffer[0..<n]
            // Forward whole messages: type byte, then a big-endian length that counts itself.
            var out: [UInt8] = []
            while pending.count >= 5 {
                let length = Int(pending[1]) << 24 | Int(pending[2]) << 16 | Int(pending[3]) << 8 | Int(pending[4])
                guard pending.count >= 1 + length else { break }
                let message = Array(pending[0..<(1 + length)])
                pending.removeFirst(1 + length)
                if message[0] == UInt8(ascii: "C"), Array(message[5...]).starts(with: Array("COMMIT".utf8)),
                   connection.lock.withLock({ connection.commitSent }), takeCommitDrop() {
                    // The server committed; the client never hears it.
                    _ = Self.sendAll(client, out)
                    shutdown(client, Int32(SHUT_RDWR))
                    shutdown(server, Int32(SHUT_RDWR))
                    return
                }
                out += message
            }
            guard Self.sendAll(client, out) else { return }
        }
    }

    private func takeCommitDrop() -> Bool {
        lock.withLock {
            guard commitAnswersToDrop > 0 else { return false }
            if commitAnswersToPass > 0 { commitAnswersToPass -= 1; return false }
            commitAnswersToDrop -= 1
            committedAnswersDropped += 1
            return true
        }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }

    private static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return false }
            sent += n
        }
        return true
    }

    private static func connectLoopback(_ port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        if !ok { close(fd); return nil }
        return fd
    }
}
