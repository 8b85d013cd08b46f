import CausewayCore
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Resolves a webhook's host and refuses it when any of its addresses is not on the public
/// internet (``WebhookTarget/kind(of:)``), unless the operator allows private networks
/// (`--webhook-allow-private-networks`, for a deployment whose receivers are internal).
///
/// It runs when a subscription is created and again before each batch of deliveries, so a
/// name that later points inside the network is caught then. A name that changes between the
/// check and the connection (DNS rebinding within seconds) is not; an agency that needs that
/// closed sends its webhooks through an egress proxy. `getaddrinfo` blocks, so it runs on
/// Dispatch's pool, never on a Swift concurrency thread.
struct WebhookAddressCheck: Sendable {
    let allowPrivateNetworks: Bool

    enum Refusal: Error, Equatable {
        case unresolvable(host: String)
        case notPublic(host: String, kind: WebhookTarget.AddressKind)

        var detail: String {
            switch self {
            case .unresolvable(let host): "the host '\(host)' does not resolve"
            case .notPublic(let host, let kind):
                "'\(host)' is \(kind.label); webhooks go only to public addresses unless the operator allows private networks"
            }
        }
    }

    func check(_ target: WebhookTarget) async throws(Refusal) {
        let addresses = await Self.resolve(target.host)
        guard !addresses.isEmpty else { throw .unresolvable(host: target.host) }
        guard !allowPrivateNetworks else { return }
        for address in addresses {
            let kind = WebhookTarget.kind(of: address)
            if kind != .global { throw .notPublic(host: target.host, kind: kind) }
        }
    }

    /// Every address `host` resolves to, as 4 or 16 bytes; empty when it does not resolve.
    static func resolve(_ host: String) async -> [[UInt8]] {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: addresses(of: host))
            }
        }
    }

    private static func addresses(of host: String) -> [[UInt8]] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var found: [[UInt8]] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let address = entry.pointee.ai_addr {
                switch Int32(address.pointee.sa_family) {
                case AF_INET:
                    address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                        var raw = pointer.pointee.sin_addr
                        found.append(withUnsafeBytes(of: &raw) { Array($0) })
                    }
                case AF_INET6:
                    address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                        var raw = pointer.pointee.sin6_addr
                        found.append(withUnsafeBytes(of: &raw) { Array($0) })
                    }
                default:
                    break
                }
            }
            cursor = entry.pointee.ai_next
        }
        return found
    }
}
