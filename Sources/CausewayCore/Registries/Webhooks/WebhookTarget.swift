import Foundation

/// Where a webhook may be delivered: an `http` or `https` URL with a host, and, once the host
/// is resolved, only addresses on the public internet unless the operator allows private ones.
///
/// A webhook makes the node send requests to a URL someone else chose; without this check
/// anyone allowed to subscribe could make it call the node's own admin ports, a cloud's
/// metadata service or machines on the agency's internal network (server-side request
/// forgery). Pure: the server resolves names and hands the addresses in.
public struct WebhookTarget: Sendable, Hashable {
    public let url: String
    public let host: String
    public let port: Int

    /// Checks the URL's shape; the pointer in errors is `/url`.
    public init(_ text: String) throws(ValidationError) {
        let fail = { (detail: String) in ValidationError([FieldError("/url", detail)]) }
        guard text.count <= 2_000, let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw fail("must be an absolute http or https URL")
        }
        guard scheme == "http" || scheme == "https" else { throw fail("must use http or https, not \(scheme)") }
        guard let host = components.host, !host.isEmpty else { throw fail("must name a host") }
        guard components.user == nil, components.password == nil else {
            throw fail("must not carry a user name or password; the deliveries are signed instead")
        }
        guard components.fragment == nil else { throw fail("must not have a fragment") }
        url = text
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? (scheme == "https" ? 443 : 80)
    }

    /// What kind of network an address belongs to; only `.global` is reachable from the
    /// internet and safe to call on someone else's say-so.
    public enum AddressKind: String, Sendable, Hashable {
        case global, loopback, `private`, linkLocal, sharedAddressSpace, unspecified, multicast, reserved

        public var label: String {
            switch self {
            case .global: "a public address"
            case .loopback: "a loopback address"
            case .private: "a private network address"
            case .linkLocal: "a link-local address"
            case .sharedAddressSpace: "a carrier-grade NAT address"
            case .unspecified: "the unspecified address"
            case .multicast: "a multicast address"
            case .reserved: "a reserved address"
            }
        }
    }

    /// The kind of an IPv4 (4 bytes) or IPv6 (16 bytes) address; `.reserved` for any other length.
    public static func kind(of address: [UInt8]) -> AddressKind {
        switch address.count {
        case 4: ipv4Kind(address)
        case 16: ipv6Kind(address)
        default: .reserved
        }
    }

    private static func ipv4Kind(_ a: [UInt8]) -> AddressKind {
        switch (a[0], a[1]) {
        case (0, _): .unspecified
        case (127, _): .loopback
        case (10, _), (172, 16...31), (192, 168): .private
        case (169, 254): .linkLocal
        case (100, 64...127): .sharedAddressSpace
        case (224...239, _): .multicast
        case (240...255, _), (198, 18...19): .reserved
        case (192, 0) where a[2] == 0 || a[2] == 2: .reserved
        case (198, 51) where a[2] == 100, (203, 0) where a[2] == 113: .reserved
        default: .global
        }
    }

    private static func ipv6Kind(_ a: [UInt8]) -> AddressKind {
        if a.allSatisfy({ $0 == 0 }) { return .unspecified }
        if a[0..<15].allSatisfy({ $0 == 0 }) && a[15] == 1 { return .loopback }
        // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) carry an IPv4 address.
        if a[0..<10].allSatisfy({ $0 == 0 }) && a[10] == 0xff && a[11] == 0xff { return ipv4Kind(Array(a[12..<16])) }
        if a[0...3] == [0x00, 0x64, 0xff, 0x9b] && a[4..<12].allSatisfy({ $0 == 0 }) { return ipv4Kind(Array(a[12..<16])) }
        if a[0] == 0xff { return .multicast }
        if a[0] == 0xfe && a[1] & 0xc0 == 0x80 { return .linkLocal }
        if a[0] & 0xfe == 0xfc { return .private }
        if a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8 { return .reserved }
        // Only 2000::/3 is allocated for global unicast.
        return a[0] & 0xe0 == 0x20 ? .global : .reserved
    }
}
