import IPAuditKit
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// `scan --watch --metrics-listen HOST:PORT`: serves `GET /metrics` in the Prometheus text
/// format (the textfile renderer's output for the watcher's latest snapshot) on one event-loop
/// thread; every other path is 404, every other method 405. HTTP parsing is swift-nio's.
final class MetricsServer: Sendable {
    /// A connection gets this long, from its start or its previous answer, to begin a request
    /// (an idle keep-alive client must not hold a descriptor for days)...
    static let idleTimeout = TimeAmount.seconds(10)
    /// ...and this long from a request's first byte to complete it, however it trickles (a
    /// scraper sends its request in one packet).
    static let requestTimeout = TimeAmount.seconds(3)
    /// Connections served at once; more are closed on accept (a scraper needs one or two).
    static let maxConnections = 64

    /// The latest snapshot, written by the capture loop after each evaluation, read per scrape.
    let latest: NIOLockedValueBox<FindingsReport>
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    /// Where it listens, as bound (a port of 0 in the request becomes the kernel's choice).
    var address: String {
        guard let a = channel.localAddress else { return "?" }
        return "\(a.ipAddress ?? "?"):\(a.port ?? 0)"
    }

    /// Bound to the wildcard address (0.0.0.0 or ::): reachable from every network, not one.
    var servesEveryInterface: Bool {
        ["0.0.0.0", "::"].contains(channel.localAddress?.ipAddress ?? "")
    }

    init(host: String, port: Int, initial: FindingsReport, labels: [(name: String, value: String)] = []) throws {
        let latest = NIOLockedValueBox(initial)
        let open = NIOLockedValueBox(0)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            let bootstrap = ServerBootstrap(group: group)
                .serverChannelOption(ChannelOptions.backlog, value: 32)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { child in
                    let admitted = open.withLockedValue { count -> Bool in
                        guard count < Self.maxConnections else { return false }
                        count += 1
                        return true
                    }
                    guard admitted else { return child.close() }
                    child.closeFuture.whenComplete { _ in open.withLockedValue { $0 -= 1 } }
                    return child.eventLoop.makeCompletedFuture {
                        try child.pipeline.syncOperations.addHandler(RequestDeadline(idle: Self.idleTimeout, request: Self.requestTimeout))
                        try child.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        try child.pipeline.syncOperations.addHandler(MetricsHandler(latest: latest, labels: labels))
                    }
                }
            // An address literal is bound as written: resolving "127.0.0.1" may give an IPv4-mapped
            // IPv6 socket (seen inside a network namespace) that IPv4 clients cannot reach.
            if let literal = try? SocketAddress(ipAddress: host, port: port) {
                channel = try bootstrap.bind(to: literal).wait()
            } else {
                channel = try bootstrap.bind(host: host, port: port).wait()
            }
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
        self.latest = latest
        self.group = group
    }

    func publish(_ report: FindingsReport) {
        latest.withLockedValue { $0 = report }
    }

    func stop() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

/// One connection's requests: the head tells the path; the answer goes at the request's end.
/// An answer waits while the connection is not writable (its client does not read): swift-nio's
/// pipelining handler then holds the next requests and stops reading the socket, so a client
/// pipelining thousands of GETs costs one answer and one read buffer, not all the answers.
private final class MetricsHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let latest: NIOLockedValueBox<FindingsReport>
    let labels: [(name: String, value: String)]
    private var head: HTTPRequestHead?
    /// A complete request whose answer waits for the client to read the previous ones.
    private var waiting: HTTPRequestHead?

    init(latest: NIOLockedValueBox<FindingsReport>, labels: [(name: String, value: String)]) {
        self.latest = latest
        self.labels = labels
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h): head = h
        case .body: break
        case .end:
            guard let head else { return }
            self.head = nil
            if context.channel.isWritable { respond(context: context, to: head) } else { waiting = head }
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, let head = waiting {
            waiting = nil
            respond(context: context, to: head)
        }
        context.fireChannelWritabilityChanged()
    }

    private func respond(context: ChannelHandlerContext, to head: HTTPRequestHead) {
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let status: HTTPResponseStatus
        let body: String
        var headers = HTTPHeaders()
        if head.method != .GET && head.method != .HEAD {
            status = .methodNotAllowed
            body = "only GET\n"
            headers.add(name: "Allow", value: "GET, HEAD")
        } else if path == "/metrics" {
            status = .ok
            body = FindingsRenderer.prometheus(latest.withLockedValue { $0 }, labels: labels)
        } else {
            status = .notFound
            body = "not found: ipaudit serves /metrics only\n"
        }
        let contentType = status == .ok ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain; charset=utf-8"
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.utf8.count))
        let keepAlive = head.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        if head.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
        }
        let done = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: done)
        if !keepAlive {
            let channel = context.channel
            done.futureResult.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
