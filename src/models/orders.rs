//! Orders: what a partner buys for a company, one line item per product.

use std::collections::BTreeSet;

use crate::models::ids::{
    CommitmentId, CompanyId, OrderId, OrderLineItemId, ProductId, Reference, SubscriptionId, UserId,
};
use rust_decimal::Decimal;
use serde::Serialize;
use time::OffsetDateTime;

use super::common::{
    BillingTerm, Timestamp, checked_model, datetime_opt, null_as_empty, required_id, timestamp, unset_id, whole_number,
    wire_enum,
};

wire_enum! {
    /// Who placed an order.
    ///
    /// Orders read back `Pax8Partner` while creating one requires `Pax8 Partner`: both read
    /// as [`OrderedBy::Pax8Partner`], which writes `Pax8 Partner` (what an order's body needs),
    /// except inside an [`Order`] read from the wire, which writes back what it read.
    pub enum OrderedBy {
        /// The partner (you).
        Pax8Partner => "Pax8 Partner" | "Pax8Partner",
        /// The company itself, through self-service.
        Customer => "Customer",
        /// Pax8.
        Pax8 => "Pax8",
    }
}

checked_model! {
    /// An order as Pax8 returns it. A missing or malformed `companyId` fails the decode; the
    /// order's `id` is optional because a validation-only order (`mock(true)`) has none.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    #[serde(rename_all = "camelCase")]
    #[non_exhaustive]
    pub struct Order {
        /// Id; `None` for a validation-only order (`isMock=true`), which creates nothing.
        pub id: Option<OrderId>,
        /// The company the order is for (required).
        #[serde(default = "unset_id", deserialize_with = "required_id")]
        pub company_id: CompanyId,
        /// When the order was created, as precise as sent (the spec says date; a time is kept
        /// when one comes).
        #[serde(deserialize_with = "timestamp")]
        pub created_date: Option<Timestamp>,
        /// Who placed the order.
        pub ordered_by: Option<OrderedBy>,
        /// The user who placed the order.
        pub ordered_by_user_id: Option<Reference<UserId>>,
        /// Email of the user who placed the order.
        pub ordered_by_user_email: Option<String>,
        /// True when the order is dated in the future.
        pub is_scheduled: Option<bool>,
        /// The line items.
        #[serde(deserialize_with = "null_as_empty")]
        pub line_items: Vec<LineItem>,
    }
    "order", ids: ["companyId" => company_id]
}

checked_model! {
    /// A line item of an [`Order`] as Pax8 returns it. A missing or malformed `productId` fails
    /// the decode; the item's own `id` is optional (a validation-only order has none).
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    #[serde(rename_all = "camelCase")]
    #[non_exhaustive]
    pub struct LineItem {
        /// Id; `None` in a validation-only order.
        pub id: Option<OrderLineItemId>,
        /// The product ordered (required).
        #[serde(default = "unset_id", deserialize_with = "required_id")]
        pub product_id: ProductId,
        /// The subscription the line item created.
        pub subscription_id: Option<Reference<SubscriptionId>>,
        /// The commitment term chosen.
        pub commitment_term_id: Option<Reference<CommitmentId>>,
        /// When provisioning starts.
        #[serde(deserialize_with = "timestamp")]
        pub provision_start_date: Option<Timestamp>,
        /// Number of the line item within its order (sent on create; rarely read back).
        #[serde(deserialize_with = "whole_number")]
        pub line_item_number: Option<u32>,
        /// Billing term.
        pub billing_term: Option<BillingTerm>,
        /// The subscription this item depends on (sent on create; rarely read back).
        pub parent_subscription_id: Option<Reference<SubscriptionId>>,
        /// The line item of the same order this item depends on (sent on create; rarely read
        /// back).
        #[serde(deserialize_with = "whole_number")]
        pub parent_line_item_number: Option<u32>,
        /// Quantity, exact (`5` and `5.0` alike).
        #[serde(with = "crate::models::money::option")]
        pub quantity: Option<Decimal>,
    }
    "line item", ids: ["productId" => product_id]
}

/// A line item to order: see `orders().create()`.
///
/// Product, billing term and quantity are required (checked before sending). Line items
/// the caller does not number are numbered `1..n` in the order they were added (skipping
/// numbers the caller gave), so `parent_line_item_number(1)` names the first item.
///
/// ```
/// use pax8::models::{BillingTerm, NewLineItem};
/// # let product_id = uuid::Uuid::nil();
/// let item = NewLineItem::new(product_id, BillingTerm::Monthly, 5)
///     .provisioning_detail("msDomain", ["contoso"]);
/// # let _ = item;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewLineItem {
    #[serde(skip_serializing_if = "Option::is_none")]
    product_id: Option<ProductId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line_item_number: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commitment_term_id: Option<CommitmentId>,
    #[serde(skip_serializing_if = "Option::is_none", with = "datetime_opt")]
    provision_start_date: Option<OffsetDateTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    billing_term: Option<BillingTerm>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent_subscription_id: Option<SubscriptionId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent_line_item_number: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", with = "crate::models::money::option")]
    quantity: Option<Decimal>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    provisioning_details: Vec<ProvisioningAnswer>,
}

/// One answer to a product's provisioning question: `{ "key", "values" }`. Sent by order
/// line items and subscription updates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct ProvisioningAnswer {
    key: String,
    values: Vec<String>,
}

impl ProvisioningAnswer {
    /// Sets the answer to `key` in `answers`, replacing an earlier answer to the same key.
    pub(crate) fn set(
        answers: &mut Vec<ProvisioningAnswer>,
        key: impl Into<String>,
        values: impl IntoIterator<Item = impl Into<String>>,
    ) {
        let key = key.into();
        answers.retain(|a| a.key != key);
        answers.push(ProvisioningAnswer { key, values: values.into_iter().map(Into::into).collect() });
    }
}

impl NewLineItem {
    /// A line item with the three required fields. The quantity is any whole number
    /// (`5`, `5u32`, or a [`Decimal`]).
    pub fn new(product_id: impl Into<ProductId>, billing_term: BillingTerm, quantity: impl Into<Decimal>) -> Self {
        NewLineItem::default().product_id(product_id).billing_term(billing_term).quantity(quantity)
    }

    /// The product to order (required).
    pub fn product_id(mut self, id: impl Into<ProductId>) -> Self {
        self.product_id = Some(id.into());
        self
    }

    /// How often it is billed (required).
    pub fn billing_term(mut self, term: BillingTerm) -> Self {
        self.billing_term = Some(term);
        self
    }

    /// How many (required: a whole number, at least 1).
    pub fn quantity(mut self, quantity: impl Into<Decimal>) -> Self {
        self.quantity = Some(quantity.into());
        self
    }

    /// The number other line items of this order use to name it as their parent (Pax8's
    /// schema requires one). Optional here: items without one are numbered `1..n` before
    /// sending, skipping numbers given explicitly.
    pub fn line_item_number(mut self, n: u32) -> Self {
        self.line_item_number = Some(n);
        self
    }

    /// The commitment term, required when the product has `requiresCommitment`: pick one
    /// from `products().dependencies(id)` at least as long as the billing term.
    pub fn commitment_term_id(mut self, id: impl Into<CommitmentId>) -> Self {
        self.commitment_term_id = Some(id.into());
        self
    }

    /// When provisioning starts (sent as RFC 3339 with milliseconds).
    pub fn provision_start_date(mut self, at: OffsetDateTime) -> Self {
        self.provision_start_date = Some(at);
        self
    }

    /// An existing subscription this item depends on (e.g. an add-on's base licence).
    pub fn parent_subscription_id(mut self, id: impl Into<SubscriptionId>) -> Self {
        self.parent_subscription_id = Some(id.into());
        self
    }

    /// The line item of this same order this item depends on: its `line_item_number`
    /// (checked before sending).
    pub fn parent_line_item_number(mut self, n: u32) -> Self {
        self.parent_line_item_number = Some(n);
        self
    }

    /// Answers the provisioning question `key` (see `products().provision_details(id)`).
    /// Calling it again with the same key replaces the earlier answer.
    pub fn provisioning_detail(
        mut self,
        key: impl Into<String>,
        values: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        ProvisioningAnswer::set(&mut self.provisioning_details, key, values);
        self
    }

    /// Names the required fields that are missing, or `None`.
    pub(crate) fn missing(&self) -> Option<String> {
        let mut missing = Vec::new();
        if self.product_id.is_none_or(|id| id.is_nil()) {
            missing.push("product_id");
        }
        if self.billing_term.is_none() {
            missing.push("billing_term");
        }
        if self.quantity.is_none_or(|q| q < Decimal::ONE || !q.fract().is_zero()) {
            missing.push("quantity (a whole number, at least 1)");
        }
        (!missing.is_empty()).then(|| format!("a line item needs {}", missing.join(", ")))
    }
}

/// The body of an order create (see `orders().create()`). Line items without a number are
/// written with the one [`line_item_numbers`] gives them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NewOrder {
    pub(crate) company_id: Option<CompanyId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) ordered_by: Option<OrderedBy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) ordered_by_user_email: Option<String>,
    #[serde(serialize_with = "numbered")]
    pub(crate) line_items: Vec<NewLineItem>,
}

/// The number of each line item: its own, or else the smallest number from 1 up that no
/// item of the order uses, in the order the items were added.
fn line_item_numbers(items: &[NewLineItem]) -> Vec<u32> {
    let mut used: BTreeSet<u32> = items.iter().filter_map(|i| i.line_item_number).collect();
    let mut next = 1;
    items
        .iter()
        .map(|item| {
            item.line_item_number.unwrap_or_else(|| {
                while used.contains(&next) {
                    next += 1;
                }
                used.insert(next);
                next
            })
        })
        .collect()
}

/// Writes the line items with their numbers (see [`line_item_numbers`]).
fn numbered<S: serde::Serializer>(items: &[NewLineItem], s: S) -> Result<S::Ok, S::Error> {
    let numbers = line_item_numbers(items);
    s.collect_seq(items.iter().zip(numbers).map(|(item, n)| NewLineItem { line_item_number: Some(n), ..item.clone() }))
}

impl NewOrder {
    /// Names every problem that would make Pax8 refuse the order, or `None`: missing
    /// fields, a line item number used twice, a parent line item number that names no
    /// other item of the order.
    pub(crate) fn missing(&self) -> Option<String> {
        let mut why = Vec::new();
        if self.company_id.is_none_or(|id| id.is_nil()) {
            why.push("an order needs company_id".to_owned());
        }
        if self.line_items.is_empty() {
            why.push("an order needs at least one line item".to_owned());
        }
        let numbers = line_item_numbers(&self.line_items);
        for (i, (item, n)) in self.line_items.iter().zip(&numbers).enumerate() {
            if let Some(m) = item.missing() {
                why.push(format!("line item {i}: {m}"));
            }
            if numbers.iter().filter(|m| *m == n).count() > 1 {
                why.push(format!("line item {i}: line_item_number {n} is used by more than one line item"));
            }
            if let Some(parent) = item.parent_line_item_number
                && (parent == *n || !numbers.contains(&parent))
            {
                why.push(format!(
                    "line item {i}: parent_line_item_number {parent} is not the number of another line item of this order"
                ));
            }
        }
        (!why.is_empty()).then(|| why.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use uuid::Uuid;

    #[test]
    fn billing_term_reads_aliases_and_keeps_unknowns() {
        for (wire, term) in [
            ("Monthly", BillingTerm::Monthly),
            ("Annual", BillingTerm::Annual),
            ("2-Year", BillingTerm::TwoYear),
            ("3-Year", BillingTerm::ThreeYear),
            ("One-Time", BillingTerm::OneTime),
            ("1-Time", BillingTerm::OneTime),
            ("One-time", BillingTerm::OneTime),
            ("Trial", BillingTerm::Trial),
            ("Activation", BillingTerm::Activation),
        ] {
            assert_eq!(serde_json::from_value::<BillingTerm>(json!(wire)).unwrap(), term, "{wire}");
        }
        assert_eq!(serde_json::to_value(BillingTerm::OneTime).unwrap(), json!("One-Time"));
        let odd: BillingTerm = serde_json::from_value(json!("5-Year")).unwrap();
        assert_eq!(odd, BillingTerm::Other("5-Year".into()));
        assert_eq!(serde_json::to_value(&odd).unwrap(), json!("5-Year"));
    }

    #[test]
    fn ordered_by_reads_both_spellings_and_writes_the_spaced_one() {
        for wire in ["Pax8Partner", "Pax8 Partner"] {
            let o: OrderedBy = serde_json::from_value(json!(wire)).unwrap();
            assert_eq!(o, OrderedBy::Pax8Partner);
            assert_eq!(serde_json::to_value(&o).unwrap(), json!("Pax8 Partner"));
        }
        assert_eq!(OrderedBy::from_wire("Customer"), OrderedBy::Customer);
        assert_eq!(OrderedBy::from_wire("Pax8"), OrderedBy::Pax8);
        assert_eq!(OrderedBy::from_wire("Robot"), OrderedBy::Other("Robot".into()));
        assert_eq!(OrderedBy::Other("Robot".into()).to_string(), "Robot");
    }

    #[test]
    fn order_tolerates_unknown_null_and_odd_fields() {
        let o: Order = serde_json::from_value(json!({
            "id": "8e42de97-6bfe-4db5-864b-d2e4b18c71e2",
            "companyId": "fe7a2d5f-4a14-43ff-940e-a65cda66474a",
            "createdDate": "2023-08-11T11:33:12.314-0600",
            "orderedBy": "Pax8Partner",
            "status": "Complete",
            "lineItems": [{
                "productId": "e91bba5e-a9a3-483f-b036-f80165d410e3",
                "billingTerm": "10-Year",
                "provisionStartDate": "soon",
                "newThing": [1, 2]
            }]
        }))
        .unwrap();
        assert_eq!(o.created_date, Some(Timestamp::DateTime(time::macros::datetime!(2023-08-11 11:33:12.314 -6))));
        assert_eq!(o.ordered_by, Some(OrderedBy::Pax8Partner));
        assert!(o.is_scheduled.is_none() && o.ordered_by_user_id.is_none());
        let item = &o.line_items[0];
        assert_eq!(item.billing_term, Some(BillingTerm::Other("10-Year".into())));
        assert_eq!(item.provision_start_date, Some(Timestamp::Unparsed("soon".into())));
        assert!(item.quantity.is_none());
        let back = serde_json::to_value(&o).unwrap();
        assert_eq!(back["lineItems"][0]["billingTerm"], "10-Year");
        // Written back as read; a new order's line item still sends the spaced spelling.
        assert_eq!(back["orderedBy"], "Pax8Partner");
        assert_eq!(back["createdDate"], "2023-08-11T11:33:12.314-0600");
        let new = NewOrder { ordered_by: o.ordered_by.clone(), ..Default::default() };
        assert_eq!(serde_json::to_value(&new).unwrap()["orderedBy"], "Pax8 Partner");

        let o: Order =
            serde_json::from_value(json!({"companyId": "fe7a2d5f-4a14-43ff-940e-a65cda66474a", "lineItems": null}))
                .unwrap();
        assert!(o.line_items.is_empty());
    }

    #[test]
    fn new_line_item_serialises_only_what_is_set() {
        let parent = Uuid::from_u128(7);
        let item = NewLineItem::new(Uuid::from_u128(1), BillingTerm::Annual, 3)
            .line_item_number(2)
            .parent_line_item_number(1)
            .parent_subscription_id(parent)
            .provision_start_date(time::macros::datetime!(2000-10-31 1:30 -5))
            .provisioning_detail("a", ["1"])
            .provisioning_detail("b", vec![String::from("x"), String::from("y")])
            .provisioning_detail("a", ["2"]);
        assert_eq!(
            serde_json::to_value(&item).unwrap(),
            json!({
                "productId": "00000000-0000-0000-0000-000000000001",
                "lineItemNumber": 2,
                "billingTerm": "Annual",
                "parentSubscriptionId": parent,
                "parentLineItemNumber": 1,
                "provisionStartDate": "2000-10-31T01:30:00.000-05:00",
                "quantity": 3,
                "provisioningDetails": [{"key": "b", "values": ["x", "y"]}, {"key": "a", "values": ["2"]}]
            })
        );
        assert_eq!(serde_json::to_value(NewLineItem::default()).unwrap(), json!({}));
    }

    #[test]
    fn create_lists_every_problem() {
        let why = NewOrder::default().missing().unwrap();
        assert!(why.contains("company_id") && why.contains("at least one line item"), "{why}");
        let body = NewOrder {
            company_id: Some(Uuid::from_u128(9).into()),
            line_items: vec![
                NewLineItem::new(Uuid::from_u128(1), BillingTerm::Monthly, 1),
                NewLineItem::new(Uuid::nil(), BillingTerm::Monthly, 0),
                NewLineItem::default().line_item_number(3),
            ],
            ..NewOrder::default()
        };
        assert_eq!(
            body.missing().as_deref(),
            Some(
                "line item 1: a line item needs product_id, quantity (a whole number, at least 1); \
                 line item 2: a line item needs product_id, billing_term, quantity (a whole number, at least 1)"
            )
        );
        let ok = NewOrder { line_items: vec![NewLineItem::new(Uuid::from_u128(1), BillingTerm::Trial, 1)], ..body };
        assert_eq!(ok.missing(), None);
    }
    #[test]
    fn a_mock_order_decodes_without_ids() {
        let o: Order = serde_json::from_value(json!({
            "companyId": "fe7a2d5f-4a14-43ff-940e-a65cda66474a", "createdDate": null, "isScheduled": null,
            "lineItems": [{"id": null, "productId": "e91bba5e-a9a3-483f-b036-f80165d410e3", "subscriptionId": null,
                           "lineItemNumber": 1.0, "parentLineItemNumber": null, "quantity": 5.0,
                           "billingTerm": "Monthly"}]
        }))
        .unwrap();
        assert_eq!((o.id, o.created_date.as_ref(), o.is_scheduled), (None, None, None));
        let item = &o.line_items[0];
        assert_eq!((item.id, item.subscription_id.as_ref()), (None, None));
        assert_eq!((item.line_item_number, item.parent_line_item_number), (Some(1), None));
        assert_eq!(item.quantity, Some(Decimal::from(5)));
        // The ids an order cannot do without still fail by name.
        let err = serde_json::from_value::<Order>(json!({"lineItems": []})).unwrap_err();
        assert_eq!(err.to_string(), "order: required id `companyId` is missing, null or not a UUID");
        let err = serde_json::from_value::<Order>(json!({
            "companyId": "fe7a2d5f-4a14-43ff-940e-a65cda66474a", "lineItems": [{"productId": "aaaee3f-262c"}]
        }))
        .unwrap_err();
        assert_eq!(err.to_string(), "line item: required id `productId` is missing, null or not a UUID");
    }

    #[test]
    fn created_date_keeps_its_time() {
        let o: Order = serde_json::from_value(json!({
            "companyId": "fe7a2d5f-4a14-43ff-940e-a65cda66474a", "createdDate": "2020-12-01T13:20:13.153-07:00"
        }))
        .unwrap();
        assert_eq!(o.created_date, Some(Timestamp::DateTime(time::macros::datetime!(2020-12-01 13:20:13.153 -7))));
    }

    fn order(items: Vec<NewLineItem>) -> NewOrder {
        NewOrder { company_id: Some(Uuid::from_u128(9).into()), line_items: items, ..NewOrder::default() }
    }

    fn item() -> NewLineItem {
        NewLineItem::new(Uuid::from_u128(1), BillingTerm::Monthly, 1)
    }

    #[test]
    fn line_items_are_numbered_and_parents_checked() {
        let written = |body: &NewOrder| -> Vec<serde_json::Value> {
            let v = serde_json::to_value(body).unwrap();
            v["lineItems"].as_array().unwrap().iter().map(|i| i["lineItemNumber"].clone()).collect()
        };
        let body = order(vec![item(), item().parent_line_item_number(1), item()]);
        assert_eq!(written(&body), [json!(1), json!(2), json!(3)]);
        assert_eq!(body.missing(), None);
        assert_eq!(body.line_items[0].line_item_number, None, "the caller's items are left as they are");
        // Numbers given by the caller are kept and skipped.
        let body = order(vec![item(), item().line_item_number(1), item().line_item_number(3), item()]);
        assert_eq!(written(&body), [json!(2), json!(1), json!(3), json!(4)]);

        let body = order(vec![item(), item().parent_line_item_number(5), item().parent_line_item_number(3)]);
        assert_eq!(
            body.missing().as_deref(),
            Some(
                "line item 1: parent_line_item_number 5 is not the number of another line item of this order; \
                 line item 2: parent_line_item_number 3 is not the number of another line item of this order"
            )
        );
        let body = order(vec![item().line_item_number(2), item().line_item_number(2)]);
        assert_eq!(
            body.missing().as_deref(),
            Some(
                "line item 0: line_item_number 2 is used by more than one line item; \
                 line item 1: line_item_number 2 is used by more than one line item"
            )
        );
        let body = order(vec![item().quantity(Decimal::new(15, 1))]);
        assert!(body.missing().unwrap().contains("quantity (a whole number, at least 1)"));
    }
}
