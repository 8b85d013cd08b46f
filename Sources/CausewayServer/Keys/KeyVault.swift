import CausewayCore
import CausewayStore

/// The deployment's secrets as the node reads and writes them: sealed under the master key on
/// the way into the database, opened on the way out. Each value is sealed under its logical
/// name (`session-hmac`, `subject-hmac`, `signing-key`, `log-key`), so a sealed value copied
/// into another row does not open, and a retired generation keeps opening after its row is
/// renamed.
///
/// Invariant: nothing this node writes to `node_keys` or `signing_keys` is in clear. Values an
/// older release stored in clear are sealed at the node's start (``sealLegacyValues(in:)``).
public struct KeyVault: Sendable {
    let master: MasterKey
    /// Where the master key came from, for the error a wrong key gives.
    let location: MasterKeySource.Location

    public init(master: MasterKey, location: MasterKeySource.Location) {
        self.master = master
        self.location = location
    }

    public func seal(_ value: String, as name: String) -> String {
        master.seal(value, as: name)
    }

    /// Opens a stored value; a wrong master key is the operator's error to fix, said so.
    public func open(_ stored: String, as name: String) throws(KeyCustodyError) -> String {
        do {
            return try master.open(stored, as: name)
        } catch {
            throw .wrongMasterKey(fingerprint: master.fingerprint, location: location)
        }
    }

    /// The secret stored under `name`, opened; on a deployment's first start, `make()` sealed
    /// and stored first. When several nodes start at once the first insert wins, and all of
    /// them open that one.
    public func value(named name: String, in keys: NodeKeyRepository, orCreate make: @Sendable () -> String) async throws -> String {
        try open(try await keys.value(named: name) { seal(make(), as: name) }, as: name)
    }

    /// The logical name a row's value is sealed under.
    static func sealingName(of row: SecretRows.Row) -> String {
        switch row.table {
        case .signingKeys: "signing-key"
        case .nodeKeys: row.key.components(separatedBy: ".retired.").first ?? row.key
        }
    }

    /// Seals every value a release before the master key stored in clear; returns how many.
    @discardableResult
    public func sealLegacyValues(in rows: SecretRows) async throws -> Int {
        try await rows.rewrite { [self] row in
            MasterKey.isSealed(row.value) ? nil : seal(row.value, as: Self.sealingName(of: row))
        }
    }

    /// Re-seals every secret under `next`, in one transaction; a value this vault cannot
    /// open stops the whole rewrite, so nothing is left sealed under a key nobody has.
    public func reseal(_ rows: SecretRows, under next: MasterKey) async throws -> Int {
        try await rows.rewrite { [self] row in
            let name = Self.sealingName(of: row)
            let plain = MasterKey.isSealed(row.value) ? try open(row.value, as: name) : row.value
            return next.seal(plain, as: name)
        }
    }
}
