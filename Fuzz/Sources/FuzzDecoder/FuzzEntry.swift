import IPAuditCapture

/// libFuzzer entry: byte 0 picks the link type, the rest is one frame. The frame goes through
/// the decoder and, when it decodes, through the analyzer and the verdicts, so binding and
/// finding code sees odd input too. Any trap or out-of-bounds read is a crash to fix.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let links: [LinkType] = [.ethernet, .linuxCooked, .linuxCooked2, .rawIP, .ipv4, .ipv6, .bsdLoopback, .ieee80211, .ieee80211Radiotap, .nflog]
    let link = links[Int(data[0]) % links.count]
    let frame = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    var analyzer = WireAnalyzer(domainBase: "fuzz")
    analyzer.process(frame, linkType: link, time: 1, frame: 1)
    analyzer.process(frame, linkType: link, time: 2, frame: 2)
    _ = analyzer.findings()
    _ = analyzer.observations()
    return 0
}
