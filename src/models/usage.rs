//! Usage of usage-billed subscriptions: summaries per resource group, and daily lines.

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use super::common::{date_opt, wire_enum};

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

/// The usage of one subscription's resource group this month.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UsageSummary {
    /// Id.
    #[serde(default)]
    pub id: Uuid,
    /// Company id.
    #[serde(default)]
    pub company_id: Option<Uuid>,
    /// The subscription summarised (sent live, not in the spec's schema).
    #[serde(default)]
    pub subscription_id: Option<Uuid>,
    /// Product id.
    #[serde(default)]
    pub product_id: Option<Uuid>,
    /// Resource group.
    #[serde(default)]
    pub resource_group: Option<String>,
    /// Vendor name, e.g. `Microsoft`.
    #[serde(default)]
    pub vendor_name: Option<String>,
    /// Charges this month.
    #[serde(default)]
    pub current_charges: Option<f64>,
    /// ISO 4217 currency code, e.g. `USD`.
    #[serde(default)]
    pub currency_code: Option<String>,
    /// Partner total this month.
    #[serde(default)]
    pub partner_total: Option<f64>,
    /// True for a trial.
    #[serde(default)]
    pub is_trial: Option<bool>,
}

/// One product's usage on one day, within a usage summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UsageLine {
    /// The usage summary (often omitted by the live API).
    #[serde(default)]
    pub usage_summary_id: Option<Uuid>,
    /// The day the usage was recorded.
    #[serde(default, with = "date_opt")]
    pub usage_date: Option<Date>,
    /// Product name.
    #[serde(default)]
    pub product_name: Option<String>,
    /// Product id.
    #[serde(default)]
    pub product_id: Option<Uuid>,
    /// Unit of measure, e.g. `User`.
    #[serde(default)]
    pub unit_of_measure: Option<String>,
    /// Quantity used.
    #[serde(default)]
    pub quantity: Option<f64>,
    /// Charges for the line.
    #[serde(default)]
    pub current_charges: Option<f64>,
    /// Profit on the line.
    #[serde(default)]
    pub current_profit: Option<f64>,
    /// Partner total for the line.
    #[serde(default)]
    pub partner_total: Option<f64>,
    /// Unit price.
    #[serde(default)]
    pub unit_price: Option<f64>,
    /// ISO 4217 currency code, e.g. `USD`.
    #[serde(default)]
    pub currency_code: Option<String>,
    /// True for a trial.
    #[serde(default)]
    pub is_trial: Option<bool>,
}
