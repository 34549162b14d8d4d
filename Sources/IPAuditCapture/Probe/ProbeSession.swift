import CPcap
import Foundation
import IPCore

/// One live handle that both sends the probes (`pcap_inject`) and reads the answers, so the
/// device is opened once, with privileges, and used after they are dropped.
public final class ProbeSession {
    public let capture: PacketCapture
    /// What the handle reads: answers and, for the kernel filter's sake, nothing else (DHCP
    /// and DHCPv6 to the client ports: what `--dhcp` asks for).
    static let filter = "arp or icmp6 or (udp and (dst port 68 or dst port 546))"

    private init(capture: PacketCapture) { self.capture = capture }

    /// Opens `interface` for probing (needs root or CAP_NET_RAW). Frames the host sends are
    /// not read: only what arrives can answer. With `promiscuous` (`--vlan`) the NIC takes
    /// frames of VLANs the host has no subinterface for: a NIC with hardware VLAN filtering
    /// drops them before libpcap sees them otherwise.
    public static func open(interface: String, promiscuous: Bool = false) throws(CaptureError) -> ProbeSession {
        var config = CaptureConfiguration(source: .interface(interface))
        config.filter = filter
        config.promiscuous = promiscuous
        config.permissionAlternative = nil   // probe has no --read
        let capture = try PacketCapture.open(config)
        guard capture.linkType == .ethernet else {
            throw CaptureError(source: interface, "probing needs an Ethernet interface, not \(PacketCapture.linkTypeName(capture.handle))")
        }
        if pcap_setdirection(capture.handle, PCAP_D_IN) != 0 {
            throw CaptureError(source: interface, "cannot read incoming frames only: \(String(cString: pcap_geterr(capture.handle)))")
        }
        return ProbeSession(capture: capture)
    }

    /// Sends every target a probe, then up to `settings.retries` more rounds to the targets
    /// still silent, and listens `settings.wait` after the last probe; answers go to
    /// `collector` as they arrive. Rounds follow one another (a retry round starts once the
    /// previous one is sent), but within a round each target is asked again as soon as its own
    /// last probe has had `settings.wait` (as arp-scan's per-host timeout), so a long target
    /// list adds no whole-round pause.
    public func run(targets: [IPAddress], builder: ProbeFrameBuilder, settings: ProbeSettings,
                    collector: inout ProbeCollector) throws(CaptureError) -> ProbeRunStatistics {
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        // Non-blocking reads polled on the selectable fd: a blocking pcap_next_ex never
        // returns on a silent link, and a probe of dead addresses is exactly that.
        guard pcap_setnonblock(capture.handle, 1, &errbuf) == 0 else {
            throw CaptureError(source: capture.name, "cannot set non-blocking mode: \(PacketCapture.text(errbuf))")
        }
        var reader = Reader(capture: capture)
        var stats = ProbeRunStatistics()
        let started = Self.now()
        do {
            // The solicitations of --dhcp and --routers first: the answers come while the targets are probed.
            for frame in settings.solicitations { try send(frame) }
            try probe(targets, builder: builder, settings: settings, reader: &reader, collector: &collector, stats: &stats)
            if !settings.solicitations.isEmpty, !stats.interrupted,
               try reader.listen(until: started + settings.solicitationWait, into: &collector) { stats.interrupted = true }
        } catch {
            // The answers heard so far stand: the caller reports them, then the failure.
            stats.failure = error
        }
        stats.elapsed = Self.now() - started
        stats.capture = capture.statistics()
        return stats
    }

    private func probe(_ targets: [IPAddress], builder: ProbeFrameBuilder, settings: ProbeSettings, reader: inout Reader,
                       collector: inout ProbeCollector, stats: inout ProbeRunStatistics) throws(CaptureError) {
        let started = Self.now()
        let interval = settings.rate.map { 1 / $0 } ?? 0
        var nextSend = started
        var lastSent = [Double](repeating: 0, count: targets.count)
        var lastProbe = started
        run: for round in 0...settings.retries {
            var sentThisRound = 0
            for (i, target) in targets.enumerated() where !collector.answered.contains(target) {
                if round > 0 {
                    if try reader.listen(until: lastSent[i] + settings.wait, into: &collector) { stats.interrupted = true; break run }
                    if collector.answered.contains(target) { continue }
                }
                if interval > 0 {
                    if try reader.listen(until: nextSend, into: &collector) { stats.interrupted = true; break run }
                    // Catching up after a late wake-up keeps the average rate, never exceeds it for long.
                    nextSend = max(nextSend + interval, Self.now() - 0.05)
                } else if stats.probesSent & 63 == 0 {
                    try reader.drain(into: &collector)
                    if StopSignal.requested { stats.interrupted = true; break run }
                }
                let frame = switch target {
                case .v4(let a): builder.arpProbe(for: a)
                case .v6(let a): builder.neighborSolicitation(for: a)
                }
                try send(frame)
                lastProbe = Self.now()
                lastSent[i] = lastProbe
                stats.probesSent += 1
                stats.probesPerTarget[target, default: 0] += 1
                if sentThisRound == 0 { stats.rounds += 1 }
                sentThisRound += 1
            }
            if sentThisRound == 0 { break }
        }
        if !stats.interrupted, try reader.listen(until: lastProbe + settings.wait, into: &collector) { stats.interrupted = true }
    }

    /// One frame out; a full socket buffer (unlimited rate) is waited out briefly, not fatal.
    private func send(_ frame: [UInt8]) throws(CaptureError) {
        for _ in 0..<200 {
            let sent = frame.withUnsafeBytes { pcap_inject(capture.handle, $0.baseAddress, $0.count) }
            if sent == frame.count { return }
            let detail = String(cString: pcap_geterr(capture.handle))
            guard sent < 0, errno == ENOBUFS || errno == EAGAIN || detail.contains("No buffer space") else {
                throw CaptureError(source: capture.name, "cannot send a probe: \(detail)")
            }
            usleep(1000)
        }
        throw CaptureError(source: capture.name, "cannot send a probe: the interface's queue stayed full for 200 ms")
    }

    /// Monotonic seconds: the rate and the waits must not jump when NTP or an admin sets the clock.
    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// The reading half: drains what is queued, or waits for more until a deadline.
    private struct Reader {
        let capture: PacketCapture
        let fd: Int32
        var frame = 0

        init(capture: PacketCapture) {
            self.capture = capture
            fd = pcap_get_selectable_fd(capture.handle)
        }

        /// Reads until `deadline`; true when a signal asked to stop.
        mutating func listen(until deadline: Double, into collector: inout ProbeCollector) throws(CaptureError) -> Bool {
            while true {
                try drain(into: &collector)
                if StopSignal.requested { return true }
                let left = deadline - ProbeSession.now()
                if left <= 0 { return false }
                var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                _ = poll(&descriptor, 1, Int32(min(100, (left * 1000).rounded(.up))))   // EINTR: the flag is checked next turn
            }
        }

        mutating func drain(into collector: inout ProbeCollector) throws(CaptureError) {
            var header: UnsafeMutablePointer<pcap_pkthdr>?
            var data: UnsafePointer<UInt8>?
            let unit = capture.subsecondUnit
            while true {
                let rc = pcap_next_ex(capture.handle, &header, &data)
                if rc == 0 { return }
                guard rc == 1, let h = header?.pointee else {
                    throw CaptureError(source: capture.name, "capture error: \(String(cString: pcap_geterr(capture.handle)))")
                }
                frame += 1
                collector.frame(UnsafeRawBufferPointer(start: data, count: Int(h.caplen)), linkType: capture.linkType,
                                time: Double(h.ts.tv_sec) + Double(h.ts.tv_usec) * unit, frame: frame)
            }
        }
    }
}
