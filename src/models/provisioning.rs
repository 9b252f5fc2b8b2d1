//! The vendor provisioning API's models: provisioners and their webhooks, provision requests
//! with their details, attempts and results, and simulated order events.
//!
//! Read leniently like every response model: every field may be missing, dates are
//! [`Timestamp`]s kept as sent, enums keep a value they do not know, and the free-form
//! `details` and `metadata` objects are kept whole.

use crate::models::common::checked_model;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{Timestamp, timestamp, wire_enum};
use crate::models::ids::{
    CompanyId, PartnerEnrollmentId, PartnerId, ProductId, ProvisionAttemptId, ProvisionDetailId, ProvisionRequestId,
    ProvisionResultId, ProvisionerId, ProvisionerWebhookId, SubscriptionId, VendorId,
};

/// The longest `errorMessage` of a provision result the API keeps: it truncates a longer one
/// to this many characters, so the SDK refuses it before sending instead.
pub(crate) const MAX_ERROR_MESSAGE_CHARS: usize = 500;

wire_enum! {
    /// What a provision request asks the vendor to do (`type`).
    pub enum ProvisionRequestType {
        /// A new subscription.
        NetNew => "NetNew",
        /// A change of an existing subscription (quantity, term, ...).
        Update => "Update",
        /// A cancellation: remove what was provisioned.
        Deprovision => "Deprovision",
        /// A new trial.
        TrialCreate => "TrialCreate",
        /// A trial converted to a paid subscription.
        TrialConvert => "TrialConvert",
        /// A move to another product (`oldProductId` names the one before).
        ChangeProduct => "ChangeProduct",
        /// A partner enrolled with the vendor.
        PartnerEnrollment => "PartnerEnrollment",
        /// A renewal of a term.
        Renewal => "Renewal",
    }
}

wire_enum! {
    /// The billing term of a provision request, spelled as the provisioning API spells it
    /// (`2 Year`, not the partner API's `2-Year`; see [`BillingTerm`](crate::models::BillingTerm)),
    /// so that a simulated order event sends what the API expects.
    pub enum ProvisionBillingTerm {
        /// Billed every two years.
        TwoYear => "2 Year",
        /// Billed every three years.
        ThreeYear => "3 Year",
        /// An activation fee.
        Activation => "Activation",
        /// Billed once a year.
        Annual => "Annual",
        /// Billed every month.
        Monthly => "Monthly",
        /// Billed once.
        OneTime => "One-Time",
        /// A trial.
        Trial => "Trial",
    }
}

wire_enum! {
    /// The outcome a vendor records for a provision attempt.
    pub enum ProvisionStatus {
        /// Provisioned.
        Success => "Success",
        /// Not provisioned: the result's `errorMessage` says why, for a person to act on.
        Fail => "Fail",
    }
}

wire_enum! {
    /// The unit of a volume commitment.
    pub enum VolumeUnit {
        /// Agents.
        Agents => "Agents",
        /// Devices.
        Devices => "Devices",
        /// Endpoints.
        Endpoints => "Endpoints",
        /// Environments.
        Environments => "Environments",
        /// Levels.
        Levels => "Levels",
        /// Points.
        Points => "Points",
        /// Users.
        Users => "Users",
        /// Australian dollars.
        Aud => "AUD",
        /// Canadian dollars.
        Cad => "CAD",
        /// Swiss francs.
        Chf => "CHF",
        /// Danish kroner.
        Dkk => "DKK",
        /// Euros.
        Eur => "EUR",
        /// Pounds sterling.
        Gbp => "GBP",
        /// Indonesian rupiahs.
        Idr => "IDR",
        /// Malaysian ringgits.
        Myr => "MYR",
        /// Norwegian kroner.
        Nok => "NOK",
        /// New Zealand dollars.
        Nzd => "NZD",
        /// Philippine pesos.
        Php => "PHP",
        /// Swedish kronor.
        Sek => "SEK",
        /// Singapore dollars.
        Sgd => "SGD",
        /// Thai baht.
        Thb => "THB",
        /// US dollars.
        Usd => "USD",
        /// Vietnamese dong.
        Vnd => "VND",
    }
}

checked_model! {
    /// A vendor's provisioner: what Pax8 calls when a partner orders one of the vendor's products.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct Provisioner {
        /// Id.
        pub id: ProvisionerId,
        /// The vendor that owns it.
        pub vendor_id: VendorId,
        /// Name.
        pub name: String,
        /// When it was created.
        #[serde(deserialize_with = "timestamp", skip_serializing_if = "Option::is_none")]
        pub created_date: Option<Timestamp>,
    }
    "provisioner"
}

/// The shared secret Pax8 sends with every provision call: the header it goes in and its
/// value. A secret: `Debug` never shows the credential; read it with
/// [`credential`](Self::credential) and compare it with
/// [`shared_secret_matches`](crate::provisioning::shared_secret_matches).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct SharedSecret {
    /// The header name, e.g. `X-Pax8-Secret` (absent on some answers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    credential: String,
}

impl SharedSecret {
    /// The secret value Pax8 sends in [`header`](Self::header). Keep it out of logs.
    pub fn credential(&self) -> &str {
        &self.credential
    }
}

impl fmt::Debug for SharedSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedSecret").field("header", &self.header).field("credential", &"<redacted>").finish()
    }
}

checked_model! {
    /// A provisioner's webhook: the URL Pax8 calls with provision calls, and the shared secret
    /// it sends (redacted in `Debug`).
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct ProvisionerWebhook {
        /// Id.
        pub id: ProvisionerWebhookId,
        /// Where Pax8 sends provision calls.
        pub url: String,
        /// The header and secret Pax8 sends with every call.
        pub shared_secret: Option<SharedSecret>,
        /// When it was created.
        #[serde(deserialize_with = "timestamp", skip_serializing_if = "Option::is_none")]
        pub created_date: Option<Timestamp>,
    }
    "provisioner webhook"
}

/// An address of a provision request's partner or company (`postcode`, as this API spells it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct ProvisionAddress {
    /// Street line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// Second street line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street2: Option<String>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Postal code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    /// Country.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// State or province.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_or_province: Option<String>,
}

/// The commitment of a provision request: a term, a volume, or both.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct ProvisionCommitment {
    /// The term commitment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term: Option<ProvisionCommitmentTerm>,
    /// The volume commitment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume: Option<VolumeCommitment>,
}

/// A term commitment: how many months, and when it ends.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct ProvisionCommitmentTerm {
    /// Months committed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub months: Option<i32>,
    /// When the term ends.
    #[serde(deserialize_with = "timestamp", skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Timestamp>,
}

/// A volume commitment: amounts are exact [`Decimal`]s (`minAmount` < `maxAmount` when both
/// are present).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct VolumeCommitment {
    /// Minimum amount.
    #[serde(with = "crate::models::money::option", skip_serializing_if = "Option::is_none")]
    pub min_amount: Option<Decimal>,
    /// Maximum amount.
    #[serde(with = "crate::models::money::option", skip_serializing_if = "Option::is_none")]
    pub max_amount: Option<Decimal>,
    /// The unit of the amounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_of_measure: Option<VolumeUnit>,
    /// Months committed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub months: Option<i32>,
}

checked_model! {
    /// A provision request: a partner ordered, changed or cancelled one of the vendor's products,
    /// for one of its companies.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct ProvisionRequest {
        /// Id (not sent when nil, e.g. in a simulated order event).
        #[serde(skip_serializing_if = "ProvisionRequestId::is_nil")]
        pub id: ProvisionRequestId,
        /// What to do.
        #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
        pub kind: Option<ProvisionRequestType>,
        /// The partner.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub partner_id: Option<PartnerId>,
        /// The partner's name.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub partner_name: Option<String>,
        /// The partner's domain.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub partner_domain: Option<String>,
        /// The partner's address.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub partner_address: Option<ProvisionAddress>,
        /// The partner's enrollment with the vendor.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub partner_enrollment_id: Option<PartnerEnrollmentId>,
        /// The partner's company (the end customer).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub company_id: Option<CompanyId>,
        /// The company's name.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub company_name: Option<String>,
        /// The company's domain.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub company_domain: Option<String>,
        /// The company's address.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub company_address: Option<ProvisionAddress>,
        /// The product.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub product_id: Option<ProductId>,
        /// The product before a `ChangeProduct`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub old_product_id: Option<ProductId>,
        /// The product's name.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub product_name: Option<String>,
        /// Quantity (an exact [`Decimal`], like every quantity of the SDK).
        #[serde(with = "crate::models::money::option", skip_serializing_if = "Option::is_none")]
        pub quantity: Option<Decimal>,
        /// The subscription.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub subscription_id: Option<SubscriptionId>,
        /// When the request was made.
        #[serde(deserialize_with = "timestamp", skip_serializing_if = "Option::is_none")]
        pub created_date: Option<Timestamp>,
        /// When a trial ends.
        #[serde(deserialize_with = "timestamp", skip_serializing_if = "Option::is_none")]
        pub trial_end_date: Option<Timestamp>,
        /// True when the trial converts by itself.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub trial_auto_converts: Option<bool>,
        /// Deprecated by Pax8: use `commitment.term.months`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub commitment_term_months: Option<i32>,
        /// Deprecated by Pax8: use `commitment.term.end_date`.
        #[serde(deserialize_with = "timestamp", skip_serializing_if = "Option::is_none")]
        pub commitment_term_end_date: Option<Timestamp>,
        /// The commitment (term and volume).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub commitment: Option<ProvisionCommitment>,
        /// The billing term.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub billing_term: Option<ProvisionBillingTerm>,
    }
    "provision request"
}

checked_model! {
    /// The details of a provision request: a free-form object (the answers to the product's
    /// provisioning questions), kept whole.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct ProvisionDetail {
        /// Id (not sent when nil, e.g. in a simulated order event).
        #[serde(skip_serializing_if = "ProvisionDetailId::is_nil")]
        pub id: ProvisionDetailId,
        /// The provision request.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub provision_request_id: Option<ProvisionRequestId>,
        /// The details, as sent (any JSON values).
        #[serde(skip_serializing_if = "Map::is_empty")]
        pub details: Map<String, Value>,
        /// When they were recorded.
        #[serde(deserialize_with = "timestamp", skip_serializing_if = "Option::is_none")]
        pub created_date: Option<Timestamp>,
    }
    "provision detail"
}

checked_model! {
    /// One attempt at provisioning a request: a call of the provisioner's webhook.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct ProvisionAttempt {
        /// Id (not sent when nil, e.g. in a simulated order event).
        #[serde(skip_serializing_if = "ProvisionAttemptId::is_nil")]
        pub id: ProvisionAttemptId,
        /// The details provisioned.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub provision_detail_id: Option<ProvisionDetailId>,
        /// The webhook called.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub webhook_id: Option<ProvisionerWebhookId>,
        /// The attempt's status, as sent (the spec gives no values).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub status: Option<String>,
        /// What went wrong, if anything.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub error_detail: Option<String>,
        /// When it was made.
        #[serde(deserialize_with = "timestamp", skip_serializing_if = "Option::is_none")]
        pub created_date: Option<Timestamp>,
    }
    "provision attempt"
}

/// The outcome a vendor recorded for an attempt.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct ProvisionResult {
    /// Id.
    pub id: ProvisionResultId,
    /// The attempt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provision_attempt_id: Option<ProvisionAttemptId>,
    /// `Success` or `Fail`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ProvisionStatus>,
    /// Why it failed, for a person to act on (at most 500 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// Free-form metadata, kept whole.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub metadata: Map<String, Value>,
    /// The vendor's id of the subscription.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_provisioner_subscription_id: Option<String>,
    /// The vendor's id of the partner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_provisioner_partner_id: Option<String>,
    /// The vendor's id of the company.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_provisioner_company_id: Option<String>,
    /// The vendor's id of the partner's enrollment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_provisioner_partner_enrollment_id: Option<String>,
}

checked_model! {
    /// A simulated order event (simulation credentials only): what Pax8 would send a
    /// provisioner, as the request, its details and the attempt. The body of
    /// `POST /provision-simulations/order-events` and its answer.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct ProvisionOrderEvent {
        /// The request.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub provision_request: Option<ProvisionRequest>,
        /// Its details.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub provision_detail: Option<ProvisionDetail>,
        /// The attempt.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub provision_attempt: Option<ProvisionAttempt>,
    }
    "provision order event"
}

/// The body of `POST /provisioners/{id}/webhooks` (crate-private: built by the builder).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NewProvisionerWebhook {
    pub(crate) url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) shared_secret: Option<SharedSecretHeader>,
}

/// `{"header": ..}`: the header Pax8 should put the secret in.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct SharedSecretHeader {
    pub(crate) header: String,
}

impl NewProvisionerWebhook {
    /// What is wrong with the body: an empty URL, an empty header name.
    pub(crate) fn problem(&self) -> Option<String> {
        if self.url.trim().is_empty() {
            return Some("a provisioner webhook needs a url".into());
        }
        if let Some(h) = &self.shared_secret
            && (h.header.trim().is_empty() || !h.header.bytes().all(|b| b.is_ascii_graphic() && b != b':'))
        {
            return Some(format!("shared_secret_header {:?} is not a header name", h.header));
        }
        None
    }
}

/// The body of `POST /provision-requests/{id}/results` (crate-private: built by the builder).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NewProvisionResult {
    pub(crate) status: Option<ProvisionStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) provision_attempt_id: Option<ProvisionAttemptId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) error_message: Option<String>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub(crate) metadata: Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) external_provisioner_subscription_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) external_provisioner_partner_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) external_provisioner_company_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) external_provisioner_partner_enrollment_id: Option<String>,
}

impl NewProvisionResult {
    /// What is wrong with the body, checked before sending: a `Fail` without an error
    /// message, an error message over 500 characters (the API would truncate it), an
    /// external id that is empty or has other characters than `A-Z a-z 0-9 - _`.
    pub(crate) fn problem(&self) -> Option<String> {
        let message = self.error_message.as_deref().map(str::trim).filter(|m| !m.is_empty());
        if self.status == Some(ProvisionStatus::Fail) && message.is_none() {
            return Some("a Fail result needs an error_message a person can act on".into());
        }
        if let Some(m) = &self.error_message {
            let n = m.chars().count();
            if n > MAX_ERROR_MESSAGE_CHARS {
                return Some(format!(
                    "error_message is {n} characters; the API keeps {MAX_ERROR_MESSAGE_CHARS} and truncates the rest"
                ));
            }
        }
        for (name, value) in [
            ("external_provisioner_subscription_id", &self.external_provisioner_subscription_id),
            ("external_provisioner_partner_id", &self.external_provisioner_partner_id),
            ("external_provisioner_company_id", &self.external_provisioner_company_id),
            ("external_provisioner_partner_enrollment_id", &self.external_provisioner_partner_enrollment_id),
        ] {
            if let Some(v) = value
                && (v.is_empty() || !v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
            {
                return Some(format!("{name} {v:?} must be non-empty and only A-Z, a-z, 0-9, - and _"));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_request_types_are_kept_and_written_back() {
        let r: ProvisionRequest = serde_json::from_str(r#"{"type":"Suspend","billingTerm":"2 Year"}"#).unwrap();
        assert_eq!(r.kind, Some(ProvisionRequestType::Other("Suspend".into())));
        assert_eq!(r.billing_term, Some(ProvisionBillingTerm::TwoYear));
        let back = serde_json::to_value(&r).unwrap();
        assert_eq!(back, serde_json::json!({"type": "Suspend", "billingTerm": "2 Year"}));
    }

    #[test]
    fn shared_secrets_never_show_in_debug() {
        let w: ProvisionerWebhook =
            serde_json::from_str(r#"{"url":"https://x","sharedSecret":{"header":"X-Secret","credential":"hunter2"}}"#)
                .unwrap();
        assert_eq!(w.shared_secret.as_ref().unwrap().credential(), "hunter2");
        assert!(!format!("{w:?}").contains("hunter2"), "{w:?}");
    }

    #[test]
    fn results_are_checked() {
        let mut r = NewProvisionResult { status: Some(ProvisionStatus::Fail), ..Default::default() };
        assert!(r.problem().unwrap().contains("error_message"));
        r.error_message = Some("é".repeat(500));
        assert_eq!(r.problem(), None, "500 characters (1000 bytes) are fine");
        r.error_message = Some("x".repeat(501));
        assert!(r.problem().unwrap().contains("truncates"));
        r.error_message = Some("domain in use".into());
        r.external_provisioner_company_id = Some("acme 1".into());
        assert!(r.problem().unwrap().contains("external_provisioner_company_id"));
        r.external_provisioner_company_id = Some("acme-1_b".into());
        assert_eq!(r.problem(), None);
    }
}
