//! Subscriptions: the products a company has bought, with quantity, price and term.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::common::{BillingTerm, date_opt, datetime_opt, wire_enum};

wire_enum! {
    /// Status of a subscription.
    pub enum SubscriptionStatus {
        /// Provisioning is complete.
        Active => "Active",
        /// Deprovisioning is complete.
        Cancelled => "Cancelled",
        /// A manual provisioning task is not started or not finished.
        PendingManual => "PendingManual",
        /// An automated provisioning task is not started or not finished.
        PendingAutomated => "PendingAutomated",
        /// Deprovisioning is pending.
        PendingCancel => "PendingCancel",
        /// Provisioning details are missing.
        WaitingForDetails => "WaitingForDetails",
        /// A trial: free or discounted access for a limited time.
        Trial => "Trial",
        /// Converted from a trial.
        Converted => "Converted",
        /// Needs activation and is not activated yet (billing has not started).
        PendingActivation => "PendingActivation",
        /// Needs activation and is activated.
        Activated => "Activated",
    }
}

wire_enum! {
    /// Fields a subscription list can be sorted by.
    pub enum SubscriptionSort {
        /// By quantity.
        Quantity => "quantity",
        /// By start date.
        StartDate => "startDate",
        /// By end date.
        EndDate => "endDate",
        /// By creation date.
        CreatedDate => "createdDate",
        /// By the date billing starts.
        BillingStart => "billingStart",
        /// By price.
        Price => "price",
    }
}

/// The commitment of a subscription: `{id, term, endDate}`. Monthly subscriptions have none.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SubscriptionCommitment {
    /// Id of the commitment record.
    #[serde(default)]
    pub id: Option<Uuid>,
    /// Duration of the commitment, e.g. `3-Year`.
    #[serde(default)]
    pub term: Option<String>,
    /// When the commitment ends.
    #[serde(default, with = "datetime_opt")]
    pub end_date: Option<OffsetDateTime>,
}

/// A subscription as Pax8 returns it. Every field Pax8 may leave out is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Subscription {
    /// Id.
    #[serde(default)]
    pub id: Uuid,
    /// The subscription this one depends on, if any.
    #[serde(default)]
    pub parent_subscription_id: Option<Uuid>,
    /// The company that holds the subscription.
    #[serde(default)]
    pub company_id: Uuid,
    /// The product subscribed to.
    #[serde(default)]
    pub product_id: Uuid,
    /// The vendor's id of this subscription.
    #[serde(default)]
    pub vendor_subscription_id: Option<String>,
    /// The vendor's id of the SKU of this subscription.
    #[serde(default)]
    pub vendor_sku_id: Option<String>,
    /// Number of units.
    #[serde(default)]
    pub quantity: Option<f64>,
    /// Start.
    #[serde(default, with = "datetime_opt")]
    pub start_date: Option<OffsetDateTime>,
    /// End, when one is set (e.g. a pending cancellation).
    #[serde(default, with = "datetime_opt")]
    pub end_date: Option<OffsetDateTime>,
    /// Creation.
    #[serde(default, with = "datetime_opt")]
    pub created_date: Option<OffsetDateTime>,
    /// Last update.
    #[serde(default, with = "datetime_opt")]
    pub updated_date: Option<OffsetDateTime>,
    /// The day billing starts.
    #[serde(default, with = "date_opt")]
    pub billing_start: Option<Date>,
    /// Status.
    #[serde(default)]
    pub status: Option<SubscriptionStatus>,
    /// Unit price for the customer.
    #[serde(default)]
    pub price: Option<f64>,
    /// ISO 4217 currency code, e.g. `USD`.
    #[serde(default)]
    pub currency_code: Option<String>,
    /// Unit cost for the partner.
    #[serde(default)]
    pub partner_cost: Option<f64>,
    /// Name of the product.
    #[serde(default)]
    pub product_name: Option<String>,
    /// Billing term.
    #[serde(default)]
    pub billing_term: Option<BillingTerm>,
    /// The commitment, if any. Read from `commitment` (what the live API sends) or
    /// `commitmentTerm` (what the spec documents); absent or `null` is `None`.
    #[serde(default, alias = "commitmentTerm")]
    pub commitment: Option<SubscriptionCommitment>,
}

/// The body of a subscription update (PUT): only the fields set are sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[doc(hidden)] // the body of a builder; set through its setters
pub struct SubscriptionUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", with = "datetime_opt")]
    pub start_date: Option<OffsetDateTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_term: Option<BillingTerm>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn update_sends_only_the_fields_set() {
        let body = SubscriptionUpdate { quantity: Some(3), ..Default::default() };
        assert_eq!(serde_json::to_value(&body).unwrap(), serde_json::json!({"quantity": 3}));
        let body = SubscriptionUpdate {
            start_date: Some(datetime!(2000-10-31 1:30 -5)),
            billing_term: Some(BillingTerm::TwoYear),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"startDate": "2000-10-31T01:30:00.000-05:00", "billingTerm": "2-Year"})
        );
    }
}
