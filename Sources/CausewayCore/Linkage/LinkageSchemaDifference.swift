/// Where two linkage schemas differ, in words, so a party told its encodings do not fit the
/// project learns what to fix ("feature 2 (date_of_birth): hashing differs"), not only that
/// something does. Pure.
public enum LinkageSchemaDifference {
    /// The first difference between `given` and `expected`, or nil when they are the same.
    public static func first(_ given: LinkageSchema, _ expected: LinkageSchema) -> String? {
        if given.version != expected.version { return "version \(given.version), the project's \(expected.version)" }
        if given.clkConfig.l != expected.clkConfig.l { return "clkConfig.l is \(given.clkConfig.l), the project's \(expected.clkConfig.l)" }
        if (given.clkConfig.xor_folds ?? 0) != (expected.clkConfig.xor_folds ?? 0) {
            return "clkConfig.xor_folds is \(given.clkConfig.xor_folds ?? 0), the project's \(expected.clkConfig.xor_folds ?? 0)"
        }
        if given.clkConfig.kdf != expected.clkConfig.kdf { return "clkConfig.kdf (hash, salt, info or key size) differs" }
        let names = given.features.map(\.identifier), expectedNames = expected.features.map(\.identifier)
        if names != expectedNames {
            return "the features are \(names.joined(separator: ", ")), the project's \(expectedNames.joined(separator: ", "))"
        }
        for (index, (mine, theirs)) in zip(given.features, expected.features).enumerated() where mine != theirs {
            let part = mine.format != theirs.format ? "format" : mine.hashing != theirs.hashing ? "hashing" : "ignored"
            return "feature \(index) (\(mine.identifier)): \(part) differs"
        }
        return given == expected ? nil : "the schemas differ"
    }
}
