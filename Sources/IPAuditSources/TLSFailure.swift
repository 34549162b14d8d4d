import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A failed TLS handshake in words a user can act on. BoringSSL says only
/// `CERTIFICATE_VERIFY_FAILED at …/handshake.cc:320` whatever the cause; when the check
/// failed, the server's certificates are fetched once more (on a connection that checks
/// nothing and sends nothing) and looked at: expired (and when), not yet valid, or signed by
/// nobody trusted (with `--cacert`'s hint only when it was not given).
enum TLSFailure {
    static func isTLS(_ error: Error) -> Bool {
        error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError
            || "\(error)".contains("CERTIFICATE_VERIFY_FAILED")
    }

    /// The server answered, but not in TLS: BoringSSL read an HTTP status line as a record.
    static func isPlainText(_ error: Error) -> Bool {
        let text = "\(error)"
        return ["WRONG_VERSION_NUMBER", "HTTP_REQUEST", "HTTPS_PROXY_REQUEST", "PACKET_LENGTH_TOO_LONG"].contains { text.contains($0) }
    }

    static func detail(_ error: Error, url: URL, settings: HTTPSourceSettings) async -> String {
        if isPlainText(error) {
            return "the server did not speak TLS (is it a plain http:// port? then ask http://)"
        }
        let port = url.port ?? 443
        if (error as? NIOSSLExtraError) == .failedToValidateHostname, let host = url.host {
            return await nameMismatch(host: host, port: port)
        }
        guard "\(error)".contains("CERTIFICATE_VERIFY_FAILED"), let host = url.host else {
            return "TLS failed: the handshake did not complete (\(words(error)))"
        }
        let chain = await certificates(host: host, port: port)
        let now = time(nil)
        for (index, certificate) in chain.enumerated() {
            let whose = index == 0 ? "the server's certificate" : "a certificate in the server's chain"
            if certificate.notValidAfter < now {
                return "TLS failed: \(whose) expired on \(date(certificate.notValidAfter))"
            }
            if certificate.notValidBefore > now {
                return "TLS failed: \(whose) is valid only from \(date(certificate.notValidBefore)) (is this machine's clock right?)"
            }
        }
        if let file = settings.caCertificateFile {
            return "TLS failed: the server's certificate is signed by no CA in --cacert \(file) nor the system's"
        }
        return "TLS failed: the server's certificate is signed by no CA this machine trusts; "
            + "is it from a private CA? --cacert FILE trusts it"
    }

    /// A trusted certificate for other names: which it holds, against the host asked.
    static func nameMismatch(host: String, port: Int) async -> String {
        let asked = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let names = await certificates(host: host, port: port).first.map(Self.names) ?? []
        if names.isEmpty {
            return "TLS failed: the server's certificate names no host in its subjectAltName (a common name alone is not "
                + "checked), so not \(asked); have it reissued with \(asked) as a subjectAltName"
        }
        let shown = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", …" : "")
        return "TLS failed: the server's certificate names \(shown), not \(asked); ask by a name it holds, or have it reissued for \(asked)"
    }

    /// The DNS names and addresses of a certificate's subjectAltName, made fit for one line.
    static func names(_ certificate: NIOSSLCertificate) -> [String] {
        certificate._subjectAlternativeNames().compactMap { name -> String? in
            let bytes = Array(name.contents)
            switch name.nameType {
            case .dnsName:
                let text = String(decoding: bytes, as: UTF8.self)
                return text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F } ? text : nil
            case .ipAddress where bytes.count == 4 || bytes.count == 16:
                var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
                let family = bytes.count == 4 ? AF_INET : AF_INET6
                guard inet_ntop(family, bytes, &buffer, socklen_t(buffer.count)) != nil else { return nil }
                return String(cString: buffer)
            default:
                return nil
            }
        }
    }

    /// BoringSSL's reason without its source file and line.
    static func words(_ error: Error) -> String {
        let text = "\(error)"
        if let range = text.range(of: #"OPENSSL_internal:([A-Z_]+)"#, options: .regularExpression) {
            return text[range].dropFirst("OPENSSL_internal:".count).lowercased().replacingOccurrences(of: "_", with: " ")
        }
        if text.contains("uncleanShutdown") { return "the server closed the connection during the handshake" }
        return text.replacingOccurrences(of: #" at [^ \])]*\.cc:[0-9]+"#, with: "", options: .regularExpression)
    }

    static func date(_ t: time_t) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(t)))
    }

    /// The chain the server presents, or none when the handshake ends before it (or within 3 s).
    static func certificates(host: String, port: Int) async -> [NIOSSLCertificate] {
        let seen = Seen()
        do {
            let context = try NIOSSLContext(configuration: TLSConfiguration.makeClientConfiguration())
            let isAddress = host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(3))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = try NIOSSLClientHandler(
                            context: context, serverHostname: isAddress ? nil : host,
                            customVerificationCallback: { chain, promise in
                                seen.set(chain)
                                promise.succeed(.failed)  // looked at, never trusted: nothing is sent
                            })
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
                .connect(host: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: port).get()
            channel.eventLoop.scheduleTask(in: .seconds(3)) { channel.close(promise: nil) }
            try? await channel.closeFuture.get()
        } catch {}
        return seen.chain
    }

    private final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var value: [NIOSSLCertificate] = []
        func set(_ chain: [NIOSSLCertificate]) { lock.lock(); value = chain; lock.unlock() }
        var chain: [NIOSSLCertificate] { lock.lock(); defer { lock.unlock() }; return value }
    }
}
