//! Typed ids: one `Uuid` newtype per kind of object, so an id read from one resource cannot
//! be passed where another's is expected.
//!
//! Each id is serde-transparent (written and read as the UUID string), prints as the UUID
//! (`Display`), parses from one (`FromStr`), converts from and into a plain [`Uuid`], and
//! gives the UUID back with `as_uuid()`. Handle methods take `impl Into<CompanyId>` (and so
//! on), so a `CompanyId` read from a company or a plain `Uuid` both work, while a
//! `ProductId` does not compile:
//!
//! ```compile_fail
//! # fn main() -> pax8::Result<()> {
//! # let client = pax8::Client::from_env()?;
//! let product = client.products().get(pax8::Uuid::nil()).send()?;
//! // error[E0277]: the trait bound `CompanyId: From<ProductId>` is not satisfied
//! client.contacts(product.product.id).list().send()?;
//! # Ok(()) }
//! ```
//!
//! ```no_run
//! # fn main() -> pax8::Result<()> {
//! # let client = pax8::Client::from_env()?;
//! use pax8::models::CompanyId;
//! let company = client.companies().get("5fe2a2a1-a4e0-4d10-8d0b-3a2fce7f4b58".parse::<CompanyId>()?).send()?;
//! client.contacts(company.id).list().send()?;
//! // A plain Uuid converts too:
//! client.companies().get(pax8::Uuid::nil()).send()?;
//! # Ok(()) }
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! ids {
    ($( $(#[$doc:meta])* $name:ident; )+) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// The id of this UUID.
            pub const fn from_uuid(uuid: Uuid) -> Self {
                $name(uuid)
            }

            /// The UUID of this id.
            pub const fn as_uuid(&self) -> &Uuid {
                &self.0
            }

            /// True for the nil UUID (all zeros), which no real object has.
            pub const fn is_nil(&self) -> bool {
                self.0.is_nil()
            }
        }

        impl From<Uuid> for $name {
            fn from(uuid: Uuid) -> Self {
                $name(uuid)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Uuid {
                id.0
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            /// Parses the UUID text (hyphenated, simple, braced or URN).
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map($name)
            }
        }

        impl fmt::Display for $name {
            /// The hyphenated lower-case UUID, as the wire writes it.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self.0)
            }
        }

        impl PartialEq<Uuid> for $name {
            fn eq(&self, other: &Uuid) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<$name> for Uuid {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

    )+};
}

ids! {
    /// The id of a company (a partner's customer): `Company::id`, and the company of a
    /// subscription, order, invoice or quote.
    CompanyId;
    /// The id of a contact of a company.
    ContactId;
    /// The id of a product of the catalogue (or of a quote's custom product).
    ProductId;
    /// The id of an order.
    OrderId;
    /// The id of one line of an order.
    OrderLineItemId;
    /// The id of a subscription.
    SubscriptionId;
    /// The id of a commitment term (of a product, a subscription, an order line or a quote
    /// line item).
    CommitmentId;
    /// The id of an invoice.
    InvoiceId;
    /// The id of one item of an invoice.
    InvoiceItemId;
    /// The id of a usage summary of a subscription.
    UsageSummaryId;
    /// The id of a Pax8 user (who ordered, who owns a quote, who is on its access list).
    UserId;
    /// The id of a partner account (the owner of a webhook).
    AccountId;
    /// The id of a partner (a quote's partner and its parent).
    PartnerId;
    /// The id of a third-party integration.
    IntegrationId;
    /// The id of a webhook.
    WebhookId;
    /// The id of one of a webhook's topic subscriptions (`WebhookTopic::id`).
    WebhookTopicId;
    /// The id of a delivery log of a webhook.
    WebhookLogId;
    /// The id of one delivery attempt in a log's call history.
    WebhookCallId;
    /// The id of a quote.
    QuoteId;
    /// The id of a quote request (what a quote answers).
    QuoteRequestId;
    /// The id of a line item of a quote.
    LineItemId;
    /// The id of a section of a quote.
    SectionId;
    /// The id of an attachment: of a quote, or in the quote library.
    AttachmentId;
    /// The id of an entry of a quote's access list.
    AccessListEntryId;
    /// The id of a vendor (the owner of a provisioner).
    VendorId;
    /// The id of a vendor's provisioner.
    ProvisionerId;
    /// The id of a provisioner's webhook (where Pax8 sends provision calls).
    ProvisionerWebhookId;
    /// The id of a provision request (an order, change or cancellation to provision).
    ProvisionRequestId;
    /// The id of a provision detail (the details of a provision request).
    ProvisionDetailId;
    /// The id of a provision attempt (one call of the provisioner's webhook).
    ProvisionAttemptId;
    /// The id of a provision result (the vendor's answer to an attempt).
    ProvisionResultId;
    /// The id of a partner's enrollment with a vendor.
    PartnerEnrollmentId;
}

/// A reference to another object as the wire sent it: its typed id, or the text kept as sent
/// when it is not a UUID (the spec's own usage-lines example has one), so one odd reference
/// never fails a page and is written back unchanged.
///
/// ```
/// use pax8::models::{ProductId, Reference};
/// let r: Reference<ProductId> = serde_json::from_str(r#""e73f3a55-f1da-4efd-88eb-bf3je60ad5lq""#).unwrap();
/// assert_eq!(r.id(), None);
/// assert_eq!(r.to_string(), "e73f3a55-f1da-4efd-88eb-bf3je60ad5lq");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum Reference<I> {
    /// A UUID.
    Id(I),
    /// Text that is not a UUID, as sent.
    Text(String),
}

impl<I: Copy> Reference<I> {
    /// The typed id, when the reference is a UUID.
    pub fn id(&self) -> Option<I> {
        match self {
            Reference::Id(id) => Some(*id),
            Reference::Text(_) => None,
        }
    }
}

impl<'de, I: From<Uuid>> Deserialize<'de> for Reference<I> {
    /// A hyphenated UUID string is the typed id; any other string (empty included) is kept as
    /// sent; a number, a boolean, an object or a list is kept as its JSON text (and written
    /// back as a string). Never fails.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match serde_json::Value::deserialize(d)? {
            // Only the hyphenated form, which is written back the same (but for case).
            serde_json::Value::String(s) => match Uuid::parse_str(&s) {
                Ok(uuid) if s.len() == 36 => Reference::Id(I::from(uuid)),
                _ => Reference::Text(s),
            },
            other => Reference::Text(other.to_string()),
        })
    }
}

impl<I> From<I> for Reference<I> {
    fn from(id: I) -> Self {
        Reference::Id(id)
    }
}

impl<I: fmt::Display> fmt::Display for Reference<I> {
    /// The id, or the text as sent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reference::Id(id) => id.fmt(f),
            Reference::Text(text) => f.write_str(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_is_the_id_or_what_was_sent() {
        let read = |json: &str| serde_json::from_str::<Option<Reference<CompanyId>>>(json).unwrap();
        let id = CompanyId::from_uuid(uuid::uuid!("fe7a2d5f-4a14-43ff-940e-a65cda66474a"));
        assert_eq!(read(r#""fe7a2d5f-4a14-43ff-940e-a65cda66474a""#), Some(Reference::Id(id)));
        assert_eq!(read("null"), None);
        for (json, kept) in [
            (r#""""#, ""),
            (r#""SUB-1""#, "SUB-1"),
            (r#""fe7a2d5f4a1443ff940ea65cda66474a""#, "fe7a2d5f4a1443ff940ea65cda66474a"),
            ("42", "42"),
            ("true", "true"),
            (r#"{"a":1}"#, r#"{"a":1}"#),
        ] {
            assert_eq!(read(json), Some(Reference::Text(kept.to_owned())), "{json}");
        }
        assert_eq!(serde_json::to_string(&Reference::<CompanyId>::Text("SUB-1".into())).unwrap(), r#""SUB-1""#);
        assert_eq!(serde_json::to_string(&Reference::Id(id)).unwrap(), r#""fe7a2d5f-4a14-43ff-940e-a65cda66474a""#);
    }
}
