//! Receiving webhook deliveries, without a client.
//!
//! Pax8 `POST`s one JSON body per event to the webhook's URL, with the webhook's
//! `authorization` value in the `Authorization` header. Check the header with
//! [`authorization_matches`] (constant time), then parse the body with
//! [`WebhookEvent::from_slice`]:
//!
//! ```
//! use pax8::webhooks::{WebhookEvent, WebhookPayload, authorization_matches};
//!
//! let body = br#"{"accountId": "0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
//!     "url": "https://psa.example.com/pax8/events",
//!     "webhookId": "5d2a6f0e-3b1c-4c8e-9f7a-1e2d3c4b5a69",
//!     "sentAt": "2025-03-02T14:00:00Z",
//!     "webhookTopic": {"id": "a1b2c3d4-e5f6-4789-8abc-def012345678", "topic": "subscription.updated", "filters": []},
//!     "payloadData": {"id": "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "quantity": 12,
//!                     "companyId": "3f1e2d4c-1111-4222-8333-944455566677",
//!                     "productId": "e91bba5e-a9a3-483f-b036-f80165d410e3"}}"#;
//!
//! assert!(authorization_matches(Some("Bearer demo"), "Bearer demo"));
//! let event = WebhookEvent::from_slice(body)?;
//! match event.payload() {
//!     WebhookPayload::Subscription(s) => assert_eq!(s.quantity, Some(pax8::Decimal::from(12))),
//!     other => panic!("unexpected {other:?}"),
//! }
//! # Ok::<(), pax8::webhooks::WebhookParseError>(())
//! ```
//!
//! # The delivery envelope
//!
//! The spec's `WebhookPayload` schema defines the body: `accountId`, `url`, `webhookId`,
//! `sentAt`, `webhookTopic` (the subscribed topic: `{id, topic, filters}`) and `payloadData`
//! (the event data, an object the spec leaves open). Fields are read leniently: any of them
//! may be missing, `webhookTopic` may also be a bare topic name, and `sentAt` is a
//! [`Timestamp`](crate::models::Timestamp) (an odd value is kept as [`Timestamp::Unparsed`](crate::models::Timestamp::Unparsed) text); only an empty body, a
//! body that is not JSON, or JSON that is not an object is an error.
//!
//! # Typed payloads
//!
//! Neither the spec nor the notes give topic names or sample payloads (they come at run time
//! from `topic_definitions()`). [`WebhookEvent::payload`] therefore types `payloadData` by the
//! resource a topic names: a topic whose name has the word `subscription`, `order`, `invoice`
//! or `company` (any case, words split on `.`, `_`, `-`, `:`, `/` and spaces, plural accepted)
//! is read as that resource's model ([`Subscription`](crate::models::Subscription), [`Order`](crate::models::Order), [`Invoice`](crate::models::Invoice), [`Company`](crate::models::Company)).
//! Any other topic, and any payload that does not read as that model, is
//! [`WebhookPayload::Other`] with the raw value. The raw value is always in
//! [`WebhookEvent::payload_data`].
//!
//! # Exact payloads
//!
//! A [`WebhookEvent`] keeps `payloadData` as the JSON text received
//! ([`raw_payload_data`](WebhookEvent::raw_payload_data)), not as a `serde_json::Value`, whose
//! numbers are `f64`s. [`payload`](WebhookEvent::payload) and
//! [`payload_as`](WebhookEvent::payload_as) decode that text, so money in a delivery
//! (`"price": 12.345678901234567890`) reaches the models' [`Decimal`](crate::Decimal)s digit for
//! digit, and writing the event back (`Serialize`) sends the same digits.
//! [`payload_data`](WebhookEvent::payload_data) gives a `serde_json::Value` for generic access
//! (its numbers are `f64`s, as always with `Value`).

pub use crate::models::webhook_event::{WebhookBody, WebhookEvent, WebhookParseError, WebhookPayload};

/// True when the `Authorization` header of a delivery equals the webhook's `authorization`
/// value, compared in constant time.
///
/// The time taken depends only on the length of `expected`, never on where the header first
/// differs nor on its length: every byte of `expected` is compared, and a length difference is
/// folded into the result rather than returned early. A missing header, and an empty
/// `expected` (a misconfigured receiver), never match. The header is compared exactly as
/// given (no trimming, no case folding).
pub fn authorization_matches(header: Option<&str>, expected: &str) -> bool {
    let given = header.unwrap_or_default().as_bytes();
    let expected = expected.as_bytes();
    // Non-zero when the lengths differ; no branch on it until the end.
    let mut diff = given.len() ^ expected.len();
    // Never indexes past `given`; when `given` is empty, `1` is compared (diff is non-zero anyway).
    let len = given.len().max(1);
    for (i, &e) in expected.iter().enumerate() {
        let g = given.get(i % len).copied().unwrap_or(1);
        diff |= usize::from(std::hint::black_box(g ^ e));
    }
    std::hint::black_box(diff) == 0 && header.is_some() && !expected.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_header_checks() {
        let expected = "Bearer s3cr3t-demo";
        assert!(authorization_matches(Some("Bearer s3cr3t-demo"), expected));
        // Wrong value of the same length, differing only in the last byte.
        assert!(!authorization_matches(Some("Bearer s3cr3t-demX"), expected));
        assert!(!authorization_matches(Some("bearer s3cr3t-demo"), expected));
        // Missing header.
        assert!(!authorization_matches(None, expected));
        assert!(!authorization_matches(Some(""), expected));
        // Different lengths: a prefix, a longer value, a much longer value.
        assert!(!authorization_matches(Some("Bearer s3cr3t"), expected));
        assert!(!authorization_matches(Some("Bearer s3cr3t-demo "), expected));
        assert!(!authorization_matches(Some(&expected.repeat(3)), expected));
        // A repeated short header cannot match through the wrap-around.
        assert!(!authorization_matches(Some("ab"), "abab"));
        // An empty expected value never matches, not even an empty header.
        assert!(!authorization_matches(Some(""), ""));
        assert!(!authorization_matches(None, ""));
    }
}
