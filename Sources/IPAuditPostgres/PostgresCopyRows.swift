import IPAuditKit
import NIOCore

/// Inventory cells (see `Inventory.encodeRows`), observations and wire events as the text
/// format of `COPY … FROM STDIN`:
/// tab between cells, newline after a row, `\N` for NULL, backslash, tab, newline and
/// carriage return escaped. Cut into chunks of about `chunkSize` bytes for the wire.
struct PostgresCopyRows: InventoryCellWriter {
    static let chunkSize = 1 << 20
    private(set) var chunks: [ByteBuffer] = []
    private var buffer = ByteBuffer()
    private var first = true

    init() { buffer.reserveCapacity(Self.chunkSize + 4096) }

    private mutating func separate() {
        if first { first = false } else { buffer.writeInteger(UInt8(ascii: "\t")) }
    }

    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>?) {
        separate()
        guard let bytes else { buffer.writeStaticString("\\N"); return }
        // Bytes that are not UTF-8 are repaired (U+FFFD) as a bound String would be: the
        // server refuses invalid UTF-8 and would fail the whole import.
        if bytes.contains(where: { $0 >= 0x80 }) && String(validating: bytes, as: UTF8.self) == nil {
            var repaired = String(decoding: bytes, as: UTF8.self)
            repaired.withUTF8 { write($0) }
        } else {
            write(bytes)
        }
    }

    private mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        var plainFrom = 0
        for (i, b) in bytes.enumerated() {
            let escaped: StaticString
            switch b {
            case UInt8(ascii: "\\"): escaped = "\\\\"
            case UInt8(ascii: "\t"): escaped = "\\t"
            case UInt8(ascii: "\n"): escaped = "\\n"
            case UInt8(ascii: "\r"): escaped = "\\r"
            default: continue
            }
            buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[plainFrom..<i]))
            buffer.writeStaticString(escaped)
            plainFrom = i + 1
        }
        buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[plainFrom...]))
    }

    /// A text cell from a `String` (nil for NULL).
    mutating func string(_ value: String?) {
        guard var value else { return text(nil) }
        value.withUTF8 { text($0) }
    }

    /// Swift's shortest text that reads back to the same double, which `float8` parses exactly.
    mutating func double(_ value: Double) {
        separate()
        buffer.writeString(value.description)
    }

    mutating func integer(_ value: Int?) {
        separate()
        if let value { buffer.writeString(String(value)) } else { buffer.writeStaticString("\\N") }
    }

    mutating func flag(_ value: Bool) {
        separate()
        buffer.writeStaticString(value ? "t" : "f")
    }

    mutating func endRow() {
        buffer.writeInteger(UInt8(ascii: "\n"))
        first = true
        if buffer.readableBytes >= Self.chunkSize { finishChunk() }
    }

    /// The rows so far as chunks, the last one included.
    mutating func finish() -> [ByteBuffer] {
        if buffer.readableBytes > 0 { finishChunk() }
        return chunks
    }

    private mutating func finishChunk() {
        chunks.append(buffer)
        buffer = ByteBuffer()
        buffer.reserveCapacity(Self.chunkSize + 4096)
    }
}
