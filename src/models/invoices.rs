//! Invoices, their items, and the draft items of the invoice to come.

use std::fmt;

use crate::models::ids::{CompanyId, InvoiceId, InvoiceItemId, ProductId, Reference, SubscriptionId};
use rust_decimal::Decimal;
use serde::Serialize;

use super::common::{Timestamp, checked_model, required_id, timestamp, unset_id, wire_enum};

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

checked_model! {
    /// An invoice as Pax8 returns it. Every field Pax8 may leave out is optional; a missing or
    /// malformed `id` fails the decode. Amounts are exact [`Decimal`]s.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    #[serde(rename_all = "camelCase")]
    #[non_exhaustive]
    pub struct Invoice {
        /// Id (required).
        #[serde(default = "unset_id", deserialize_with = "required_id")]
        pub id: InvoiceId,
        /// The date the invoice is for.
        #[serde(deserialize_with = "timestamp")]
        pub invoice_date: Option<Timestamp>,
        /// The date payment is due.
        #[serde(deserialize_with = "timestamp")]
        pub due_date: Option<Timestamp>,
        /// Status (not in the spec's schema, sent live).
        pub status: Option<InvoiceStatus>,
        /// Current balance.
        #[serde(with = "crate::models::money::option")]
        pub balance: Option<Decimal>,
        /// Balance outstanding up to the invoice date.
        #[serde(with = "crate::models::money::option")]
        pub carried_balance: Option<Decimal>,
        /// Total due.
        #[serde(with = "crate::models::money::option")]
        pub total: Option<Decimal>,
        /// ISO 4217 currency code, e.g. `USD`.
        pub currency_code: Option<String>,
        /// Name of the invoiced partner.
        pub partner_name: Option<String>,
        /// Company id, when the invoice is for one company.
        pub company_id: Option<Reference<CompanyId>>,
        /// The company's external id.
        pub external_id: Option<String>,
    }
    "invoice", ids: ["id" => id]
}

checked_model! {
    /// A line of an invoice, or of the draft of the next one. Amounts and the quantity are exact
    /// [`Decimal`]s.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct InvoiceItem {
        /// Id (often absent).
        pub id: Option<InvoiceItemId>,
        /// Kind of item (`type` on the wire).
        #[serde(rename = "type")]
        pub item_type: Option<InvoiceItemType>,
        /// Purchase order number.
        pub purchase_order_number: Option<String>,
        /// Company id.
        pub company_id: Option<Reference<CompanyId>>,
        /// The company's external id.
        pub external_id: Option<String>,
        /// Company name.
        pub company_name: Option<String>,
        /// First day of the period billed.
        #[serde(deserialize_with = "timestamp")]
        pub start_period: Option<Timestamp>,
        /// Last day of the period billed.
        #[serde(deserialize_with = "timestamp")]
        pub end_period: Option<Timestamp>,
        /// Quantity.
        #[serde(with = "crate::models::money::option")]
        pub quantity: Option<Decimal>,
        /// Unit of measure, e.g. `User`.
        pub unit_of_measure: Option<String>,
        /// Billing term.
        pub term: Option<InvoiceItemTerm>,
        /// Product SKU.
        pub sku: Option<String>,
        /// Description.
        pub description: Option<String>,
        /// Details.
        pub details: Option<String>,
        /// Rate type.
        pub rate_type: Option<InvoiceRateType>,
        /// Charge type.
        pub charge_type: Option<InvoiceChargeType>,
        /// Customer unit price.
        #[serde(with = "crate::models::money::option")]
        pub price: Option<Decimal>,
        /// Customer subtotal: services plus billing fees.
        #[serde(with = "crate::models::money::option")]
        pub sub_total: Option<Decimal>,
        /// Partner unit cost.
        #[serde(with = "crate::models::money::option")]
        pub cost: Option<Decimal>,
        /// Partner total cost.
        #[serde(with = "crate::models::money::option")]
        pub cost_total: Option<Decimal>,
        /// Who offers the product, e.g. `Pax8`.
        pub offered_by: Option<String>,
        /// True when Pax8 bills the item directly.
        pub billed_by_pax8: Option<bool>,
        /// Customer total, services and fees included.
        #[serde(with = "crate::models::money::option")]
        pub total: Option<Decimal>,
        /// Product id.
        pub product_id: Option<Reference<ProductId>>,
        /// Product name.
        pub product_name: Option<String>,
        /// Pax8's fee for billing on the partner's behalf.
        #[serde(with = "crate::models::money::option")]
        pub billing_fee: Option<Decimal>,
        /// Rate of that fee.
        #[serde(with = "crate::models::money::option")]
        pub billing_fee_rate: Option<Decimal>,
        /// Final amount due for the item on this invoice.
        #[serde(with = "crate::models::money::option")]
        pub amount_due: Option<Decimal>,
        /// ISO 4217 currency code, e.g. `USD`.
        pub currency_code: Option<String>,
        /// Sales tax.
        #[serde(with = "crate::models::money::option")]
        pub sales_tax: Option<Decimal>,
        /// The subscription billed (absent for products without one).
        pub subscription_id: Option<Reference<SubscriptionId>>,
        /// Vendor name.
        pub vendor_name: Option<String>,
    }
    "invoice item"
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
    #[test]
    fn amounts_are_exact_and_dates_keep_their_text() {
        let i: InvoiceItem = serde_json::from_str(
            r#"{"price":0.1,"subTotal":0.2,"total":0.30,"quantity":2.5,"billingFeeRate":0.035,"salesTax":null,
                "startPeriod":"2019-04-01","endPeriod":"04/30/2019","id":null}"#,
        )
        .unwrap();
        assert_eq!(i.price.unwrap() + i.sub_total.unwrap(), i.total.unwrap());
        assert_eq!(i.total.unwrap().to_string(), "0.30");
        assert_eq!((i.quantity, i.billing_fee_rate), (Some(Decimal::new(25, 1)), Some(Decimal::new(35, 3))));
        assert_eq!((i.sales_tax, i.id), (None, None));
        assert_eq!(i.start_period, Some(Timestamp::Date(time::macros::date!(2019 - 04 - 01))));
        assert_eq!(i.end_period, Some(Timestamp::Unparsed("04/30/2019".into())));
        let back = serde_json::to_string(&i).unwrap();
        assert!(back.contains(r#""total":0.30,"#) && back.contains(r#""endPeriod":"04/30/2019""#), "{back}");
        let err = serde_json::from_str::<Invoice>(r#"{"total":1}"#).unwrap_err();
        assert_eq!(err.to_string(), "invoice: required id `id` is missing, null or not a UUID");
    }
}
