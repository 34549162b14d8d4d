import IPCore

/// Parses "one address or prefix a line" input: blank lines and `# comments` are skipped,
/// surrounding spaces and a trailing CR are ignored, a bare address means /32 or /128.
/// Used by `aggregate` and `exclude`.
public enum PrefixListReader {
    /// Adds every line of `bytes` to `builder`. The first invalid line throws an `InputError`
    /// naming file and line, unless `skipInvalid`, which reports it through `warn` and goes on.
    public static func parse(_ bytes: [UInt8], file: String, skipInvalid: Bool = false,
                             warn: (InputError) -> Void = { _ in }, into builder: inout IPSetBuilder) throws {
        try bytes.withUnsafeBufferPointer { buf in
            var lineStart = 0
            var lineNumber = 0
            let count = buf.count
            while lineStart < count {
                lineNumber += 1
                var lineEnd = lineStart
                while lineEnd < count && buf[lineEnd] != 10 { lineEnd += 1 }
                var s = lineStart, e = lineEnd
                while s < e && (buf[s] == 32 || buf[s] == 9) { s += 1 }
                while e > s && (buf[e - 1] == 32 || buf[e - 1] == 9 || buf[e - 1] == 13) { e -= 1 }
                if s < e && buf[s] != UInt8(ascii: "#") {
                    do throws(IPParseError) {
                        let p = try IPPrefix(utf8: UnsafeBufferPointer(rebasing: buf[s..<e]), bareAddress: true)
                        builder.add(p)
                    } catch {
                        let problem = InputError(file: file, line: lineNumber, error.description)
                        if skipInvalid { warn(problem) } else { throw problem }
                    }
                }
                lineStart = lineEnd + 1
            }
        }
    }
}

/// Formats prefix lists into one buffer: one prefix a line, IPv4 before IPv6.
public enum PrefixListWriter {
    public static func lines(_ set: IPSet) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(set.v4.ranges.count * 20 + set.v6.ranges.count * 44)
        var v4: [Prefix<IPv4Address>] = []
        v4.reserveCapacity(set.v4.ranges.count)
        for r in set.v4.ranges { r.appendPrefixes(to: &v4) }
        for p in v4 { p.append(to: &out); out.append(10) }
        var v6: [Prefix<IPv6Address>] = []
        v6.reserveCapacity(set.v6.ranges.count)
        for r in set.v6.ranges { r.appendPrefixes(to: &v6) }
        for p in v6 { p.append(to: &out); out.append(10) }
        return out
    }
}
