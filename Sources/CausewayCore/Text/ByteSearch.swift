extension StringProtocol {
    /// Whether `other` occurs in the text byte for byte (no Unicode equivalence, no locale):
    /// what the gateway's checks on paths and media types mean, without the trip through
    /// `NSString` that Foundation's `contains` takes on Linux, or the runtime generic
    /// instantiation that the standard library's `firstRange(of:)` costs across modules.
    public func containsBytes(of other: some StringProtocol) -> Bool {
        var haystack = String(self)
        var needle = String(other)
        return haystack.withUTF8 { hay in needle.withUTF8 { occurs($0, in: hay) } }
    }
}

/// Naive search: the needles are a few bytes long.
private func occurs(_ needle: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = needle.first else { return true }
    guard hay.count >= needle.count else { return false }
    for start in 0...(hay.count - needle.count) where hay[start] == first {
        var offset = 1
        while offset < needle.count, hay[start + offset] == needle[offset] { offset += 1 }
        if offset == needle.count { return true }
    }
    return false
}
