import NIOCore

/// Closes a /metrics connection that does not get its answers in time. It watches the raw
/// bytes, ahead of the HTTP decoder, so that a request trickled one byte at a time (slowloris)
/// is timed as a whole:
/// - a connection gets `idle` from its start or its previous answer to begin a request, and
///   `request` from the request's first byte to complete it (bytes do not restart the clock);
/// - an answer resets both. Answers wait while a client does not read (`MetricsHandler`), so a
///   client that pipelines requests without reading them runs into the same clock.
final class RequestDeadline: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    private let idle: TimeAmount
    private let request: TimeAmount
    private var timer: Scheduled<Void>?
    private var deadline = NIODeadline.distantFuture
    /// Bytes came since the last answer: a request is under way.
    private var requestStarted = false

    init(idle: TimeAmount, request: TimeAmount) {
        self.idle = idle
        self.request = request
    }

    func handlerAdded(context: ChannelHandlerContext) {
        arm(context: context, at: .now() + idle)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !requestStarted {
            requestStarted = true
            arm(context: context, at: min(deadline, .now() + request))
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // An answer is going out: the next request starts its clock afresh.
        requestStarted = false
        arm(context: context, at: .now() + idle)
        context.write(data, promise: promise)
    }

    private func arm(context: ChannelHandlerContext, at time: NIODeadline) {
        timer?.cancel()
        deadline = time
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(deadline: time) { channel.close(promise: nil) }
    }
}
