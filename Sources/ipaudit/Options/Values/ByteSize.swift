/// A buffer size: bytes, or with a K or M suffix (binary units); above 0 and within a C int,
/// as libpcap takes it.
struct ByteSize: OptionValue, Equatable {
    var bytes: Int32

    init(optionText text: String) throws(OptionValueProblem) {
        let scale: Int64 = text.hasSuffix("K") ? 1 << 10 : text.hasSuffix("M") ? 1 << 20 : 1
        let problem = OptionValueProblem("expected bytes, e.g. 4194304 or 4M (at most 2047M)")
        guard let v = Int64(scale == 1 ? Substring(text) : text.dropLast()), v > 0 else { throw problem }
        let (product, overflow) = v.multipliedReportingOverflow(by: scale)
        guard !overflow, product <= Int64(Int32.max) else { throw problem }
        bytes = Int32(product)
    }
}
