extension String {
    /// The text without leading and trailing blanks (spaces of every kind and tabs, exactly
    /// Foundation's `.whitespaces`; line breaks stay).
    public var trimmingBlanks: String { trimming(while: \.isBlank) }

    /// The text without leading and trailing white space and line breaks (exactly
    /// Foundation's `.whitespacesAndNewlines`).
    public var trimmed: String { trimming(while: \.isBlankOrNewline) }

    /// Pure Swift: Foundation's `trimmingCharacters(in:)` goes through `NSString` on Linux,
    /// and the gateway trims every caller's purpose and subject.
    private func trimming(while drop: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !drop($0) }), let last = scalars.lastIndex(where: { !drop($0) }) else {
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

    /// A blank, or a line break as Foundation's `.newlines` has them.
    var isBlankOrNewline: Bool {
        isBlank || ("\n"..."\r").contains(self) || self == "\u{85}" || self == "\u{2028}" || self == "\u{2029}"
    }
}
