/// Reads `q` and `fq` the way Solr's standard (Lucene classic) query parser reads them in CKAN,
/// which sets the default operator to AND: the syntax only, into clauses that
/// ``CKANSearchTranslator`` maps onto the catalogue's fields.
///
/// Why Lucene's rules exactly, quirks included: a harvester written against CKAN must get the
/// same datasets from Causeway. In particular `a OR b c` makes `a` and `b` optional beside the
/// required `c` (so it selects what `c` selects), as Solr does; `(a OR b) c` is what people
/// usually mean. Value type, no state between calls.
struct CKANQueryParser {
    enum Occur: Equatable {
        case must, should, mustNot
    }

    indirect enum Node: Equatable {
        /// `value`, `field:value` or `field:"a phrase"`.
        case term(field: String?, value: String, quoted: Bool)
        /// `field:[lower TO upper]`, with `{` or `}` for an excluded end; `*` is open.
        case range(field: String?, lower: String, upper: String, includesLower: Bool, includesUpper: Bool)
        /// `( … )` or `field:( … )`.
        case group([Clause])
    }

    struct Clause: Equatable {
        var occur: Occur
        var node: Node
    }

    /// What the parser cannot read, in words a person can act on.
    struct Failure: Error, Equatable {
        var message: String
    }

    private enum Conjunction {
        case none, and, or
    }

    private enum Modifier {
        case none, required, prohibited
    }

    private let characters: [Character]
    private var index = 0

    private init(_ text: String) {
        characters = Array(text)
    }

    static func parse(_ text: String) throws(Failure) -> [Clause] {
        var parser = CKANQueryParser(text)
        return try parser.clauses(field: nil, closed: false)
    }

    // MARK: Clauses

    private mutating func clauses(field: String?, closed: Bool) throws(Failure) -> [Clause] {
        var clauses: [Clause] = []
        var conjunction = Conjunction.none
        var modifier = Modifier.none
        while true {
            skipSpaces()
            guard let next = peek else {
                if closed { throw Failure(message: "a '(' is never closed") }
                break
            }
            if next == ")" {
                guard closed else { throw Failure(message: "a ')' closes nothing") }
                index += 1
                break
            }
            if let word = operatorWord() {
                switch word {
                case "AND", "&&", "OR", "||":
                    guard !clauses.isEmpty, conjunction == .none, modifier == .none else {
                        throw Failure(message: "'\(word)' must stand between two terms")
                    }
                    conjunction = word == "AND" || word == "&&" ? .and : .or
                default:
                    guard modifier == .none else { throw Failure(message: "'\(word)' follows another operator") }
                    modifier = .prohibited
                }
                continue
            }
            if next == "+" || next == "-" {
                guard modifier == .none else { throw Failure(message: "'\(next)' follows another operator") }
                modifier = next == "+" ? .required : .prohibited
                index += 1
                if peek?.isWhitespace ?? true { throw Failure(message: "'\(next)' must be followed by a term") }
                continue
            }
            let node = try primary(field: field)
            Self.add(node, to: &clauses, conjunction: conjunction, modifier: modifier)
            conjunction = .none
            modifier = .none
        }
        if conjunction != .none || modifier != .none { throw Failure(message: "the query ends with an operator") }
        return clauses
    }

    /// Lucene's `addClause` with the AND operator: an `AND` makes the previous clause
    /// required, an `OR` makes it optional, and a clause is required unless an `OR` introduces
    /// it or it is prohibited.
    private static func add(_ node: Node, to clauses: inout [Clause], conjunction: Conjunction, modifier: Modifier) {
        if let last = clauses.indices.last, clauses[last].occur != .mustNot {
            if conjunction == .and { clauses[last].occur = .must }
            if conjunction == .or { clauses[last].occur = .should }
        }
        let occur: Occur = modifier == .prohibited ? .mustNot : (conjunction == .or ? .should : .must)
        clauses.append(Clause(occur: occur, node: node))
    }

    // MARK: Terms

    private mutating func primary(field: String?) throws(Failure) -> Node {
        if peek == "(" {
            index += 1
            let group = Node.group(try clauses(field: field, closed: true))
            try skipBoost()
            return group
        }
        if peek == "\"" { return try phrase(field: field) }
        if peek == "[" || peek == "{" { return try range(field: field) }
        var text = ""
        var named: String?
        while let character = peek, !character.isWhitespace, character != "(", character != ")" {
            if character == "\\" {
                index += 1
                guard let escaped = peek else { throw Failure(message: "the query ends with a '\\'") }
                text.append(escaped)
                index += 1
                continue
            }
            if character == ":", named == nil, !text.isEmpty {
                named = text
                text = ""
                index += 1
                switch peek {
                case "(":
                    index += 1
                    let group = Node.group(try clauses(field: named, closed: true))
                    try skipBoost()
                    return group
                case "\"": return try phrase(field: named)
                case "[", "{": return try range(field: named)
                default: continue
                }
            }
            if character == "^" {
                try skipBoost()
                break
            }
            if character == "~" { throw Failure(message: "fuzzy and proximity searches ('~') are not supported") }
            text.append(character)
            index += 1
        }
        guard !text.isEmpty else {
            throw Failure(message: named.map { "'\($0):' has no value" } ?? "a term is missing")
        }
        return .term(field: named ?? field, value: text, quoted: false)
    }

    private mutating func phrase(field: String?) throws(Failure) -> Node {
        index += 1
        var text = ""
        while let character = peek, character != "\"" {
            if character == "\\" { index += 1 }
            if let literal = peek { text.append(literal) }
            index += 1
        }
        guard peek == "\"" else { throw Failure(message: "a '\"' is never closed") }
        index += 1
        if peek == "~" { throw Failure(message: "fuzzy and proximity searches ('~') are not supported") }
        try skipBoost()
        return .term(field: field, value: text, quoted: true)
    }

    private mutating func range(field: String?) throws(Failure) -> Node {
        let includesLower = peek == "["
        index += 1
        let lower = try requiredRangeEnd()
        skipSpaces()
        guard rangeEnd(peekOnly: true) == "TO" else { throw Failure(message: "a range needs 'TO' between its ends, as in [a TO b]") }
        _ = try requiredRangeEnd()
        let upper = try requiredRangeEnd()
        skipSpaces()
        guard let close = peek, close == "]" || close == "}" else { throw Failure(message: "a range is never closed with ']' or '}'") }
        index += 1
        try skipBoost()
        return .range(field: field, lower: lower, upper: upper, includesLower: includesLower, includesUpper: close == "]")
    }

    /// One end of a range: a quoted string or a run up to a space or a closing bracket.
    private mutating func rangeEnd(peekOnly: Bool) -> String? {
        let start = index
        defer { if peekOnly { index = start } }
        skipSpaces()
        var text = ""
        if peek == "\"" {
            index += 1
            while let character = peek, character != "\"" {
                text.append(character)
                index += 1
            }
            if peek == "\"" { index += 1 }
            return text
        }
        while let character = peek, !character.isWhitespace, character != "]", character != "}" {
            if character == "\\" { index += 1 }
            if let literal = peek { text.append(literal) }
            index += 1
        }
        return text.isEmpty ? nil : text
    }

    private mutating func requiredRangeEnd() throws(Failure) -> String {
        guard let end = rangeEnd(peekOnly: false) else { throw Failure(message: "a range is missing an end") }
        return end
    }

    // MARK: Characters

    private var peek: Character? { index < characters.count ? characters[index] : nil }

    private mutating func skipSpaces() {
        while let character = peek, character.isWhitespace { index += 1 }
    }

    /// `^2` after a term or group: relevance only, which Causeway's ranking ignores.
    private mutating func skipBoost() throws(Failure) {
        guard peek == "^" else { return }
        index += 1
        let start = index
        while let character = peek, character.isNumber || character == "." { index += 1 }
        if index == start { throw Failure(message: "'^' must be followed by a number") }
    }

    /// `AND`, `OR`, `NOT`, `&&`, `||` or `!` standing as an operator here (a word, not the
    /// start of one), consumed; nil otherwise.
    private mutating func operatorWord() -> String? {
        if peek == "!" {
            index += 1
            return "!"
        }
        for word in ["AND", "OR", "NOT", "&&", "||"] {
            let end = index + word.count
            guard end <= characters.count, String(characters[index..<end]) == word else { continue }
            if end == characters.count || characters[end].isWhitespace || characters[end] == "(" {
                index = end
                return word
            }
        }
        return nil
    }
}
