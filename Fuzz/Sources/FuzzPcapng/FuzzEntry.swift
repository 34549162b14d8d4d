import Foundation
import IPAuditCapture

/// Hands every frame to one analyzer, whatever its interface: the reader is under test here.
struct FuzzSink: PacketSink {
    var analyzer = WireAnalyzer(domainBase: "fuzz")

    mutating func packet(_ bytes: UnsafeRawBufferPointer, linkType: LinkType, time: Double, frame: Int, interface: Int) {
        analyzer.process(bytes, linkType: linkType, time: time, frame: frame)
    }

    mutating func startInterface(_ index: Int, domainSuffix: String?) {}
}

/// libFuzzer entry: the input is a whole pcapng file, read through an in-memory stream by the
/// block reader (and its frames through the decoder). A corrupt or cut file must end in a
/// CaptureError or a truncation, never a trap or an out-of-bounds read.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPcapng(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0, let stream = fmemopen(UnsafeMutableRawPointer(mutating: data), size, "rb") else { return 0 }
    let reader = PcapngCapture(file: stream, name: "fuzz", filter: size & 1 == 0 ? nil : "arp or ip6")
    var sink = FuzzSink()
    _ = try? reader.run(into: &sink, count: nil) { _ in }
    _ = sink.analyzer.findings()
    return 0
}
