import AsyncHTTPClient
import CausewayCore
import Foundation
import NIOCore
import NIOHTTP1

/// One webhook request: an event's CloudEvents document POSTed to the subscription's URL,
/// signed per Standard Webhooks (``WebhookSignature``), and what the receiver made of it.
///
/// A 2xx answer acknowledges the event; 410 Gone says the receiver does not want any more
/// (the subscription is paused at once, as the Standard Webhooks guidance asks); anything
/// else, a timeout or a refused connection is a failure to retry. Redirects are not followed:
/// a receiver that moved updates its subscription. Thread-safe.
struct WebhookDelivery: Sendable {
    let client: HTTPClient
    let keys: WebhookKeys
    let baseURL: String
    let clock: @Sendable () -> Date
    /// How long a receiver may take to answer.
    static let timeout: TimeAmount = .seconds(10)
    /// At most this much of an answer's body is read (and thrown away).
    static let maxAnswer = 64 << 10

    enum Outcome: Sendable, Equatable {
        case acknowledged
        case gone
        case failed(String)
    }

    func post(_ event: RegistryEvent, for subscription: WebhookSubscription) async -> Outcome {
        let body = event.document(baseURL: baseURL)
        let id = subscription.messageID(sequence: event.sequence)
        let timestamp = Int(clock().timeIntervalSince1970)
        var request = HTTPClientRequest(url: subscription.url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/cloudevents+json; charset=utf-8")
        request.headers.add(name: "user-agent", value: "Causeway-Webhooks/1")
        request.headers.add(name: "webhook-id", value: id)
        request.headers.add(name: "webhook-timestamp", value: String(timestamp))
        do {
            let signature = try WebhookSignature.header(id: id, timestamp: timestamp, body: body,
                                                        secret: keys.secret(for: subscription.id), signingKey: keys.signingKey)
            request.headers.add(name: "webhook-signature", value: signature)
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await client.execute(request, timeout: Self.timeout)
            var read = 0
            for try await chunk in response.body {
                read += chunk.readableBytes
                if read > Self.maxAnswer { break }
            }
            switch response.status.code {
            case 200..<300: return .acknowledged
            case 410: return .gone
            default: return .failed("HTTP \(response.status.code)")
            }
        } catch is CancellationError {
            return .failed("cancelled")
        } catch let error as HTTPClientError {
            return .failed(Self.describe(error))
        } catch {
            return .failed(String(describing: error))
        }
    }

    static func describe(_ error: HTTPClientError) -> String {
        switch error {
        case .deadlineExceeded, .readTimeout: "no answer within \(timeout.nanoseconds / 1_000_000_000) seconds"
        case .connectTimeout: "connection timed out"
        case .remoteConnectionClosed: "the receiver closed the connection"
        default: String(describing: error)
        }
    }
}
