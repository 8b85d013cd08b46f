import CausewayCore

/// Why a node could not get at its keys. Each case says what the operator should do, because
/// it is printed as is when `causeway serve` refuses to start.
public enum KeyCustodyError: Error, Equatable, CustomStringConvertible {
    /// The database's keys are sealed, and this node has no master key to open them.
    case missing(location: MasterKeySource.Location)
    case unreadable(location: MasterKeySource.Location)
    case malformed(location: MasterKeySource.Location)
    case unwritable(path: String)
    /// The node's master key does not open the keys sealed in the database.
    case wrongMasterKey(fingerprint: String, location: MasterKeySource.Location)
    /// A stored key opened but is not a key of its kind (its row was edited by hand).
    case corrupt(name: String)

    public var description: String {
        let join = "give every node of a deployment the same master key with --master-key-file or CAUSEWAY_MASTER_KEY; "
            + "the deployment's first node created it as \(MasterKeySource.fileName) in its data directory"
        switch self {
        case .missing(let location):
            return "this database's keys are sealed under a master key, and there is none at \(location): \(join)"
        case .unreadable(let location):
            return "cannot read the master key at \(location)"
        case .malformed(let location):
            return "the master key at \(location) is not 32 bytes in base64 or hex"
        case .unwritable(let path):
            return "cannot write the new master key to \(path)"
        case .wrongMasterKey(let fingerprint, let location):
            return "the master key from \(location) (fingerprint \(fingerprint)) does not open this database's keys: \(join)"
        case .corrupt(let name):
            return "the key '\(name)' in node_keys is not a valid key; restore it from a backup, or delete its row to make a new one"
        }
    }
}
