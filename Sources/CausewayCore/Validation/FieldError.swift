import Foundation

/// One thing wrong with a request, located by an RFC 6901 JSON Pointer so that a client can
/// put the message next to the form field that caused it.
public struct FieldError: Sendable, Hashable, Codable {
    /// Where in the submitted document the problem is, for example `/distributions/0/format`.
    public var pointer: String
    /// What is wrong, in words a data engineer can act on.
    public var detail: String

    public init(_ pointer: String, _ detail: String) {
        self.pointer = pointer
        self.detail = detail
    }
}

/// Thrown when a submitted document decodes but breaks the domain's rules. Collects every
/// problem at once: a steward fixing a dataset form should not discover errors one at a time.
public struct ValidationError: Error, Sendable, Hashable {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) {
        self.errors = errors
    }
}

/// Accumulates field errors while a value is checked, then throws them all together.
public struct Validator: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func check(_ condition: Bool, _ pointer: String, _ detail: @autoclosure () -> String) {
        if !condition { errors.append(FieldError(pointer, detail())) }
    }

    /// A required piece of text: not blank, and at most `maxLength` characters.
    public mutating func requireText(_ value: String, _ pointer: String, maxLength: Int) {
        check(!value.trimmed.isEmpty, pointer, "must not be empty")
        check(value.count <= maxLength, pointer, "must be at most \(maxLength.formatted()) characters")
    }

    /// Optional free text: at most `maxLength` characters.
    public mutating func limitText(_ value: String?, _ pointer: String, maxLength: Int) {
        check((value?.count ?? 0) <= maxLength, pointer, "must be at most \(maxLength.formatted()) characters")
    }

    public mutating func add(_ error: FieldError) {
        errors.append(error)
    }

    /// Adds the errors of a nested validation under `prefix`, so nested types validate themselves.
    public mutating func merge(_ other: ValidationError, under prefix: String) {
        errors += other.errors.map { FieldError(prefix + $0.pointer, $0.detail) }
    }

    public func finish() throws(ValidationError) {
        if !errors.isEmpty { throw ValidationError(errors) }
    }
}
