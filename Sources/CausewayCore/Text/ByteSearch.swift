extension StringProtocol {
    /// Whether `other` occurs in the text byte for byte (no Unicode equivalence, no locale):
    /// what the gateway's checks on paths and media types mean, without the trip through
    /// `NSString` that Foundation's `contains` takes on Linux for every call.
    public func containsBytes(of other: some StringProtocol) -> Bool {
        utf8.firstRange(of: other.utf8) != nil
    }
}
