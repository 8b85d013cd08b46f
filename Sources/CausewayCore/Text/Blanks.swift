extension String {
    /// The text without leading and trailing blanks (spaces of every kind and tabs, exactly
    /// Foundation's `.whitespaces`; line breaks stay). Pure Swift: Foundation's
    /// `trimmingCharacters(in:)` goes through `NSString` on Linux, and the gateway trims every
    /// caller's purpose and subject.
    public var trimmingBlanks: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isBlank }), let last = scalars.lastIndex(where: { !$0.isBlank }) else {
            return ""
        }
        if first == scalars.startIndex, last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }
}

extension Unicode.Scalar {
    /// A space separator (Unicode category Zs), a tab, or the zero-width space (which
    /// Foundation counts among `.whitespaces` too).
    var isBlank: Bool {
        self == "\t" || self == "\u{200B}" || properties.generalCategory == .spaceSeparator
    }
}
