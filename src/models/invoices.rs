//! Invoices, their items, and the draft items of the invoice to come.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use super::common::{date_opt, wire_enum};

wire_enum! {
    /// Status of an invoice. Sent by the live API although the spec's schema omits it.
    pub enum InvoiceStatus {
        /// Not paid yet.
        Unpaid => "Unpaid",
        /// Paid.
        Paid => "Paid",
        /// Voided.
        Void => "Void",
        /// Balance carried over to a later invoice.
        Carried => "Carried",
        /// Nothing to pay (`Nothing Due`).
        NothingDue => "Nothing Due",
        /// Credited.
        Credited => "Credited",
    }
}

wire_enum! {
    /// Fields an invoice list can be sorted by.
    pub enum InvoiceSort {
        /// By invoice date.
        InvoiceDate => "invoiceDate",
        /// By due date.
        DueDate => "dueDate",
        /// By status.
        Status => "status",
        /// By partner name.
        PartnerName => "partnerName",
        /// By total.
        Total => "total",
        /// By balance.
        Balance => "balance",
        /// By carried balance.
        CarriedBalance => "carriedBalance",
    }
}

wire_enum! {
    /// Kind of an invoice item.
    pub enum InvoiceItemType {
        /// A rebate.
        Rebate => "rebate",
        /// A prorated charge or credit.
        Prorate => "prorate",
        /// A subscription charge.
        Subscription => "subscription",
        /// A payment credit.
        PaymentCredit => "payment-credit",
        /// A one-time charge.
        OneTime => "one-time",
        /// A service charge.
        ServiceCharge => "service-charge",
        /// A service credit.
        ServiceCredit => "service-credit",
        /// An invoice credit.
        InvoiceCredit => "invoice-credit",
    }
}

wire_enum! {
    /// Billing term of an invoice item. Spelled differently from
    /// [`BillingTerm`](super::BillingTerm): `3 Year`, `2 Year`.
    pub enum InvoiceItemTerm {
        /// Monthly.
        Monthly => "Monthly",
        /// Annual.
        Annual => "Annual",
        /// Two years (`2 Year`; also read from `2-Year`).
        TwoYear => "2 Year" | "2-Year",
        /// Three years (`3 Year`; also read from `3-Year`).
        ThreeYear => "3 Year" | "3-Year",
        /// Once (`One-Time`; also read from `One-time` and `1-Time`).
        OneTime => "One-Time" | "1-Time",
        /// Billed in arrears.
        Arrears => "Arrears",
        /// Trial.
        Trial => "Trial",
        /// Rebate.
        Rebate => "Rebate",
        /// Activation.
        Activation => "Activation",
    }
}

wire_enum! {
    /// How an invoice item is priced. The spec lists long descriptions
    /// (`flat (Single price ...)`); the wire sends the first word, in any case (`Flat`).
    /// Both are read, ignoring case; the first word in lowercase is written.
    pub enum InvoiceRateType {
        /// A percentage markup over a base cost.
        Markup => "markup"
            | "mark-up"
            | "markup (Percentage based markup over to be determined base cost)",
        /// One price for any quantity (same as flat).
        Single => "single" | "single (Single price for any quantity, same as flat)",
        /// One price for any quantity (same as single).
        Flat => "flat" | "flat (Single price for any quantity, same as single)",
        /// The price scales linearly with quantity.
        Volume => "volume" | "volume (Price scales linearly with quantity)",
        /// The price depends on quantity tiers.
        Tiered => "tiered" | "tiered (Price dependant on quantity)",
    }
}

wire_enum! {
    /// How the price of an invoice item applies.
    pub enum InvoiceChargeType {
        /// One charge, whatever the quantity.
        Flat => "flat",
        /// Per unit.
        Per => "per",
    }
}

/// Which month's draft invoice items to list (`monthOffset`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MonthOffset {
    /// The current month (`0`).
    Current = 0,
    /// Next month (`1`, Pax8's default).
    Next = 1,
}

impl fmt::Display for MonthOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", *self as u8)
    }
}

/// An invoice as Pax8 returns it. Every field Pax8 may leave out is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Invoice {
    /// Id.
    #[serde(default)]
    pub id: Uuid,
    /// The date the invoice is for.
    #[serde(default, with = "date_opt")]
    pub invoice_date: Option<Date>,
    /// The date payment is due.
    #[serde(default, with = "date_opt")]
    pub due_date: Option<Date>,
    /// Status (not in the spec's schema, sent live).
    #[serde(default)]
    pub status: Option<InvoiceStatus>,
    /// Current balance.
    #[serde(default)]
    pub balance: Option<f64>,
    /// Balance outstanding up to the invoice date.
    #[serde(default)]
    pub carried_balance: Option<f64>,
    /// Total due.
    #[serde(default)]
    pub total: Option<f64>,
    /// ISO 4217 currency code, e.g. `USD`.
    #[serde(default)]
    pub currency_code: Option<String>,
    /// Name of the invoiced partner.
    #[serde(default)]
    pub partner_name: Option<String>,
    /// Company id, when the invoice is for one company.
    #[serde(default)]
    pub company_id: Option<Uuid>,
    /// The company's external id.
    #[serde(default)]
    pub external_id: Option<String>,
}

/// A line of an invoice, or of the draft of the next one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct InvoiceItem {
    /// Id (often absent).
    #[serde(default)]
    pub id: Option<Uuid>,
    /// Kind of item (`type` on the wire).
    #[serde(default, rename = "type")]
    pub item_type: Option<InvoiceItemType>,
    /// Purchase order number.
    #[serde(default)]
    pub purchase_order_number: Option<String>,
    /// Company id.
    #[serde(default)]
    pub company_id: Option<Uuid>,
    /// The company's external id.
    #[serde(default)]
    pub external_id: Option<String>,
    /// Company name.
    #[serde(default)]
    pub company_name: Option<String>,
    /// First day of the period billed.
    #[serde(default, with = "date_opt")]
    pub start_period: Option<Date>,
    /// Last day of the period billed.
    #[serde(default, with = "date_opt")]
    pub end_period: Option<Date>,
    /// Quantity.
    #[serde(default)]
    pub quantity: Option<f64>,
    /// Unit of measure, e.g. `User`.
    #[serde(default)]
    pub unit_of_measure: Option<String>,
    /// Billing term.
    #[serde(default)]
    pub term: Option<InvoiceItemTerm>,
    /// Product SKU.
    #[serde(default)]
    pub sku: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Details.
    #[serde(default)]
    pub details: Option<String>,
    /// Rate type.
    #[serde(default)]
    pub rate_type: Option<InvoiceRateType>,
    /// Charge type.
    #[serde(default)]
    pub charge_type: Option<InvoiceChargeType>,
    /// Customer unit price.
    #[serde(default)]
    pub price: Option<f64>,
    /// Customer subtotal: services plus billing fees.
    #[serde(default)]
    pub sub_total: Option<f64>,
    /// Partner unit cost.
    #[serde(default)]
    pub cost: Option<f64>,
    /// Partner total cost.
    #[serde(default)]
    pub cost_total: Option<f64>,
    /// Who offers the product, e.g. `Pax8`.
    #[serde(default)]
    pub offered_by: Option<String>,
    /// True when Pax8 bills the item directly.
    #[serde(default)]
    pub billed_by_pax8: Option<bool>,
    /// Customer total, services and fees included.
    #[serde(default)]
    pub total: Option<f64>,
    /// Product id.
    #[serde(default)]
    pub product_id: Option<Uuid>,
    /// Product name.
    #[serde(default)]
    pub product_name: Option<String>,
    /// Pax8's fee for billing on the partner's behalf.
    #[serde(default)]
    pub billing_fee: Option<f64>,
    /// Rate of that fee.
    #[serde(default)]
    pub billing_fee_rate: Option<f64>,
    /// Final amount due for the item on this invoice.
    #[serde(default)]
    pub amount_due: Option<f64>,
    /// ISO 4217 currency code, e.g. `USD`.
    #[serde(default)]
    pub currency_code: Option<String>,
    /// Sales tax.
    #[serde(default)]
    pub sales_tax: Option<f64>,
    /// The subscription billed (absent for products without one).
    #[serde(default)]
    pub subscription_id: Option<Uuid>,
    /// Vendor name.
    #[serde(default)]
    pub vendor_name: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_offset_is_a_number_on_the_wire() {
        assert_eq!(MonthOffset::Current.to_string(), "0");
        assert_eq!(MonthOffset::Next.to_string(), "1");
    }

    #[test]
    fn rate_type_reads_the_spec_and_the_wire() {
        assert_eq!(InvoiceRateType::from_wire("Flat"), InvoiceRateType::Flat);
        assert_eq!(InvoiceRateType::from_wire("flat"), InvoiceRateType::Flat);
        assert_eq!(
            InvoiceRateType::from_wire("markup (Percentage based markup over to be determined base cost)"),
            InvoiceRateType::Markup
        );
        assert_eq!(InvoiceRateType::from_wire("Tiered"), InvoiceRateType::Tiered);
        assert_eq!(InvoiceRateType::Flat.as_str(), "flat");
    }
}
