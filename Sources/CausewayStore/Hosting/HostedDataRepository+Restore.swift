import CausewayCore
import Foundation

extension HostedDataRepository {
    /// Why a version cannot be restored.
    public enum RestoreError: Error, Equatable, Sendable {
        /// No such version of the distribution.
        case noVersion(Int)
        /// The version's columns differ from the distribution's schema now: restoring it would
        /// serve rows that do not match what the catalogue describes.
        case schemaChanged(Int)
    }

    /// Makes the rows of version `number` the distribution's rows again, as a new version (a
    /// replace): nothing is rewritten in place, so the versions in between stay readable and
    /// the history says who rolled back and when. The new version carries the restored one's
    /// digest and size, so anyone can see that it holds the same content.
    ///
    /// `ingest.schema` is the distribution's schema now; `ingest.mode` is ignored.
    public func restore(_ ingest: Ingest, version number: Int) async throws -> DataVersion {
        guard let old = try await version(of: ingest.distribution, number: number) else { throw RestoreError.noVersion(number) }
        guard old.schema.hasSameColumns(as: ingest.schema) else { throw RestoreError.schemaChanged(number) }
        var replace = ingest
        replace.mode = .replace
        return try await self.ingest(replace) { writer in
            var query = RecordQuery()
            query.limit = 5_000
            while true {
                let page = try await records(of: ingest.distribution, version: number, query: query)
                _ = try await writer.write(page.rows)
                guard page.rows.count == query.limit, let last = page.rowIDs.last else { break }
                query.afterRow = last
            }
            return Content(sha256: old.sha256, byteSize: old.byteSize)
        }
    }
}
