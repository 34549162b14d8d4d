/// Hand-written parsers over UTF-8 bytes. Never `Int(_:)`: it accepts signs and
/// leading zeros. Each function reads `bytes[start..<end]` and reports failures
/// with a byte offset; `run` turns them into `IPParseError` carrying the input.
@usableFromInline
enum TextParser {
    @usableFromInline
    struct Failure: Error {
        @usableFromInline let reason: IPParseError.Reason
        @usableFromInline let position: Int
        @usableFromInline let suggestion: String?
        @inlinable init(_ reason: IPParseError.Reason, at position: Int, suggestion: String? = nil) {
            self.reason = reason
            self.position = position
            self.suggestion = suggestion
        }
    }

    @usableFromInline typealias Bytes = UnsafeBufferPointer<UInt8>

    @usableFromInline static func run<T>(_ text: String, _ body: (Bytes) throws(Failure) -> T) throws(IPParseError) -> T {
        var copy = text
        let outcome: Result<T, Failure> = copy.withUTF8 { bytes in
            do throws(Failure) { return .success(try body(bytes)) } catch { return .failure(error) }
        }
        switch outcome {
        case .success(let v): return v
        case .failure(let f):
            throw IPParseError(input: text, position: f.position, reason: f.reason, suggestion: f.suggestion)
        }
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }

    @inline(__always) static func hexValue(_ b: UInt8) -> UInt8? {
        if b &- 48 < 10 { return b &- 48 }
        let lower = b | 0x20
        if lower &- 97 < 6 { return lower &- 87 }
        return nil
    }

    @usableFromInline static func ipv4(_ bytes: Bytes, start: Int, end: Int) throws(Failure) -> IPv4Address {
        if start == end { throw Failure(.empty, at: start) }
        var i = start
        var value: UInt32 = 0
        for part in 0..<4 {
            if part > 0 {
                guard i < end else { throw Failure(.tooFewOctets, at: i) }
                guard bytes[i] == UInt8(ascii: ".") else { throw Failure(.unexpectedCharacter(bytes[i]), at: i) }
                i += 1
            }
            guard i < end else { throw Failure(.tooFewOctets, at: i) }
            guard isDigit(bytes[i]) else {
                throw Failure(bytes[i] == UInt8(ascii: ".") ? .expectedDigit : .unexpectedCharacter(bytes[i]), at: i)
            }
            let first = i
            var octet: UInt32 = 0
            while i < end, isDigit(bytes[i]) {
                octet = octet * 10 + UInt32(bytes[i] &- 48)
                if octet > 255 { throw Failure(.octetTooLarge, at: first) }
                i += 1
            }
            if i - first > 1 && bytes[first] == UInt8(ascii: "0") { throw Failure(.leadingZero, at: first) }
            value = value << 8 | octet
        }
        if i < end {
            throw Failure(bytes[i] == UInt8(ascii: ".") ? .tooManyOctets : .unexpectedCharacter(bytes[i]), at: i)
        }
        return IPv4Address(bits: value)
    }

    @usableFromInline static func ipv6(_ bytes: Bytes, start: Int, end: Int) throws(Failure) -> IPv6Address {
        if start == end { throw Failure(.empty, at: start) }
        // Groups before '::' collect in `head`, those after in `value`; no heap.
        var value: UInt128 = 0
        var head: UInt128 = 0
        var count = 0
        var ellipsis = -1
        var i = start
        let colon = UInt8(ascii: ":")
        if bytes[i] == colon {
            guard i + 1 < end, bytes[i + 1] == colon else { throw Failure(.leadingColon, at: i) }
            ellipsis = 0
            i += 2
        }
        while i < end {
            if count >= 8 { throw Failure(.tooManyGroups, at: i) }
            let first = i
            var acc: UInt32 = 0
            while i < end, let h = hexValue(bytes[i]) {
                if i - first >= 4 { throw Failure(.groupTooLong, at: first) }
                acc = acc << 4 | UInt32(h)
                i += 1
            }
            if i == first {
                if bytes[i] == colon { throw Failure(.multipleDoubleColons, at: i) }
                throw Failure(.unexpectedCharacter(bytes[i]), at: i)
            }
            if i < end && bytes[i] == UInt8(ascii: ".") {
                if (ellipsis < 0 && count != 6) || count + 2 > 8 { throw Failure(.misplacedIPv4, at: first) }
                let v4 = try ipv4(bytes, start: first, end: end)
                value = value << 32 | UInt128(v4.bits)
                count += 2
                break
            }
            value = value << 16 | UInt128(acc)
            count += 1
            if i == end { break }
            guard bytes[i] == colon else { throw Failure(.unexpectedCharacter(bytes[i]), at: i) }
            i += 1
            if i == end { throw Failure(.trailingColon, at: i - 1) }
            if bytes[i] == colon {
                if ellipsis >= 0 { throw Failure(.multipleDoubleColons, at: i - 1) }
                ellipsis = count
                head = value
                value = 0
                i += 1
            }
        }
        if ellipsis < 0 {
            if count < 8 { throw Failure(.tooFewGroups, at: end) }
            return IPv6Address(bits: value)
        }
        if count >= 8 { throw Failure(.emptyDoubleColon, at: start) }
        // head holds `ellipsis` groups that belong at the top.
        let headShift = UInt128(16 * (8 - ellipsis))
        let top: UInt128 = ellipsis == 0 ? 0 : head << headShift
        return IPv6Address(bits: top | value)
    }

    /// Either family, decided by the presence of ':'. Zones are refused.
    @usableFromInline static func address(_ bytes: Bytes, start: Int, end: Int) throws(Failure) -> IPAddress {
        var hasColon = false
        for k in start..<end {
            let b = bytes[k]
            if b == UInt8(ascii: ":") { hasColon = true }
            if b == UInt8(ascii: "%") { throw Failure(.zoneNotAllowed, at: k) }
        }
        return hasColon ? .v6(try ipv6(bytes, start: start, end: end)) : .v4(try ipv4(bytes, start: start, end: end))
    }

    /// A decimal prefix length: digits only, no sign, no leading zero, at most `max`.
    @usableFromInline static func prefixLength(_ bytes: Bytes, start: Int, end: Int, max: Int) throws(Failure) -> Int {
        guard start < end else { throw Failure(.missingPrefixLength, at: start) }
        var value = 0
        for k in start..<end {
            let b = bytes[k]
            guard isDigit(b) else {
                throw Failure(b == UInt8(ascii: ".") || b == UInt8(ascii: ":") ? .netmaskNotAccepted
                              : .badPrefixLength, at: k)
            }
            value = value * 10 + Int(b &- 48)
            if value > max { throw Failure(.prefixLengthTooLarge(max: max), at: start) }
        }
        if end - start > 1 && bytes[start] == UInt8(ascii: "0") { throw Failure(.prefixLengthLeadingZero, at: start) }
        return value
    }

    /// `10.0.0.0/255.255.255.0` is refused (a prefix length is what every ipaudit input takes),
    /// but a contiguous netmask is read so the error can suggest the length it means. Returns
    /// when the text after the slash holds no dot (the length's own error then stands).
    @usableFromInline static func refuseNetmask(_ bytes: Bytes, network: IPv4Address, start: Int, end: Int) throws(Failure) {
        var dotted = false
        for k in start..<end where bytes[k] == UInt8(ascii: ".") { dotted = true; break }
        guard dotted else { return }
        var suggestion: String? = nil
        if let mask = try? ipv4(bytes, start: start, end: end) {
            let ones = (~mask.bits).leadingZeroBitCount
            if mask.bits << ones == 0 { suggestion = Prefix(masking: network, length: ones).description }
        }
        throw Failure(.netmaskNotAccepted, at: start, suggestion: suggestion)
    }

    /// `ADDR/LEN`, or a bare address as a host prefix when `bareAddress` allows it.
    /// Host bits set is an error unless `masking`.
    @usableFromInline static func prefix(_ bytes: Bytes, start: Int, end: Int, bareAddress: Bool, masking: Bool) throws(Failure) -> IPPrefix {
        var slash = -1
        for k in start..<end where bytes[k] == UInt8(ascii: "/") { slash = k; break }
        if slash < 0 && !bareAddress { throw Failure(.missingPrefixLength, at: end) }
        let addrEnd = slash < 0 ? end : slash
        let addr = try address(bytes, start: start, end: addrEnd)
        let length: Int
        if slash < 0 {
            length = addr.bitWidth
        } else {
            do throws(Failure) {
                length = try prefixLength(bytes, start: slash + 1, end: end, max: addr.bitWidth)
            } catch {
                // Only a refused length pays for the netmask reading (never the parse of a good one).
                if case .v4(let a) = addr { try refuseNetmask(bytes, network: a, start: slash + 1, end: end) }
                throw error
            }
        }
        switch addr {
        case .v4(let a):
            let p = Prefix(masking: a, length: length)
            if !masking && p.network != a {
                throw Failure(.hostBitsSet, at: start, suggestion: p.description)
            }
            return .v4(p)
        case .v6(let a):
            let p = Prefix(masking: a, length: length)
            if !masking && p.network != a {
                throw Failure(.hostBitsSet, at: start, suggestion: p.description)
            }
            return .v6(p)
        }
    }
}
