//! Usage of usage-billed subscriptions: summaries per resource group, and daily lines.

use crate::models::ids::{CompanyId, ProductId, Reference, SubscriptionId, UsageSummaryId};
use rust_decimal::Decimal;
use serde::Serialize;

use super::common::{Timestamp, checked_model, required_id, timestamp, unset_id, wire_enum};

wire_enum! {
    /// Fields a usage summary list can be sorted by.
    pub enum UsageSummarySort {
        /// By resource group.
        ResourceGroup => "resourceGroup",
        /// By current charges.
        CurrentCharges => "currentCharges",
        /// By partner total.
        PartnerTotal => "partnerTotal",
    }
}

checked_model! {
    /// The usage of one subscription's resource group this month. A missing or malformed `id`
    /// fails the decode; amounts are exact [`Decimal`]s.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    #[serde(rename_all = "camelCase")]
    #[non_exhaustive]
    pub struct UsageSummary {
        /// Id (required).
        #[serde(default = "unset_id", deserialize_with = "required_id")]
        pub id: UsageSummaryId,
        /// Company id.
        pub company_id: Option<Reference<CompanyId>>,
        /// The subscription summarised (sent live, not in the spec's schema).
        pub subscription_id: Option<Reference<SubscriptionId>>,
        /// Product id.
        pub product_id: Option<Reference<ProductId>>,
        /// Resource group.
        pub resource_group: Option<String>,
        /// Vendor name, e.g. `Microsoft`.
        pub vendor_name: Option<String>,
        /// Charges this month.
        #[serde(with = "crate::models::money::option")]
        pub current_charges: Option<Decimal>,
        /// ISO 4217 currency code, e.g. `USD`.
        pub currency_code: Option<String>,
        /// Partner total this month.
        #[serde(with = "crate::models::money::option")]
        pub partner_total: Option<Decimal>,
        /// True for a trial.
        pub is_trial: Option<bool>,
    }
    "usage summary", ids: ["id" => id]
}

checked_model! {
    /// One product's usage on one day, within a usage summary. Amounts and the quantity are
    /// exact [`Decimal`]s.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct UsageLine {
        /// The usage summary (often omitted by the live API; text that is not a UUID is kept).
        pub usage_summary_id: Option<Reference<UsageSummaryId>>,
        /// The day the usage was recorded.
        #[serde(deserialize_with = "timestamp")]
        pub usage_date: Option<Timestamp>,
        /// Product name.
        pub product_name: Option<String>,
        /// Product id (text that is not a UUID, as in the spec's own example, is kept as sent).
        pub product_id: Option<Reference<ProductId>>,
        /// Unit of measure, e.g. `User`.
        pub unit_of_measure: Option<String>,
        /// Quantity used.
        #[serde(with = "crate::models::money::option")]
        pub quantity: Option<Decimal>,
        /// Charges for the line.
        #[serde(with = "crate::models::money::option")]
        pub current_charges: Option<Decimal>,
        /// Profit on the line.
        #[serde(with = "crate::models::money::option")]
        pub current_profit: Option<Decimal>,
        /// Partner total for the line.
        #[serde(with = "crate::models::money::option")]
        pub partner_total: Option<Decimal>,
        /// Unit price.
        #[serde(with = "crate::models::money::option")]
        pub unit_price: Option<Decimal>,
        /// ISO 4217 currency code, e.g. `USD`.
        pub currency_code: Option<String>,
        /// True for a trial.
        pub is_trial: Option<bool>,
    }
    "usage line"
}
