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
            for position in positions(withEvery: Array(Set(terms)), scored: false).positions
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
            var bits = PositionBits(count: n)
            for position in dateSlice(field, range) { bits.insert(position) }
            return bits
        case .boolean(let must, let should, let mustNot):
            if let narrowed = narrowly(must: must, mustNot: mustNot) { return narrowed }
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

    /// A conjunction one of whose clauses matches few datasets, as bits (for a condition
    /// nested in another); see ``listedNarrowly(_:)``.
    private func narrowly(must: [CatalogCondition], mustNot: [CatalogCondition]) -> PositionBits? {
        guard let listed = listedNarrowly(.boolean(must: must, should: [], mustNot: mustNot)) else { return nil }
        var bits = PositionBits(count: slots.count)
        for position in listed { bits.insert(position) }
        return bits
    }

    /// The positions, ascending, of a condition that matches few datasets, found without a
    /// bitset the size of the catalogue; nil when the condition is not known to be narrow.
    ///
    /// A narrow leaf (a few days, one name, a rare keyword, estimated from posting lengths and
    /// range widths) is listed from the structure that holds it. A conjunction with a narrow
    /// clause is evaluated from that clause alone: its positions, each tested against the
    /// other clauses. A harvester's `(organization:a OR organization:b) AND
    /// metadata_modified:[NOW-1DAY TO *]` in a catalogue of a million is a thousand tests, not
    /// three bitsets of a hundred thousand postings each, and at a million datasets even one
    /// bitset (125 KB to clear and to walk) cost more than those tests.
    func listedNarrowly(_ condition: CatalogCondition) -> [Int32]? {
        let limit = max(64, slots.count / 64)
        switch condition {
        case .boolean(let must, _, let mustNot) where !must.isEmpty:
            // With a clause that must hold, the optional ones do not narrow (as in Lucene).
            guard must.count > 1 || !mustNot.isEmpty else { return must.first.flatMap(listedNarrowly) }
            let sizes = must.map(estimatedCount)
            guard let narrowest = sizes.indices.min(by: { (sizes[$0] ?? .max) < (sizes[$1] ?? .max) }) else { return nil }
            if let recent = recentlyModified(must, atMost: min(limit, sizes[narrowest] ?? .max)) {
                let others = must.indices.filter { !recent.clauses.contains($0) }.map { must[$0] }
                return kept(recent.positions, ascending: recent.ascending, others: others, mustNot: mustNot)
            }
            guard let size = sizes[narrowest], size <= limit else { return nil }
            let (candidates, ascending) = listed(must[narrowest])
            let others = must.indices.filter { $0 != narrowest }.map { must[$0] }
            return kept(candidates, ascending: ascending, others: others, mustNot: mustNot)
        case .facet, .dates, .name, .id, .none:
            guard let size = estimatedCount(condition), size <= limit else { return nil }
            let (positions, ascending) = listed(condition)
            return ascending ? positions : positions.sorted()
        default:
            return nil
        }
    }

    /// Which of `candidates` satisfy every one of `others` and none of `mustNot`, ascending.
    private func kept(_ candidates: [Int32], ascending: Bool, others: [CatalogCondition], mustNot: [CatalogCondition]) -> [Int32]? {
        var kept = candidates
        if !others.isEmpty || !mustNot.isEmpty {
            guard let keep = mask(.boolean(must: others, should: [], mustNot: mustNot), over: candidates) else { return nil }
            kept = candidates.indices.filter { keep[$0] }.map { candidates[$0] }
        }
        return ascending ? kept : kept.sorted()
    }

    /// A harvester's incremental filter, `(organization:a OR organization:b) AND
    /// metadata_modified:[since TO *]`, read from the organisations' date lists (see
    /// ``FacetColumn``): which clauses of `must` it answers (the date range and the values),
    /// and the positions that satisfy both, each once, and whether they ascend (one value's
    /// come in date order). Nil when `must` has no such pair, or when it matches more than
    /// `limit` datasets (counted without listing them).
    ///
    /// Why: from the date order alone, each dataset of the last days is tested against the
    /// organisations, and at a million datasets each test is a cache miss (a fifth of the
    /// harvester's query, measured with perf); the values' own lists hold only what is wanted.
    private func recentlyModified(_ must: [CatalogCondition], atMost limit: Int) -> (clauses: [Int], positions: [Int32], ascending: Bool)? {
        guard let dates = must.firstIndex(where: { if case .dates(.modified, _) = $0 { true } else { false } }),
              case .dates(_, let range) = must[dates],
              let (values, lists) = must.indices.lazy.compactMap({ index in self.datedLists(must[index]).map { (index, $0) } }).first,
              lists.reduce(0, { $0 + $1.count(in: range) }) <= limit
        else { return nil }
        var positions = lists.flatMap { $0.positions(in: range) }
        guard lists.count > 1 else { return ([dates, values], positions, false) }
        // A dataset in two of the groups is listed twice.
        positions.sort()
        positions = positions.indices.filter { $0 == 0 || positions[$0 - 1] != positions[$0] }.map { positions[$0] }
        return ([dates, values], positions, true)
    }

    /// The date lists of a condition that is one value of a dated facet, or any of several;
    /// nil for any other condition.
    private func datedLists(_ condition: CatalogCondition) -> [DateOrderedList]? {
        switch condition {
        case .facet(let facet, let value):
            guard let column = facetColumns[facet], let dated = column.datedByValue else { return nil }
            return column.idByValue[value].map { [dated[Int($0)]] } ?? []
        case .boolean(must: [], let should, mustNot: []) where !should.isEmpty:
            var lists: [DateOrderedList] = []
            for alternative in should {
                guard let more = datedLists(alternative) else { return nil }
                lists += more
            }
            return lists
        default:
            return nil
        }
    }

    /// The positions of a leaf condition, from the structure that holds it, and whether they
    /// are ascending: a date range comes in date order, and is sorted only once the other
    /// clauses have thinned it.
    private func listed(_ condition: CatalogCondition) -> (positions: [Int32], ascending: Bool) {
        switch condition {
        case .facet(let facet, let value):
            guard let column = facetColumns[facet], let id = column.idByValue[value] else { return ([], true) }
            return (column.positionsByValue[Int(id)].chunks.flatMap { $0 }, true)
        case .dates(let field, let range):
            return (Array(dateSlice(field, range)), false)
        case .name(let name):
            return (positionByName[name].map { [$0] } ?? [], true)
        case .id(let id):
            return (positionByID[id].map { [$0] } ?? [], true)
        default:
            return (positions(matching: condition).positions, true)
        }
    }

    /// About how many datasets `condition` matches, from what the index knows without
    /// evaluating it (a posting list's length, the width of a range); nil when it cannot tell.
    private func estimatedCount(_ condition: CatalogCondition) -> Int? {
        switch condition {
        case .none, .name, .id: return 1
        case .facet(let facet, let value):
            guard let column = facetColumns[facet], let id = column.idByValue[value] else { return 0 }
            return column.positionsByValue[Int(id)].count
        case .dates(let field, let range):
            return dateSlice(field, range).count
        default: return nil
        }
    }

    /// Which of `candidates` (live positions) satisfy `condition`, one flag each; nil when it
    /// cannot be told one dataset at a time (text, which needs its postings).
    ///
    /// Each leaf is one tight loop over all the candidates, its lookups resolved once (the
    /// column, the value's id). Why loops rather than a test per dataset: a candidate's facet
    /// row is a cache miss in a million-dataset index, and a loop with nothing between the
    /// loads lets the processor wait for many misses at once, where a chain of closures per
    /// dataset waited for each in turn (a third of the harvester's query, measured with perf).
    /// A leaf read again by a later loop finds the rows in cache.
    private func mask(_ condition: CatalogCondition, over candidates: [Int32]) -> [Bool]? {
        switch condition {
        case .all: return [Bool](repeating: true, count: candidates.count)
        case .none: return [Bool](repeating: false, count: candidates.count)
        case .words: return nil
        case .facet(let facet, let value):
            guard let column = facetColumns[facet], let id = column.idByValue[value] else { return mask(.none, over: candidates) }
            return candidates.map { column.contains(id, at: $0) }
        case .hasValue(let facet):
            guard let column = facetColumns[facet] else { return mask(.none, over: candidates) }
            return candidates.map { !column.rows(at: $0).isEmpty }
        case .name(let name): return candidates.map { slots[Int($0)].name == name }
        case .id(let id): return candidates.map { slots[Int($0)].id == id }
        case .nameRange(let lower, let upper, let includesLower, let includesUpper):
            return candidates.map { position in
                let name = slots[Int(position)].name
                if let lower, includesLower ? name < lower : name <= lower { return false }
                if let upper, includesUpper ? name > upper : name >= upper { return false }
                return true
            }
        case .dates(let field, let range):
            return field == .modified ? candidates.map { range.contains(slots[Int($0)].modified) }
                : candidates.map { range.contains(slots[Int($0)].issued) }
        case .boolean(let must, let should, let mustNot):
            func combine(_ conditions: [CatalogCondition], into flags: inout [Bool], _ merge: (Bool, Bool) -> Bool) -> Bool {
                for condition in conditions {
                    guard let other = mask(condition, over: candidates) else { return false }
                    for index in flags.indices { flags[index] = merge(flags[index], other[index]) }
                }
                return true
            }
            var flags: [Bool]
            if !must.isEmpty {
                flags = [Bool](repeating: true, count: candidates.count)
                guard combine(must, into: &flags, { $0 && $1 }) else { return nil }
            } else if !should.isEmpty {
                flags = [Bool](repeating: false, count: candidates.count)
                guard combine(should, into: &flags, { $0 || $1 }) else { return nil }
            } else {
                flags = [Bool](repeating: true, count: candidates.count)
            }
            guard combine(mustNot, into: &flags, { $0 && !$1 }) else { return nil }
            return flags
        }
    }

    /// The slice of a date order whose datasets fall in `range` (the date orders are
    /// ascending by date).
    private func dateSlice(_ field: CatalogCondition.DateField, _ range: CatalogCondition.DateRange) -> ArraySlice<Int32> {
        let order = orders[field == .modified ? .modifiedAscending : .issuedAscending] ?? []
        let date: (Int32) -> Date = field == .modified ? { slots[Int($0)].modified } : { slots[Int($0)].issued }
        let start = range.lower.map { bound in order.partitioningIndex { range.includesLower ? date($0) >= bound : date($0) > bound } } ?? 0
        let end = range.upper.map { bound in order.partitioningIndex { range.includesUpper ? date($0) > bound : date($0) >= bound } } ?? order.count
        return order[start..<max(start, end)]
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
