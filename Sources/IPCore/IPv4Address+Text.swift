extension IPv4Address {
    /// Dotted decimal into the caller's buffer.
    @inlinable
    public func append(to buffer: inout [UInt8]) {
        appendDecimalOctet(UInt8(bits >> 24), to: &buffer)
        buffer.append(UInt8(ascii: "."))
        appendDecimalOctet(UInt8(truncatingIfNeeded: bits >> 16), to: &buffer)
        buffer.append(UInt8(ascii: "."))
        appendDecimalOctet(UInt8(truncatingIfNeeded: bits >> 8), to: &buffer)
        buffer.append(UInt8(ascii: "."))
        appendDecimalOctet(UInt8(truncatingIfNeeded: bits), to: &buffer)
    }

    /// Strict parse: four decimal octets, no leading zeros, nothing else.
    public init(_ text: String) throws(IPParseError) {
        self = try TextParser.run(text) { bytes throws(TextParser.Failure) in try TextParser.ipv4(bytes, start: 0, end: bytes.count) }
    }
}

@inlinable
func appendDecimalOctet(_ v: UInt8, to buffer: inout [UInt8]) {
    if v >= 100 {
        buffer.append(48 + v / 100)
        buffer.append(48 + (v / 10) % 10)
        buffer.append(48 + v % 10)
    } else if v >= 10 {
        buffer.append(48 + v / 10)
        buffer.append(48 + v % 10)
    } else {
        buffer.append(48 + v)
    }
}

@inlinable
func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
    if value < 10 { buffer.append(48 + UInt8(value)); return }
    if value < 100 { buffer.append(48 + UInt8(value / 10)); buffer.append(48 + UInt8(value % 10)); return }
    buffer.append(48 + UInt8(value / 100))
    buffer.append(48 + UInt8((value / 10) % 10))
    buffer.append(48 + UInt8(value % 10))
}
