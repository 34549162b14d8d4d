/// Where a file ended inside a record: the report keeps every frame before it.
public struct CaptureTruncation: Sendable, Equatable {
    /// Byte offset of the record that is cut.
    public var offset: Int
    /// The last whole frame read (frames are numbered from 1).
    public var lastFrame: Int
    public var detail: String
}
