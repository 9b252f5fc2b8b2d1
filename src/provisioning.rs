//! Receiving provision calls, without a client.
//!
//! When a partner orders, changes or cancels one of a vendor's products, Pax8 `POST`s a
//! provision call to the provisioner's webhook URL (see
//! [`ProvisionerWebhooksHandler::create`](crate::resources::ProvisionerWebhooksHandler::create)),
//! with the webhook's shared secret in the header it names. The vendor's endpoint checks the
//! secret with [`shared_secret_matches`] (constant time), reads the body with
//! [`ProvisionCall::from_slice`], provisions in its own system, then records an attempt and a
//! result through [`Client::provisioning`](crate::Client::provisioning):
//!
//! ```
//! use pax8::models::ProvisionRequestType;
//! use pax8::provisioning::{ProvisionCall, shared_secret_matches};
//!
//! let body = br#"{"provisionRequest": {"id": "6f1a8c2e-4b3d-4e5f-8a9b-0c1d2e3f4a5b", "type": "NetNew",
//!                    "companyName": "Contoso", "quantity": 5},
//!                 "provisionDetail": {"id": "7a2b9d3f-5c4e-4f60-9bac-1d2e3f4a5b6c", "details": {"adminEmail": "it@contoso.com"}}}"#;
//! assert!(shared_secret_matches(Some("s3cret"), "s3cret"));
//! let call = ProvisionCall::from_slice(body)?;
//! let request = call.request().expect("a request");
//! assert_eq!(request.kind, Some(ProvisionRequestType::NetNew));
//! assert_eq!(call.detail().unwrap().details["adminEmail"], "it@contoso.com");
//! assert!(call.raw_json().contains("\"quantity\": 5"));
//! # Ok::<(), pax8::provisioning::ProvisionParseError>(())
//! ```
//!
//! # The body is inferred
//!
//! The provisioning spec does not show the body of a provision call. [`ProvisionCall`] reads
//! it as the spec's `ProvisionTestingOrderEvent` (what a simulated order event creates):
//! `provisionRequest`, `provisionDetail` and `provisionAttempt`, each optional and read
//! leniently ([`ProvisionOrderEvent`]). The body is also kept whole as received
//! ([`raw_json`](ProvisionCall::raw_json)), so nothing is lost if the real shape differs.

use crate::models::{ProvisionAttempt, ProvisionDetail, ProvisionOrderEvent, ProvisionRequest};

/// Why a provision call's body could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProvisionParseError {
    /// The body was empty (or only whitespace).
    #[error("the provision call body is empty")]
    Empty,
    /// The body is not a JSON object, or its fields have the wrong types.
    #[error("the provision call body is not a valid provision call: {0}")]
    Malformed(#[source] serde_json::Error),
}

impl From<ProvisionParseError> for crate::Error {
    /// A body that cannot be read is invalid input.
    fn from(e: ProvisionParseError) -> Self {
        crate::Error::InvalidInput(e.to_string())
    }
}

/// One provision call: the event read leniently, and the body as received.
#[derive(Debug, Clone, PartialEq)]
pub struct ProvisionCall {
    event: ProvisionOrderEvent,
    raw: String,
}

impl ProvisionCall {
    /// Reads a call's body (see the [module docs](self) for its inferred shape).
    ///
    /// Errors: [`ProvisionParseError::Empty`] for an empty body,
    /// [`ProvisionParseError::Malformed`] for anything but a JSON object whose known fields
    /// have their types.
    pub fn from_slice(body: &[u8]) -> Result<Self, ProvisionParseError> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Err(ProvisionParseError::Empty);
        }
        let event = serde_json::from_slice(body).map_err(ProvisionParseError::Malformed)?;
        Ok(ProvisionCall { event, raw: String::from_utf8_lossy(body).into_owned() })
    }

    /// The event: request, details and attempt.
    pub fn event(&self) -> &ProvisionOrderEvent {
        &self.event
    }

    /// What to provision (`provisionRequest`).
    pub fn request(&self) -> Option<&ProvisionRequest> {
        self.event.provision_request.as_ref()
    }

    /// The partner's answers to the product's provisioning questions (`provisionDetail`).
    pub fn detail(&self) -> Option<&ProvisionDetail> {
        self.event.provision_detail.as_ref()
    }

    /// The attempt this call is (`provisionAttempt`): record the result against its id.
    pub fn attempt(&self) -> Option<&ProvisionAttempt> {
        self.event.provision_attempt.as_ref()
    }

    /// The body exactly as received (for logs of your own, or fields the SDK does not read).
    pub fn raw_json(&self) -> &str {
        &self.raw
    }
}

/// True when the shared-secret header of a provision call equals the webhook's credential
/// ([`SharedSecret::credential`](crate::models::SharedSecret::credential)), compared in
/// constant time (the time depends only on the credential's length). A missing header and an
/// empty credential never match; the header is compared exactly as given.
pub fn shared_secret_matches(header: Option<&str>, credential: &str) -> bool {
    crate::webhooks::authorization_matches(header, credential)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_that_are_not_calls_are_errors() {
        assert!(matches!(ProvisionCall::from_slice(b" \n"), Err(ProvisionParseError::Empty)));
        assert!(matches!(ProvisionCall::from_slice(b"[1]"), Err(ProvisionParseError::Malformed(_))));
        assert!(matches!(
            ProvisionCall::from_slice(b"{\"provisionRequest\": 3}"),
            Err(ProvisionParseError::Malformed(_))
        ));
        let call = ProvisionCall::from_slice(b"{\"somethingNew\": {\"a\": 1}}").unwrap();
        assert_eq!((call.request(), call.raw_json()), (None, "{\"somethingNew\": {\"a\": 1}}"));
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(shared_secret_matches(Some("abc"), "abc"));
        assert!(!shared_secret_matches(Some("abd"), "abc"));
        assert!(!shared_secret_matches(Some("abc "), "abc"));
        assert!(!shared_secret_matches(None, "abc"));
        assert!(!shared_secret_matches(Some(""), ""));
    }
}
