import AsyncHTTPClient
import Foundation
import IPAuditKit
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// GETs one URL into bytes: the header file's headers, TLS (system roots plus --cacert), redirects
/// followed by hand so that the headers never leave the origin the user named, retries with
/// backoff for lost connections and 5xx, one deadline for the whole pull (pages, redirects,
/// attempts and the waits between them: a cron run must end), and the size cap.
final class HTTPFetcher: Sendable {
    private let client: HTTPClient
    private let settings: HTTPSourceSettings

    init(settings: HTTPSourceSettings) throws {
        self.settings = settings
        var tls = TLSConfiguration.makeClientConfiguration()
        if settings.insecure { tls.certificateVerification = .none }
        if let file = settings.caCertificateFile {
            tls.additionalTrustRoots = [.certificates(try Self.loadCertificates(file))]
        }
        let timeout = HTTPClient.Configuration.Timeout(connect: TimeAmount(settings.connectTimeout),
                                                       read: TimeAmount(settings.timeout))
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow, timeout: timeout,
            decompression: .enabled(limit: .size(settings.sizeLimit)))
        // A failed connection is retried here (`executeRetryingRefused`), only when refused: the
        // client's own retries would repeat a failed TLS handshake for the whole connect timeout
        // and then report only that the time ran out.
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }

    func shutdown() async {
        try? await client.shutdown()
    }

    /// The answer's body for a 2xx; an `HTTPSourceError` (with the status when there was an
    /// answer) otherwise, after the retries. Nothing runs past `deadline`: a retry whose wait
    /// would end after it is not made.
    func get(_ source: SourceURL, limit: Int, deadline: ContinuousClock.Instant) async throws -> FetchedBody {
        var attempt = 0
        var delay = settings.retryDelay
        while true {
            do {
                let body = try await getFollowingRedirects(source, limit: limit, deadline: deadline)
                if let page = HTMLAnswer.error(body, asked: source, redacting: settings.headers.map(\.value)) { throw page }
                return body
            } catch let failure as AttemptFailure {
                let mayRetry = failure.retryable && attempt < settings.retries
                let timeLeft = ContinuousClock.now.advanced(by: delay) < deadline
                guard mayRetry, timeLeft else {
                    if attempt == 0 && !mayRetry { throw failure.error }
                    let spent = mayRetry ? "; --timeout \(Self.seconds(settings.timeout)) leaves no time for another" : ""
                    throw HTTPSourceError(url: failure.error.url, status: failure.error.status,
                                          failure.error.detail + " (after \(attempt + 1) attempt\(attempt == 0 ? "" : "s")\(spent))")
                }
                attempt += 1
                try await Task.sleep(for: delay)
                delay *= 2
            }
        }
    }

    /// Why an attempt failed, and whether another may do better (a connection reset or closed
    /// mid-request, a 5xx: a master restarting or failing over).
    struct AttemptFailure: Error {
        let error: HTTPSourceError
        let retryable: Bool
    }

    private func getFollowingRedirects(_ source: SourceURL, limit: Int, deadline: ContinuousClock.Instant) async throws -> FetchedBody {
        var url = source.url
        var sendHeaders = true
        for _ in 0...settings.maxRedirects {
            let answer: Answer
            do {
                answer = try await attempt(url, name: SourceURL(url: url).name, sendHeaders: sendHeaders, limit: limit,
                                           deadline: deadline)
            } catch let failure as AttemptFailure where !sendHeaders && !settings.headers.isEmpty
                        && [401, 403].contains(failure.error.status ?? 0) {
                let error = failure.error
                throw AttemptFailure(error: HTTPSourceError(url: error.url, status: error.status, error.detail
                    + " (redirected from \(source.name); the header file's headers go only to the host named)"),
                                     retryable: false)
            }
            guard let location = answer.location else {
                return FetchedBody(bytes: answer.bytes, status: answer.status, finalURL: url)
            }
            guard let next = URL(string: location, relativeTo: url)?.absoluteURL,
                  let scheme = next.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
                throw AttemptFailure(error: HTTPSourceError(url: SourceURL(url: url).name, status: answer.status,
                                                            "redirected to something that is not an http(s) URL"),
                                     retryable: false)
            }
            // What was asked over TLS does not come back in clear (curl's --proto-redir
            // stance): anyone on the path could read or change the inventory.
            if url.scheme?.lowercased() == "https" && scheme == "http" && !settings.insecure {
                throw AttemptFailure(error: HTTPSourceError(url: SourceURL(url: url).name, status: answer.status,
                                                            "redirected from https:// to \(SourceURL(url: next).name): refused, the inventory would come in clear (--insecure allows it)"),
                                     retryable: false)
            }
            // A token is for the origin the user named: a redirect elsewhere (a non-leading
            // Mesos master naming the leader) gets the request without the header file.
            if !source.mayReceiveHeaders(next) { sendHeaders = false }
            url = next
        }
        throw AttemptFailure(error: HTTPSourceError(url: source.name, "more than \(settings.maxRedirects) redirects"),
                             retryable: false)
    }

    private struct Answer: Sendable {
        let status: Int
        let bytes: [UInt8]
        let location: String?
    }

    /// One request, ended at the pull's deadline wherever it is (connecting, waiting, reading).
    private func attempt(_ url: URL, name: String, sendHeaders: Bool, limit: Int,
                         deadline: ContinuousClock.Instant) async throws -> Answer {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .GET
        request.headers.add(name: "User-Agent", value: "ipaudit")
        request.headers.add(name: "Accept", value: "application/json, text/csv;q=0.9, */*;q=0.8")
        request.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
        if sendHeaders {
            // A name's first line replaces ipaudit's own (User-Agent, Accept); its further lines
            // are sent too, as repeated headers.
            var named = Set<String>()
            for field in settings.headers {
                if named.insert(field.name.lowercased()).inserted {
                    request.headers.replaceOrAdd(name: field.name, value: field.value)
                } else {
                    request.headers.add(name: field.name, value: field.value)
                }
            }
        }
        let prepared = request
        let timeout = settings.timeout
        let timedOut = AttemptFailure(error: HTTPSourceError(url: name, Self.timeoutDetail(timeout)), retryable: false)
        let left = ContinuousClock.now.duration(to: deadline)
        guard left > .zero else { throw timedOut }
        let secrets = settings.headers.map(\.value)
        let client = self.client
        do {
            return try await withThrowingTaskGroup(of: Answer?.self) { group in
                group.addTask {
                    let response = try await Self.executeRetryingRefused(client, prepared, deadline: deadline,
                                                                         connectTimeout: self.settings.connectTimeout)
                    let status = Int(response.status.code)
                    if (300..<400).contains(status), let location = response.headers.first(name: "Location") {
                        return Answer(status: status, bytes: [], location: location)
                    }
                    if (200..<300).contains(status) {
                        do {
                            let body = try await response.body.collect(upTo: limit)
                            return Answer(status: status, bytes: Array(buffer: body), location: nil)
                        } catch is NIOTooManyBytesError {
                            // `limit` is what earlier pages left; the message names the cap itself.
                            throw InputReader.tooLargeError(name: name, limit: self.settings.sizeLimit)
                        }
                    }
                    // An error answer: its start is enough for the message.
                    var start: [UInt8] = []
                    for try await chunk in response.body {
                        start += chunk.readableBytesView.prefix(4096 - start.count)
                        if start.count >= 4096 { break }
                    }
                    let excerpt = ErrorExcerpt.make(start, status: status, redacting: secrets)
                    throw AttemptFailure(error: HTTPSourceError(url: name, status: status, excerpt),
                                         retryable: status >= 500)
                }
                group.addTask {
                    try await Task.sleep(until: deadline, clock: .continuous)
                    return nil
                }
                let first = try await group.next()!
                group.cancelAll()
                guard let answer = first else { throw timedOut }
                return answer
            }
        } catch let failure as AttemptFailure {
            throw failure
        } catch let error as InputError {
            throw error
        } catch where Self.isDecompressionLimit(error) {
            // A gzip answer that unpacks past the cap: the same words as a file over it.
            throw InputReader.tooLargeError(name: name, limit: settings.sizeLimit)
        } catch where TLSFailure.isTLS(error) {
            throw AttemptFailure(error: HTTPSourceError(url: name, await TLSFailure.detail(error, url: url, settings: settings)),
                                 retryable: false)
        } catch {
            throw Self.transportFailure(error, name: name, timeout: timeout, connectTimeout: settings.connectTimeout)
        }
    }

    /// One request; a refused connection (a master restarting) is tried again with backoff
    /// until the connect timeout is spent, as the README promises.
    static func executeRetryingRefused(_ client: HTTPClient, _ request: HTTPClientRequest, deadline: ContinuousClock.Instant,
                                       connectTimeout: Duration) async throws -> HTTPClientResponse {
        let start = ContinuousClock.now
        var delay = Duration.milliseconds(50)
        while true {
            do {
                return try await client.execute(request, timeout: TimeAmount(ContinuousClock.now.duration(to: deadline)))
            } catch where isRefused(error) {
                let next = ContinuousClock.now.advanced(by: delay)
                guard next < start.advanced(by: connectTimeout), next < deadline else { throw error }
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(1))
            }
        }
    }

    static func isRefused(_ error: Error) -> Bool {
        (error as? IOError)?.errnoCode == ECONNREFUSED || "\(error)".contains("Connection refused")
    }

    /// A transport error in words, and whether it is worth another attempt. A connection that
    /// cannot be made is not retried here: async-http-client already retries it, with backoff,
    /// for the whole connect timeout. A connection lost once made is.
    static func transportFailure(_ error: Error, name: String, timeout: Duration, connectTimeout: Duration) -> AttemptFailure {
        let text = "\(error)"
        if let client = error as? HTTPClientError {
            switch client {
            case .remoteConnectionClosed:
                return AttemptFailure(error: HTTPSourceError(url: name, "the server closed the connection"), retryable: true)
            case .connectTimeout:
                return AttemptFailure(error: HTTPSourceError(url: name, "no connection within \(seconds(connectTimeout))"), retryable: false)
            case .deadlineExceeded, .readTimeout, .cancelled:
                return AttemptFailure(error: HTTPSourceError(url: name, timeoutDetail(timeout)), retryable: false)
            default:
                break
            }
        }
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return AttemptFailure(error: HTTPSourceError(url: name, "TLS failed: the server's certificate does not name the host asked (\(TLSFailure.words(error)))"),
                                  retryable: false)
        }
        if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError || text.contains("CERTIFICATE_VERIFY_FAILED") {
            return AttemptFailure(error: HTTPSourceError(url: name, "TLS failed (\(text)); is the server's certificate from a private CA? --cacert FILE trusts it"),
                                  retryable: false)
        }
        // NIO words a refused connect as "connection reset (error set): Connection refused".
        if (error as? IOError)?.errnoCode == ECONNREFUSED || text.contains("Connection refused") {
            return AttemptFailure(error: HTTPSourceError(url: name, "connection failed: Connection refused (tried for \(seconds(connectTimeout)))"),
                                  retryable: false)
        }
        if let io = error as? IOError, [ECONNRESET, EPIPE].contains(io.errnoCode) {
            return AttemptFailure(error: HTTPSourceError(url: name, "connection lost: \(String(cString: strerror(io.errnoCode)))"),
                                  retryable: true)
        }
        if error is ChannelError || text.localizedCaseInsensitiveContains("connection reset") {
            return AttemptFailure(error: HTTPSourceError(url: name, "connection lost: \(text)"), retryable: true)
        }
        if let io = error as? IOError {
            return AttemptFailure(error: HTTPSourceError(url: name, "connection failed: \(String(cString: strerror(io.errnoCode))) (tried for \(seconds(connectTimeout)))"),
                                  retryable: false)
        }
        // llhttp's words ("invalid constant string") for an answer that is not HTTP at all: most
        // often http:// asked of a TLS port, whose answer is a TLS alert.
        if let parser = error as? HTTPParserError {
            let detail = parser == .invalidConstant || parser == .invalidVersion
                ? "the server did not answer in HTTP (is it a TLS port? then ask https://)"
                : "the server's answer is not valid HTTP (\(parser))"
            return AttemptFailure(error: HTTPSourceError(url: name, detail), retryable: false)
        }
        if error is NIOConnectionError {
            return AttemptFailure(error: HTTPSourceError(url: name, "connection failed: \(text) (tried for \(seconds(connectTimeout)))"),
                                  retryable: false)
        }
        return AttemptFailure(error: HTTPSourceError(url: name, text), retryable: false)
    }

    /// swift-nio-extras' `NIOHTTPDecompression.DecompressionError.limit`, told by its type's
    /// name: the package comes only through async-http-client, not worth a direct dependency
    /// for one comparison.
    static func isDecompressionLimit(_ error: Error) -> Bool {
        String(reflecting: type(of: error)).hasSuffix("NIOHTTPDecompression.DecompressionError") && "\(error)" == "limit"
    }

    static func timeoutDetail(_ timeout: Duration) -> String {
        "no complete answer within \(seconds(timeout)) (--timeout bounds the whole pull of one URL)"
    }

    static func seconds(_ duration: Duration) -> String {
        let (s, atto) = duration.components
        let value = Double(s) + Double(atto) / 1e18
        return value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    private static func loadCertificates(_ file: String) throws -> [NIOSSLCertificate] {
        let pem = try InputReader.readAll(file, limit: 1 << 20)
        let certificates: [NIOSSLCertificate]
        do { certificates = try NIOSSLCertificate.fromPEMBytes(pem) } catch {
            throw InputError(file: file, field: "--cacert", "not a PEM certificate: \(error)")
        }
        guard !certificates.isEmpty else { throw InputError(file: file, field: "--cacert", "no PEM certificate in the file") }
        return certificates
    }
}
