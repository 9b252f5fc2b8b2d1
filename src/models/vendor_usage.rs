//! The vendor usage API's models: usage lines a vendor saves and reads per subscription and
//! billing period, and the billing period itself.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::models::ids::ProductId;

/// The longest `summaryKey` and `summaryDisplayName` the API takes, in characters.
pub(crate) const MAX_SUMMARY_CHARS: usize = 255;

/// A billing period: a year and a month, sent as `yyyy-MM`. Built from numbers, never from a
/// hand-formatted string, so `2026-11` cannot be mistyped `2026-1` or `11-2026`.
///
/// ```
/// use pax8::models::BillingPeriod;
/// assert_eq!(BillingPeriod::new(2026, 3).unwrap().to_string(), "2026-03");
/// assert!(BillingPeriod::new(2026, 13).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BillingPeriod {
    year: u16,
    month: u8,
}

impl BillingPeriod {
    /// The period of `month` (1 to 12) of `year` (1 to 9999); `None` for anything else.
    pub fn new(year: u16, month: u8) -> Option<Self> {
        ((1..=9999).contains(&year) && (1..=12).contains(&month)).then_some(BillingPeriod { year, month })
    }

    /// The year.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(&self) -> u8 {
        self.month
    }
}

impl From<time::Date> for BillingPeriod {
    /// The period a day falls in.
    fn from(d: time::Date) -> Self {
        // `time` dates run from year -9999 to 9999; a year before 1 is taken as 1.
        BillingPeriod { year: d.year().clamp(1, 9999) as u16, month: u8::from(d.month()) }
    }
}

impl fmt::Display for BillingPeriod {
    /// `yyyy-MM`, as the API takes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// One usage line of a vendor's product: what a usage-billed subscription used, under a
/// summary key. The quantity is an exact [`Decimal`] (never below 0).
///
/// Saved with [`save_lines`](crate::resources::VendorUsageHandler::save_lines), read back with
/// [`lines`](crate::resources::VendorUsageHandler::lines).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct VendorUsageLine {
    /// The key the lines are summarised under (at most 255 characters).
    pub summary_key: String,
    /// The summary's name as partners see it (at most 255 characters).
    pub summary_display_name: String,
    /// Quantity used (at least 0).
    #[serde(with = "crate::models::money")]
    pub quantity: Decimal,
    /// The product.
    pub product_id: ProductId,
    /// The unit of the quantity, e.g. `GB`.
    pub unit_of_measurement: String,
}

impl VendorUsageLine {
    /// A line with every field the API requires.
    pub fn new(
        product_id: impl Into<ProductId>,
        summary_key: impl Into<String>,
        summary_display_name: impl Into<String>,
        quantity: Decimal,
        unit_of_measurement: impl Into<String>,
    ) -> Self {
        VendorUsageLine {
            summary_key: summary_key.into(),
            summary_display_name: summary_display_name.into(),
            quantity,
            product_id: product_id.into(),
            unit_of_measurement: unit_of_measurement.into(),
        }
    }

    /// What is wrong with the line, checked before sending.
    pub(crate) fn problem(&self) -> Option<String> {
        for (name, value) in [("summary_key", &self.summary_key), ("summary_display_name", &self.summary_display_name)]
        {
            let n = value.chars().count();
            if value.trim().is_empty() {
                return Some(format!("a usage line needs a {name}"));
            }
            if n > MAX_SUMMARY_CHARS {
                return Some(format!("{name} is {n} characters; at most {MAX_SUMMARY_CHARS} are allowed"));
            }
        }
        if self.quantity.is_sign_negative() && !self.quantity.is_zero() {
            return Some(format!("quantity {} is below 0", self.quantity));
        }
        if self.unit_of_measurement.trim().is_empty() {
            return Some("a usage line needs a unit_of_measurement".into());
        }
        if self.product_id.is_nil() {
            return Some("a usage line needs a product_id".into());
        }
        None
    }
}

/// A usage line for aggregate pricing: the fields of a [`VendorUsageLine`] plus the partner's
/// aggregate quantity (an exact [`Decimal`], never below 0).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct AggregateUsageLine {
    /// The key the lines are summarised under (at most 255 characters).
    pub summary_key: String,
    /// The summary's name as partners see it (at most 255 characters).
    pub summary_display_name: String,
    /// Quantity used (at least 0).
    #[serde(with = "crate::models::money")]
    pub quantity: Decimal,
    /// The product.
    pub product_id: ProductId,
    /// The unit of the quantity, e.g. `GB`.
    pub unit_of_measurement: String,
    /// The partner's aggregate quantity (at least 0).
    #[serde(with = "crate::models::money")]
    pub partner_aggregate_quantity: Decimal,
}

impl AggregateUsageLine {
    /// `line` with the partner's aggregate quantity.
    pub fn new(line: VendorUsageLine, partner_aggregate_quantity: Decimal) -> Self {
        let VendorUsageLine { summary_key, summary_display_name, quantity, product_id, unit_of_measurement } = line;
        AggregateUsageLine {
            summary_key,
            summary_display_name,
            quantity,
            product_id,
            unit_of_measurement,
            partner_aggregate_quantity,
        }
    }

    /// What is wrong with the line, checked before sending.
    pub(crate) fn problem(&self) -> Option<String> {
        let line = VendorUsageLine::new(
            self.product_id,
            self.summary_key.as_str(),
            self.summary_display_name.as_str(),
            self.quantity,
            self.unit_of_measurement.as_str(),
        );
        line.problem().or_else(|| {
            (self.partner_aggregate_quantity.is_sign_negative() && !self.partner_aggregate_quantity.is_zero())
                .then(|| format!("partner_aggregate_quantity {} is below 0", self.partner_aggregate_quantity))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn billing_periods_are_year_and_month() {
        assert_eq!(BillingPeriod::new(2026, 11).unwrap().to_string(), "2026-11");
        assert_eq!(BillingPeriod::new(987, 1).unwrap().to_string(), "0987-01");
        assert_eq!(BillingPeriod::new(2026, 0), None);
        assert_eq!(BillingPeriod::new(0, 5), None);
        assert_eq!(BillingPeriod::from(time::macros::date!(2026 - 02 - 28)).to_string(), "2026-02");
    }

    #[test]
    fn lines_are_checked() {
        let p = ProductId::from(uuid::Uuid::from_u128(7));
        let ok = VendorUsageLine::new(p, "k", "Storage", dec("0"), "GB");
        assert_eq!(ok.problem(), None);
        let mut bad = ok.clone();
        bad.quantity = dec("-0.001");
        assert!(bad.problem().unwrap().contains("below 0"));
        let mut long = ok.clone();
        long.summary_display_name = "ü".repeat(256);
        assert!(long.problem().unwrap().contains("256 characters"));
        long.summary_display_name = "ü".repeat(255);
        assert_eq!(long.problem(), None);
        let agg = AggregateUsageLine::new(ok, dec("-1"));
        assert!(agg.problem().unwrap().contains("partner_aggregate_quantity"));
    }

    #[test]
    fn aggregate_lines_are_flat_on_the_wire_with_exact_numbers() {
        let p = ProductId::from(uuid::Uuid::from_u128(7));
        let agg =
            AggregateUsageLine::new(VendorUsageLine::new(p, "k", "S", dec("12.345678901234567890"), "GB"), dec("3"));
        let text = serde_json::to_string(&agg).unwrap();
        assert_eq!(
            text,
            r#"{"summaryKey":"k","summaryDisplayName":"S","quantity":12.345678901234567890,"productId":"00000000-0000-0000-0000-000000000007","unitOfMeasurement":"GB","partnerAggregateQuantity":3}"#
        );
    }
}
