import Foundation

extension TestCertificates {
    /// A self-signed server certificate for 127.0.0.1 (its own issuer, no CA): what a NetBox or
    /// Marathon left with its installer's certificate presents. `ca.pem` is the same certificate,
    /// so `--cacert` can trust it.
    init(selfSigned: Bool) throws {
        precondition(selfSigned)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-pki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let process = try ProcessRunner.run("/usr/bin/env", [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", "server.key", "-out", "server.pem",
        ], currentDirectory: directory)
        guard process.status == 0 else { throw ServerStartError(message: "openssl req -x509 failed with status \(process.status)") }
        try FileManager.default.copyItem(at: directory.appendingPathComponent("server.pem"), to: directory.appendingPathComponent("ca.pem"))
    }
}
