import Foundation

/// Evaluating a ``CatalogCondition``: every leaf becomes bits from a structure the index
/// already keeps (facet postings, the name order, the date orders, the text postings), and
/// the tree combines them word by word.
extension CatalogIndex {
    func positions(matching condition: CatalogCondition) -> PositionBits {
        let n = slots.count
        switch condition {
        case .all:
            return live
        case .none:
            return PositionBits(count: n)
        case .facet(let facet, let value):
            var bits = PositionBits(count: n)
            if let column = facetColumns[facet], let id = column.idByValue[value] {
                for chunk in column.positionsByValue[Int(id)].chunks { for position in chunk { bits.insert(position) } }
            }
            return bits
        case .hasValue(let facet):
            var bits = PositionBits(count: n)
            if let column = facetColumns[facet] {
                for position in live.positions where !column.rows(at: position).isEmpty { bits.insert(position) }
            }
            return bits
        case .words(let terms, let field, let phrase):
            guard !terms.isEmpty else { return live }
            var bits = PositionBits(count: n)
            var unscored: [Float]?
            for position in positions(withEvery: Array(Set(terms)), scores: &unscored)
            where (field == nil && !phrase) || Self.texts(of: slots[Int(position)], in: field).contains(where: { Self.holds(terms, in: $0, phrase: phrase) }) {
                bits.insert(position)
            }
            return bits
        case .name(let name):
            return bits(of: positionByName[name])
        case .id(let id):
            return bits(of: positionByID[id])
        case .nameRange(let lower, let upper, let includesLower, let includesUpper):
            // The name order is ascending by name, so a range of names is a slice of it.
            let order = orders[.nameAscending] ?? []
            let name = { (position: Int32) in slots[Int(position)].name }
            let start = lower.map { bound in order.partitioningIndex { includesLower ? name($0) >= bound : name($0) > bound } } ?? 0
            let end = upper.map { bound in order.partitioningIndex { includesUpper ? name($0) > bound : name($0) >= bound } } ?? order.count
            var bits = PositionBits(count: n)
            for position in order[start..<max(start, end)] { bits.insert(position) }
            return bits
        case .dates(let field, let range):
            // The date orders are ascending by date, so a range of dates is a slice of one.
            let order = orders[field == .modified ? .modifiedAscending : .issuedAscending] ?? []
            let date: (Int32) -> Date = field == .modified ? { slots[Int($0)].modified } : { slots[Int($0)].issued }
            let start = range.lower.map { bound in order.partitioningIndex { range.includesLower ? date($0) >= bound : date($0) > bound } } ?? 0
            let end = range.upper.map { bound in order.partitioningIndex { range.includesUpper ? date($0) > bound : date($0) >= bound } } ?? order.count
            var bits = PositionBits(count: n)
            for position in order[start..<max(start, end)] { bits.insert(position) }
            return bits
        case .boolean(let must, let should, let mustNot):
            var bits: PositionBits
            if let first = must.first {
                bits = positions(matching: first)
                for condition in must.dropFirst() { bits.formIntersection(positions(matching: condition)) }
            } else if !should.isEmpty {
                bits = PositionBits(count: n)
                for condition in should { bits.formUnion(positions(matching: condition)) }
            } else {
                bits = live
            }
            for condition in mustNot { bits.subtract(positions(matching: condition)) }
            return bits
        }
    }

    private func bits(of position: Int32?) -> PositionBits {
        var bits = PositionBits(count: slots.count)
        if let position { bits.insert(position) }
        return bits
    }

    /// The texts a word condition looks in, each searched on its own so a phrase does not run
    /// from the title into the description.
    static func texts(of dataset: Dataset, in field: CatalogCondition.TextField?) -> [String] {
        switch field {
        case .title: return [dataset.title]
        case .description: return [dataset.description]
        case nil: return [dataset.title, dataset.description] + dataset.keywords
        }
    }

    /// Whether `text` holds every term, or (for a phrase) the terms one after another.
    static func holds(_ terms: [String], in text: String, phrase: Bool) -> Bool {
        let words = Tokenizer.terms(text)
        guard phrase else { return Set(terms).isSubset(of: words) }
        guard words.count >= terms.count else { return false }
        return (0...(words.count - terms.count)).contains { start in words[start..<(start + terms.count)].elementsEqual(terms) }
    }
}

extension RandomAccessCollection {
    /// The first index whose element satisfies `belongsInSecondPartition`, which must be false
    /// for a prefix of the collection and true for the rest (a binary search).
    func partitioningIndex(where belongsInSecondPartition: (Element) -> Bool) -> Index {
        var low = startIndex
        var count = distance(from: startIndex, to: endIndex)
        while count > 0 {
            let half = count / 2
            let middle = index(low, offsetBy: half)
            if belongsInSecondPartition(self[middle]) {
                count = half
            } else {
                low = index(after: middle)
                count -= half + 1
            }
        }
        return low
    }
}
