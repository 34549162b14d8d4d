extension Inventory {
    /// Room for `rows` more rows and `textBytes` more bytes of text, for a reader that knows its
    /// count up front (a store's `count(*)`), as the CSV reader reserves per line: a million-row
    /// array grown by doubling is copied some twenty times and faulted in twice over.
    public mutating func reserveCapacity(rows count: Int, textBytes: Int = 0) {
        rows.reserveCapacity(rows.count + count)
        if textBytes > 0 { arena.reserveCapacity(arena.count + textBytes) }
    }
}
