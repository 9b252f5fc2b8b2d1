//! Products: the Pax8 catalogue, with pricing, dependencies and provisioning questions.

use std::fmt;

use crate::models::ids::{CommitmentId, ProductId};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::common::{
    BillingTerm, checked_model, lenient_uuid, null_as_default, null_as_empty, required_id, unset_id, wire_enum,
};

wire_enum! {
    /// Fields a product list can be sorted by.
    pub enum ProductSort {
        /// By name.
        Name => "name",
        /// By vendor.
        Vendor => "vendor",
    }
}

wire_enum! {
    /// How a price is computed.
    pub enum PricingType {
        /// One price whatever the quantity.
        Flat => "Flat",
        /// The rate of the range the whole quantity falls in applies to every unit.
        Volume => "Volume",
        /// Each range of the quantity is charged at its own rate.
        Tiered => "Tiered",
        /// A mark-up on cost.
        MarkUp => "Mark-Up",
    }
}

wire_enum! {
    /// How a [`Rate`] applies to a quantity.
    pub enum ChargeType {
        /// The rate is multiplied by the quantity.
        PerUnit => "Per Unit",
        /// The rate is flat for any quantity in the range.
        FlatRate => "Flat Rate",
    }
}

wire_enum! {
    /// What kind of answer a provisioning question takes.
    pub enum ProvisioningValueType {
        /// Free text supplied by the user.
        Input => "Input",
        /// One value picked from `possible_values`.
        SingleValue => "Single-Value",
        /// One or more values picked from `possible_values`.
        MultiValue => "Multi-Value",
    }
}

checked_model! {
    /// A product of the catalogue, as lists and dependencies return it. A missing or malformed
    /// `id` fails the decode.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    #[serde(rename_all = "camelCase")]
    #[non_exhaustive]
    pub struct Product {
        /// Id (required).
        #[serde(default = "unset_id", deserialize_with = "required_id")]
        pub id: ProductId,
        /// Name (`null` reads as empty).
        #[serde(deserialize_with = "null_as_default")]
        pub name: String,
        /// Vendor name, e.g. `Microsoft`.
        pub vendor_name: Option<String>,
        /// A short description.
        pub short_description: Option<String>,
        /// The Pax8 SKU.
        pub sku: Option<String>,
        /// The vendor's SKU. For Microsoft products see [`Product::parsed_vendor_sku`].
        pub vendor_sku: Option<String>,
        /// The Microsoft legacy SKU (deprecated by Pax8 in favour of `vendor_sku`). Kept as a
        /// string: documented as a UUID, not relied on.
        pub alt_vendor_sku: Option<String>,
        /// True when ordering the product needs a commitment term.
        pub requires_commitment: Option<bool>,
    }
    "product", ids: ["id" => id]
}

impl Product {
    /// The Microsoft product and SKU ids in `vendor_sku`, when it has one of the known
    /// shapes (see [`parse_vendor_sku`]).
    pub fn parsed_vendor_sku(&self) -> Option<VendorSku> {
        self.vendor_sku.as_deref().and_then(parse_vendor_sku)
    }
}

/// One product with its long description (`products().get(id)`).
///
/// The fields shared with every product are in [`product`](ProductDetail::product); on the
/// wire they sit beside `description` in one object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct ProductDetail {
    /// The product.
    #[serde(flatten)]
    pub product: Product,
    /// A long description.
    pub description: Option<String>,
}

/// What a product needs: commitment terms to choose from, and products that must be
/// bought with it or before it (`products().dependencies(id)`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Dependencies {
    /// The commitment terms the product can be ordered with.
    #[serde(deserialize_with = "null_as_empty")]
    pub commitment_dependencies: Vec<Commitment>,
    /// Constraints on other products.
    #[serde(deserialize_with = "null_as_empty")]
    pub product_dependencies: Vec<ProductDependency>,
}

/// A constraint on other products, e.g. `Requires` with the products that satisfy it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct ProductDependency {
    /// Name of the constraint.
    pub name: Option<String>,
    /// Products that satisfy it.
    #[serde(deserialize_with = "null_as_empty")]
    pub products: Vec<Product>,
}

checked_model! {
    /// A commitment term a product can be ordered with. A missing or malformed `id` fails the
    /// decode.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    #[serde(rename_all = "camelCase")]
    #[non_exhaustive]
    pub struct Commitment {
        /// Id, to pass as a line item's `commitment_term_id` (required).
        #[serde(default = "unset_id", deserialize_with = "required_id")]
        pub id: CommitmentId,
        /// Duration, e.g. `3-Year`.
        pub term: Option<String>,
        /// True when it renews by itself at the end of the term.
        pub auto_renew: Option<bool>,
        /// Days before the end of the term when the renewal window opens (a `number` in the
        /// spec: `5`, `5.0`, `1.5` and `-1` are read exactly, and written back as read).
        #[serde(with = "crate::models::money::option")]
        pub renewal_window_days_before_term_end: Option<Decimal>,
        /// Days after the end of the term when the renewal window closes (a `number` in the
        /// spec, read exactly as [`renewal_window_days_before_term_end`](Self::renewal_window_days_before_term_end)).
        #[serde(with = "crate::models::money::option")]
        pub renewal_window_days_after_term_end: Option<Decimal>,
        /// True when the quantity can go up during the term.
        pub allow_for_quantity_increase: Option<bool>,
        /// True when the quantity can go down during the term.
        pub allow_for_quantity_decrease: Option<bool>,
        /// True when it can be cancelled before the end of the term.
        pub allow_for_early_cancellation: Option<bool>,
        /// True when cancelling costs a fee.
        pub cancellation_fee_applied: Option<bool>,
        /// True when it can move to another company.
        pub is_transferable: Option<bool>,
    }
    "commitment", ids: ["id" => id]
}

checked_model! {
    /// The price of a product for one billing term (`products().pricing(id)`). `productId` is
    /// not guaranteed (an earlier published spec had no such field): absent, `null` or not a UUID,
    /// it is `None`, and the entry is kept.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct Pricing {
        /// The product, when the entry names it.
        #[serde(deserialize_with = "lenient_uuid", skip_serializing_if = "Option::is_none")]
        pub product_id: Option<ProductId>,
        /// Its name.
        pub product_name: Option<String>,
        /// The billing term these rates are for.
        pub billing_term: Option<BillingTerm>,
        /// Duration of the commitment, e.g. `3-Year`.
        pub commitment_term: Option<String>,
        /// Duration of the commitment in months (a `number` in the spec: `12`, `12.0` and
        /// `1.5` are read exactly, and written back as read).
        #[serde(with = "crate::models::money::option")]
        pub commitment_term_in_months: Option<Decimal>,
        /// How the price is computed (wire name `type`).
        #[serde(rename = "type")]
        pub kind: Option<PricingType>,
        /// Unit, e.g. `Each`.
        pub unit_of_measurement: Option<String>,
        /// The rates, by quantity range.
        #[serde(deserialize_with = "null_as_empty")]
        pub rates: Vec<Rate>,
    }
    "pricing"
}

/// A rate for a range of quantities. Rates and quantity bounds are exact [`Decimal`]s.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Rate {
    /// What the partner pays.
    #[serde(with = "crate::models::money::option")]
    pub partner_buy_rate: Option<Decimal>,
    /// The suggested price for the customer.
    #[serde(with = "crate::models::money::option")]
    pub suggested_retail_price: Option<Decimal>,
    /// Start of the quantity range (0 when absent).
    #[serde(with = "crate::models::money::option")]
    pub start_quantity_range: Option<Decimal>,
    /// End of the quantity range; `None` for no end.
    #[serde(with = "crate::models::money::option")]
    pub end_quantity_range: Option<Decimal>,
    /// How the rate applies to the quantity.
    pub charge_type: Option<ChargeType>,
}

/// A question to answer when ordering a product (`products().provision_details(id)`);
/// answer it with `NewLineItem::provisioning_detail(key, values)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct ProvisioningDetail {
    /// The label to show.
    pub label: Option<String>,
    /// The key to answer with (`null` reads as empty).
    #[serde(deserialize_with = "null_as_default")]
    pub key: String,
    /// Instructions.
    pub description: Option<String>,
    /// What kind of answer it takes.
    pub value_type: Option<ProvisioningValueType>,
    /// The values to pick from (empty for `Input`).
    #[serde(deserialize_with = "null_as_empty")]
    pub possible_values: Vec<String>,
    /// Values, when Pax8 sends any (the schema lists them for requests only).
    #[serde(deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

/// The Microsoft product and SKU ids read from a `vendorSku`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VendorSku {
    /// Microsoft product id, e.g. `CFQ7TTC0LF8Q`.
    pub product_id: String,
    /// Microsoft SKU id, e.g. `0001`. A number on the wire is kept as its decimal text
    /// (`1`), without padding.
    pub sku_id: String,
}

impl fmt::Display for VendorSku {
    /// `productId:skuId`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.product_id, self.sku_id)
    }
}

/// Reads a Microsoft `vendorSku` in either shape seen on the wire: JSON inside the string
/// (`{"productId":"CFQ7TTC0LF8Q","skuId":"0001",...}`, `skuId` a string or a number) or
/// `productId:skuId`. Returns `None` for anything else (other vendors' SKUs, legacy GUIDs).
///
/// ```
/// let sku = pax8::models::parse_vendor_sku("CFQ7TTC0LF8Q:0001").unwrap();
/// assert_eq!((sku.product_id.as_str(), sku.sku_id.as_str()), ("CFQ7TTC0LF8Q", "0001"));
/// assert!(pax8::models::parse_vendor_sku("796B6B5F-613C-4E24-A17C-EBA730D49C02").is_none());
/// ```
pub fn parse_vendor_sku(s: &str) -> Option<VendorSku> {
    let s = s.trim();
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s.trim().to_owned()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let (product_id, sku_id) = if s.starts_with('{') {
        let v: serde_json::Value = serde_json::from_str(s).ok()?;
        (text(v.get("productId")?)?, text(v.get("skuId")?)?)
    } else {
        let (p, k) = s.split_once(':')?;
        (p.trim().to_owned(), k.trim().to_owned())
    };
    let plain = |x: &str| !x.is_empty() && !x.contains([':', '{', '}', '"', ' ']);
    (plain(&product_id) && plain(&sku_id)).then_some(VendorSku { product_id, sku_id })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sku(p: &str, k: &str) -> Option<VendorSku> {
        Some(VendorSku { product_id: p.into(), sku_id: k.into() })
    }

    #[test]
    fn vendor_sku_in_every_known_shape() {
        assert_eq!(parse_vendor_sku("CFQ7TTC0LF8Q:0001"), sku("CFQ7TTC0LF8Q", "0001"));
        assert_eq!(parse_vendor_sku(" CFQ7TTC0LF8Q : 0002 "), sku("CFQ7TTC0LF8Q", "0002"));
        assert_eq!(
            parse_vendor_sku(r#"{"productId":"CFQ7TTC0LF8Q","skuId":"0001","availabilityId":"X"}"#),
            sku("CFQ7TTC0LF8Q", "0001")
        );
        assert_eq!(parse_vendor_sku(r#"{"skuId": 1, "productId": "DZH318Z0BQ3Q"}"#), sku("DZH318Z0BQ3Q", "1"));
        for bad in [
            "",
            "796B6B5F-613C-4E24-A17C-EBA730D49C02",
            "12345-AA-XYZ",
            ":0001",
            "CFQ7TTC0LF8Q:",
            "a:b:c",
            r#"{"productId":"CFQ7TTC0LF8Q"}"#,
            r#"{"productId":null,"skuId":"0001"}"#,
            r#"{"productId":"P","skuId":"#,
        ] {
            assert_eq!(parse_vendor_sku(bad), None, "{bad:?}");
        }
        assert_eq!(sku("P", "1").unwrap().to_string(), "P:1");
        let p = Product { vendor_sku: Some("P:0003".into()), ..Product::default() };
        assert_eq!(p.parsed_vendor_sku(), sku("P", "0003"));
    }

    #[test]
    fn product_detail_flattens_the_product() {
        let d: ProductDetail = serde_json::from_value(json!({
            "id": "e91bba5e-a9a3-483f-b036-f80165d410e3", "name": "E3", "description": "long",
            "requiresCommitment": true, "brandNew": {"x": 1}
        }))
        .unwrap();
        assert_eq!(d.product.name, "E3");
        assert_eq!(d.product.requires_commitment, Some(true));
        assert_eq!(d.description.as_deref(), Some("long"));
        let back = serde_json::to_value(&d).unwrap();
        assert_eq!((back["name"].as_str(), back["description"].as_str()), (Some("E3"), Some("long")));
    }

    #[test]
    fn models_tolerate_unknown_fields_values_and_nulls() {
        let p: Pricing = serde_json::from_value(json!({
            "productId": "e91bba5e-a9a3-483f-b036-f80165d410e3", "billingTerm": "1-Time",
            "type": "Per-Gigabyte", "commitmentTermInMonths": 12, "surprise": true,
            "rates": [{"partnerBuyRate": 1.5, "chargeType": "Per Minute", "endQuantityRange": null, "x": 0}]
        }))
        .unwrap();
        assert_eq!(p.billing_term, Some(BillingTerm::OneTime));
        assert_eq!(p.kind, Some(PricingType::Other("Per-Gigabyte".into())));
        assert_eq!(p.rates[0].charge_type, Some(ChargeType::Other("Per Minute".into())));
        let back = serde_json::to_value(&p).unwrap();
        assert_eq!(
            (back["type"].as_str(), back["rates"][0]["chargeType"].as_str()),
            (Some("Per-Gigabyte"), Some("Per Minute"))
        );
        let no_rates = json!({"productId": "e91bba5e-a9a3-483f-b036-f80165d410e3", "rates": null});
        assert!(serde_json::from_value::<Pricing>(no_rates).unwrap().rates.is_empty());

        let d: ProvisioningDetail =
            serde_json::from_value(json!({"key": "k", "valueType": "Date-Picker", "possibleValues": null, "other": 1}))
                .unwrap();
        assert_eq!(d.value_type, Some(ProvisioningValueType::Other("Date-Picker".into())));
        assert!(d.possible_values.is_empty());
        assert_eq!(serde_json::to_value(&d).unwrap()["valueType"], "Date-Picker");

        let deps: Dependencies = serde_json::from_value(json!({
            "commitmentDependencies": [{"id": "497f6eca-6276-4993-bfeb-53cbbbba6f08", "term": "5-Year", "extra": 1}],
            "productDependencies": [{"name": "Excludes", "products": null, "extra": []}],
            "newKind": {}
        }))
        .unwrap();
        assert_eq!(deps.commitment_dependencies[0].term.as_deref(), Some("5-Year"));
        assert!(deps.product_dependencies[0].products.is_empty());
        assert_eq!(serde_json::from_value::<Dependencies>(json!({})).unwrap(), Dependencies::default());

        let s: ProductSort = serde_json::from_value(json!("sku")).unwrap();
        assert_eq!(s.as_str(), "sku");
    }
    #[test]
    fn counts_read_five_point_zero_and_rates_are_exact() {
        let c: Commitment = serde_json::from_value(json!({
            "id": "497f6eca-6276-4993-bfeb-53cbbbba6f08", "renewalWindowDaysBeforeTermEnd": 5.0,
            "renewalWindowDaysAfterTermEnd": "30", "autoRenew": null
        }))
        .unwrap();
        let days = (c.renewal_window_days_before_term_end, c.renewal_window_days_after_term_end);
        assert_eq!(days, (Some(Decimal::from(5)), Some(Decimal::from(30))));
        assert_eq!(c.auto_renew, None);
        let p: Pricing = serde_json::from_str(
            r#"{"productId":"e91bba5e-a9a3-483f-b036-f80165d410e3","commitmentTermInMonths":12.0,
                "rates":[{"partnerBuyRate":145.80,"suggestedRetailPrice":0.1,"startQuantityRange":1.0,
                          "endQuantityRange":null}]}"#,
        )
        .unwrap();
        assert_eq!(p.commitment_term_in_months, Some(Decimal::from(12)));
        // Numbers, not integers: a fraction or a negative value is read exactly, not refused.
        let c: Commitment = serde_json::from_str(
            r#"{"id":"497f6eca-6276-4993-bfeb-53cbbbba6f08","renewalWindowDaysBeforeTermEnd":1.5,"renewalWindowDaysAfterTermEnd":-1}"#,
        )
        .unwrap();
        assert_eq!(c.renewal_window_days_before_term_end, Some(Decimal::new(15, 1)));
        assert_eq!(c.renewal_window_days_after_term_end, Some(Decimal::from(-1)));
        let text = serde_json::to_string(&c).unwrap();
        assert!(text.contains(r#""renewalWindowDaysBeforeTermEnd":1.5,"renewalWindowDaysAfterTermEnd":-1"#), "{text}");
        // A pricing entry without a product id (or with an odd one) is kept.
        let no_id: Pricing = serde_json::from_str(r#"{"commitmentTermInMonths":1.5,"rates":[]}"#).unwrap();
        assert_eq!((no_id.product_id, no_id.commitment_term_in_months), (None, Some(Decimal::new(15, 1))));
        let odd: Pricing = serde_json::from_str(r#"{"productId":"not-a-uuid","productName":"X"}"#).unwrap();
        assert_eq!((odd.product_id, odd.product_name.as_deref()), (None, Some("X")));
        let r = &p.rates[0];
        assert_eq!(r.partner_buy_rate.unwrap().to_string(), "145.80");
        assert_eq!(r.suggested_retail_price.unwrap() * Decimal::from(3), Decimal::new(3, 1));
        assert_eq!((r.start_quantity_range, r.end_quantity_range), (Some(Decimal::ONE), None));
        let err = serde_json::from_value::<Product>(json!({"name": "no id"})).unwrap_err();
        assert_eq!(err.to_string(), "product: required id `id` is missing, null or not a UUID");
        let p: Product =
            serde_json::from_value(json!({"id": "e91bba5e-a9a3-483f-b036-f80165d410e3", "name": null})).unwrap();
        assert_eq!(p.name, "");
    }
}
