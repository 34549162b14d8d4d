import Foundation

/// `Tests/http-server/inventory_server.py` (python3's http.server, optionally with ssl) on a
/// kernel-chosen port of 127.0.0.1; stopped (SIGTERM to its own pid) when released.
final class InventoryHTTPServer {
    let process: RunningProcess
    let port: Int
    let log: URL
    let directory: URL
    let token: String
    let scheme: String

    static var script: URL {
        packageRoot.appendingPathComponent("Tests/http-server/inventory_server.py")
    }

    static var packageRoot: URL { Repository.root }

    static var fixtures: URL { packageRoot.appendingPathComponent("fixtures/inventory") }

    /// `tls`: certificate and key files; `token`: what /auth/ routes demand after "Token ".
    init(token: String = "tok-\(UUID().uuidString)", tls: (cert: String, key: String)? = nil,
         fixtures: URL = InventoryHTTPServer.fixtures, extra: [String] = []) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        log = directory.appendingPathComponent("requests.jsonl")
        self.token = token
        scheme = tls == nil ? "http" : "https"
        var arguments = ["python3", Self.script.path, "--fixtures", fixtures.path, "--log", log.path, "--token", token]
        if let tls { arguments += ["--tls", tls.cert, tls.key] }
        process = try RunningProcess("/usr/bin/env", arguments + extra)
        // The first line is the port; it is written once the server listens.
        guard let port = process.firstLine(timeout: 60).flatMap({ Int($0) }) else {
            process.terminate()
            throw ServerStartError(message: "the test HTTP server did not start (python3 missing?): \(process.stderr)")
        }
        self.port = port
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    func url(_ path: String, host: String = "127.0.0.1") -> String { "\(scheme)://\(host):\(port)\(path)" }

    /// The requests the server saw, in order.
    func requests() throws -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: log.path) else { return [] }
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }

    /// A header file holding the token the server demands, mode 0600.
    func headerFile(in directory: URL, line: String? = nil) throws -> String {
        let path = directory.appendingPathComponent("headers-\(UUID().uuidString)").path
        let text = (line ?? "Authorization: Token \(token)") + "\n"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        return path
    }
}

struct ServerStartError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
