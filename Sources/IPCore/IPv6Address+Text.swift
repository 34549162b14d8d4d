extension IPv6Address {
    /// RFC 5952 text into the caller's buffer: lower case, no leading zeros, the
    /// longest run of two or more zero groups as `::` (the first on a tie), and
    /// `::ffff:a.b.c.d` for IPv4-mapped addresses (§5).
    @inlinable
    public func append(to buffer: inout [UInt8]) {
        if isIPv4Mapped {
            buffer.append(contentsOf: [58, 58, 102, 102, 102, 102, 58])  // "::ffff:"
            IPv4Address(bits: UInt32(truncatingIfNeeded: bits)).append(to: &buffer)
            return
        }
        // Find the longest run of zero groups (length >= 2).
        var bestStart = -1, bestLen = 0, runStart = -1
        for i in 0..<8 {
            if group(i) == 0 {
                if runStart < 0 { runStart = i }
                let len = i - runStart + 1
                if len > bestLen { bestLen = len; bestStart = runStart }
            } else {
                runStart = -1
            }
        }
        if bestLen < 2 { bestStart = -1 }
        var i = 0
        var needColon = false
        while i < 8 {
            if i == bestStart {
                buffer.append(58); buffer.append(58)
                i += bestLen
                needColon = false
                continue
            }
            if needColon { buffer.append(58) }
            appendHexGroup(group(i), to: &buffer)
            needColon = true
            i += 1
        }
    }

    /// Strict parse of every RFC 4291 text form; a zone is refused here (see `ScopedIPAddress`).
    public init(_ text: String) throws(IPParseError) {
        self = try TextParser.run(text) { bytes throws(TextParser.Failure) in try TextParser.ipv6(bytes, start: 0, end: bytes.count) }
    }
}

@inlinable
func appendHexGroup(_ g: UInt16, to buffer: inout [UInt8]) {
    var started = false
    var shift: UInt16 = 12
    while true {
        let nibble = UInt8(truncatingIfNeeded: (g >> shift) & 0xf)
        if nibble != 0 || started || shift == 0 {
            buffer.append(nibble < 10 ? 48 + nibble : 87 + nibble)
            started = true
        }
        if shift == 0 { break }
        shift -= 4
    }
}
