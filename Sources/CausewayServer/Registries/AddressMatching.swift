import CausewayCore
import CausewayStore
import Foundation
import Synchronization

/// Each matchable registry's ``AddressIndex``, built from its records on first use and
/// rebuilt in the background once the registry has changed (at most every ``staleAfter``), so
/// that a lookup never waits for a rebuild after the first.
///
/// A registry is matchable when its schema has the address parts by their usual names:
/// `street`, `town` (or `locality`), and `house_number` (or `number`); `unit` and `postcode`
/// are used when present. Thread-safe.
final class AddressMatching: Sendable {
    let repository: RegistryRepository
    let directory: RegistryDirectory
    static let staleAfter: Duration = .seconds(10)

    private struct Built: Sendable {
        var index: AddressIndex
        var sequence: UInt64
        var at: ContinuousClock.Instant
        var rebuilding = false
    }

    private let built = Mutex<[String: Built]>([:])

    init(repository: RegistryRepository, directory: RegistryDirectory) {
        self.repository = repository
        self.directory = directory
    }

    /// Which fields hold the address parts, or nil when the registry has no addresses.
    struct Fields: Sendable {
        var number: String
        var unit: String?
        var street: String
        var town: String
        var postcode: String?

        init?(_ schema: TableSchema) {
            let names = Set(schema.fieldNames)
            func first(_ candidates: [String]) -> String? { candidates.first(where: names.contains) }
            guard let street = first(["street"]), let town = first(["town", "locality", "city"]),
                  let number = first(["house_number", "number"]) else { return nil }
            self.street = street
            self.town = town
            self.number = number
            unit = first(["unit"])
            postcode = first(["postcode", "postal_code", "zip"])
        }
    }

    func index(for stored: StoredRegistry) async throws -> AddressIndex {
        let registry = stored.registry
        guard let fields = Fields(registry.schema) else {
            throw Problem(.conflict, code: "registry.not-matchable", title: "This registry has no addresses to match",
                          detail: "Matching needs the fields street, town (or locality) and house_number (or number) in the registry's schema.")
        }
        let last = directory.hub(registry.code)?.last ?? stored.lastSequence
        let now = ContinuousClock.now
        let (current, rebuild) = built.withLock { built -> (AddressIndex?, Bool) in
            guard var entry = built[registry.code] else { return (nil, false) }
            guard entry.sequence < last, !entry.rebuilding, now - entry.at >= Self.staleAfter else { return (entry.index, false) }
            entry.rebuilding = true
            built[registry.code] = entry
            return (entry.index, true)
        }
        if let current {
            if rebuild {
                Task {
                    do {
                        try await self.build(registry, fields: fields, sequence: last)
                    } catch {
                        // Serve the old index and try again on a later lookup.
                        self.built.withLock { $0[registry.code]?.rebuilding = false }
                    }
                }
            }
            return current
        }
        return try await build(registry, fields: fields, sequence: last)
    }

    @discardableResult
    private func build(_ registry: Registry, fields: Fields, sequence: UInt64) async throws -> AddressIndex {
        var entries: [AddressIndex.Entry] = []
        var after: String?
        while true {
            let page = try await repository.records(registry.code, after: after, limit: 10_000)
            for (id, current) in page {
                guard let document = current.document, let values = RecordDocument.decode(document, schema: registry.schema) else { continue }
                func text(_ name: String?) -> String? {
                    guard let name, let value = values[name], !value.isNull else { return nil }
                    return value.plainText
                }
                entries.append(AddressIndex.Entry(id: id, number: text(fields.number).flatMap { Int($0) }, unit: text(fields.unit),
                                                  street: text(fields.street) ?? "", town: text(fields.town) ?? "", postcode: text(fields.postcode)))
            }
            guard page.count == 10_000, let last = page.last?.id else { break }
            after = last
        }
        let index = AddressIndex(entries)
        built.withLock { $0[registry.code] = Built(index: index, sequence: sequence, at: .now) }
        return index
    }
}
