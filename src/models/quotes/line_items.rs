//! Line items of a quote: the model Pax8 returns and the add, update and bulk-delete bodies.

use crate::models::common::checked_model;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize, Serializer};
use time::OffsetDateTime;

use super::{AmountCurrency, QuoteBillingTerm, QuoteTotals};
use crate::models::common::{Timestamp, datetime_opt, timestamp, wire_enum};
use crate::models::ids::{CommitmentId, LineItemId, ProductId, Reference, SubscriptionId};

/// The most line items one quote can hold (the server answers `LINE_ITEM_LIMIT_EXCEEDED` beyond).
pub const MAX_LINE_ITEMS_PER_QUOTE: usize = 30;
/// The longest custom product name, in characters.
pub const MAX_PRODUCT_NAME_CHARS: usize = 255;
/// The longest custom product SKU, in characters.
pub const MAX_PRODUCT_SKU_CHARS: usize = 100;
/// The longest line item note, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;

wire_enum! {
    /// The kind of a line item (the bodies' `type` discriminator).
    pub enum LineItemType {
        /// A product of the Pax8 catalogue.
        Standard => "Standard",
        /// The partner's own product or service, by name and SKU.
        Custom => "Custom",
        /// A catalogue product billed on usage.
        UsageBased => "UsageBased",
    }
}

wire_enum! {
    /// The type of the product of a line item.
    pub enum QuoteProductType {
        /// A product on its own.
        Standalone => "Standalone",
        /// A solution.
        Solution => "Solution",
        /// A custom product of the partner.
        Custom => "Custom",
    }
}

wire_enum! {
    /// How a usage-based line item varies.
    pub enum UsageBasedType {
        /// A flat price.
        PriceFlat => "PRICE_FLAT",
        /// The price varies.
        PriceVaries => "PRICE_VARIES",
        /// The quantity varies.
        QtyVaries => "QTY_VARIES",
    }
}

/// Usage-based settings of a line item, in answers and in bodies.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct UsageBased {
    /// How the item varies.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<UsageBasedType>,
    /// Whether the note is shown to the client.
    pub display_note: bool,
}

impl UsageBased {
    /// Settings of the given kind.
    pub fn new(kind: UsageBasedType, display_note: bool) -> Self {
        UsageBased { kind: Some(kind), display_note }
    }
}

/// The product of a line item.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct QuoteProduct {
    /// Product id (a catalogue id, or the custom product's id).
    pub id: ProductId,
    /// Name.
    pub name: String,
    /// SKU.
    pub sku: String,
    /// Whether only the MSP sees the product.
    pub is_msp_only: bool,
    /// Product type.
    #[serde(rename = "type")]
    pub kind: Option<QuoteProductType>,
}

/// A commitment term of a line item.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct CommitmentTerm {
    /// Commitment term id.
    pub id: CommitmentId,
    /// The term, e.g. `1-Year`.
    pub term: String,
}

/// What a line item depends on.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct LineItemRelationship {
    /// The line item of this quote it requires.
    pub required_line_item_id: Option<Reference<LineItemId>>,
    /// The existing subscription it requires.
    pub required_subscription_id: Option<Reference<SubscriptionId>>,
}

checked_model! {
    /// A line item of a quote (the spec's `LineItemResponse`).
    ///
    /// To change one, start from [`to_update`](Self::to_update): `item.to_update().quantity(12)`.
    #[derive(Debug, Clone, PartialEq, Default, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct QuoteLineItem {
        /// Line item id.
        pub id: LineItemId,
        /// The product.
        pub product: QuoteProduct,
        /// Quantity, exact (a whole number on the wire; a decimal like every quantity of the SDK).
        #[serde(with = "crate::models::money")]
        pub quantity: Decimal,
        /// Billing term.
        pub billing_term: Option<QuoteBillingTerm>,
        /// Commitment term.
        pub commitment_term: Option<CommitmentTerm>,
        /// Price per unit to the client.
        pub price: AmountCurrency,
        /// Cost per unit to the partner.
        pub cost: AmountCurrency,
        /// When the item takes effect.
        #[serde(deserialize_with = "timestamp")]
        pub effective_date: Option<Timestamp>,
        /// Note.
        pub note: Option<String>,
        /// What the item depends on.
        pub relationship: Option<LineItemRelationship>,
        /// The existing subscription the item changes.
        pub subscription_id: Option<Reference<SubscriptionId>>,
        /// Usage-based settings.
        pub usage_based: Option<UsageBased>,
        /// Totals of the item.
        pub totals: QuoteTotals,
    }
    "quote line item"
}

impl QuoteLineItem {
    /// The update of this item as read: sending it unchanged changes nothing, so changing one
    /// field is one setter.
    ///
    /// The kind follows the item (a custom product: custom; usage-based settings: usage-based;
    /// otherwise standard). It carries the id, quantity, billing term, effective date (a date
    /// alone as midnight UTC), price, note, and what the kind takes: for a custom item the
    /// cost, the product name and SKU and the one-time total (`totals.initial_total`: set a new
    /// one with [`initial_total`](QuoteLineItemUpdate::initial_total) when the price or the
    /// quantity changes); for the others the commitment term, and for a usage-based item the
    /// cost and its settings. The relationship and subscription ids are not part of an update
    /// (the spec's update payloads do not take them); they stay as they are. An item read
    /// without a billing term or a readable effective date gives an update without one, which
    /// is refused before sending, naming the field: set it with
    /// [`billing_term`](QuoteLineItemUpdate::billing_term) or
    /// [`effective_date`](QuoteLineItemUpdate::effective_date).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let quote_id = pax8::Uuid::nil();
    /// let quote = client.quotes().get(quote_id).send()?;
    /// let first = &quote.line_items[0];
    /// client.quotes().line_items(quote.id).update([first.to_update().quantity(12)]).send()?;
    /// # Ok(()) }
    /// ```
    pub fn to_update(&self) -> QuoteLineItemUpdate {
        use LineItemType::{Custom, Standard, UsageBased};
        let kind = if self.product.kind == Some(QuoteProductType::Custom) {
            Custom
        } else if self.usage_based.is_some() {
            UsageBased
        } else {
            Standard
        };
        let effective_date = self.effective_date.as_ref().and_then(Timestamp::datetime);
        let mut body = LineItemBody::new(kind.clone(), self.quantity, self.billing_term.clone(), effective_date);
        body.id = Some(self.id);
        body.price = Some(self.price.amount);
        body.note = self.note.clone();
        if kind == Custom {
            body.cost = Some(self.cost.amount);
            body.initial_total = Some(self.totals.initial_total.amount);
            body.product_name = Some(self.product.name.clone());
            body.product_sku = (!self.product.sku.is_empty()).then(|| self.product.sku.clone());
        } else {
            if kind == UsageBased {
                body.cost = Some(self.cost.amount);
                body.usage_based = self.usage_based.clone();
            }
            // The update payloads take no relationship or subscription id (the spec's
            // `Update*LineItemPayload`): those stay as they are on the server.
            body.commitment_term_id = self.commitment_term.as_ref().map(|c| c.id);
        }
        QuoteLineItemUpdate(body)
    }
}

/// Writes a quantity as a JSON integer (the wire's int32); one the check refuses goes out as
/// its exact decimal text, though it is never sent.
fn write_quantity<S: Serializer>(quantity: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    match quantity.fract().is_zero().then(|| quantity.to_i64()).flatten() {
        Some(n) => s.serialize_i64(n),
        None => crate::models::money::serialize(quantity, s),
    }
}

/// The fields of every line item body; the public types wrap it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct LineItemBody {
    #[serde(rename = "type")]
    kind: LineItemType,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<LineItemId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    product_id: Option<ProductId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    product_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    product_sku: Option<String>,
    #[serde(serialize_with = "write_quantity")]
    quantity: Decimal,
    /// Always set by the constructors; `None` only in an update made from an item read without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    billing_term: Option<QuoteBillingTerm>,
    /// Always set by the constructors; `None` only in an update made from an item read without one.
    #[serde(with = "datetime_opt", skip_serializing_if = "Option::is_none")]
    effective_date: Option<OffsetDateTime>,
    #[serde(with = "crate::models::money::option", skip_serializing_if = "Option::is_none")]
    price: Option<Decimal>,
    #[serde(with = "crate::models::money::option", skip_serializing_if = "Option::is_none")]
    cost: Option<Decimal>,
    #[serde(with = "crate::models::money::option", skip_serializing_if = "Option::is_none")]
    initial_total: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commitment_term_id: Option<CommitmentId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    required_line_item_id: Option<LineItemId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    required_line_item_index: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    required_subscription_id: Option<SubscriptionId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subscription_id: Option<SubscriptionId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    usage_based: Option<UsageBased>,
}

impl LineItemBody {
    fn new(
        kind: LineItemType,
        quantity: Decimal,
        billing_term: Option<QuoteBillingTerm>,
        effective_date: Option<OffsetDateTime>,
    ) -> Self {
        LineItemBody {
            kind,
            id: None,
            product_id: None,
            product_name: None,
            product_sku: None,
            quantity,
            billing_term,
            effective_date,
            price: None,
            cost: None,
            initial_total: None,
            note: None,
            commitment_term_id: None,
            required_line_item_id: None,
            required_line_item_index: None,
            required_subscription_id: None,
            subscription_id: None,
            usage_based: None,
        }
    }

    /// Every problem of this body, joined, or `None`.
    fn check(&self) -> Option<String> {
        use LineItemType::{Custom, Standard, UsageBased};
        let kind = &self.kind;
        let mut problems = Vec::new();
        let mut need = |name: &str, missing: bool| {
            if missing {
                problems.push(format!("{name} is required"));
            }
        };
        need("billing_term", self.billing_term.is_none());
        need("effective_date", self.effective_date.is_none());
        need("price", self.price.is_none());
        need("cost", matches!(kind, Custom | UsageBased) && self.cost.is_none());
        need("initial_total", *kind == Custom && self.initial_total.is_none());
        need("usage_based", *kind == UsageBased && self.usage_based.is_none());
        need("usage_based type", self.usage_based.as_ref().is_some_and(|u| u.kind.is_none()));
        let set_on = |name: &str, set: bool, allowed: &[LineItemType]| {
            (set && !allowed.contains(kind)).then(|| format!("{name} does not apply to a {kind} line item"))
        };
        problems.extend(
            [
                set_on("product_sku", self.product_sku.is_some(), &[Custom]),
                set_on("initial_total", self.initial_total.is_some(), &[Custom]),
                set_on("cost", self.cost.is_some(), &[Custom, UsageBased]),
                set_on("commitment_term_id", self.commitment_term_id.is_some(), &[Standard, UsageBased]),
                set_on("required_line_item_id", self.required_line_item_id.is_some(), &[Standard, UsageBased]),
                set_on("required_line_item_index", self.required_line_item_index.is_some(), &[Standard, UsageBased]),
                set_on("required_subscription_id", self.required_subscription_id.is_some(), &[Standard, UsageBased]),
                set_on("subscription_id", self.subscription_id.is_some(), &[Standard, UsageBased]),
            ]
            .into_iter()
            .flatten(),
        );
        if *kind == Custom
            && let Some(term) = &self.billing_term
            && !matches!(
                term,
                QuoteBillingTerm::Monthly
                    | QuoteBillingTerm::Annual
                    | QuoteBillingTerm::Trial
                    | QuoteBillingTerm::OneTime
                    | QuoteBillingTerm::Other(_)
            )
        {
            problems.push(format!("a custom line item is billed Monthly, Annual, Trial or One-Time, not {term}"));
        }
        let q = self.quantity;
        if q < Decimal::ZERO || !q.fract().is_zero() || q > Decimal::from(i32::MAX) {
            problems.push(format!("quantity {q} is not a whole number between 0 and {}", i32::MAX));
        }
        problems.extend(self.product_name.as_deref().and_then(check_product_name));
        problems.extend(self.product_sku.as_deref().and_then(check_product_sku));
        problems.extend(self.note.as_deref().and_then(check_note));
        (!problems.is_empty()).then(|| problems.join("; "))
    }
}

/// Checks a custom product name: 1 to 255 characters, only letters, digits and spaces.
///
/// The spec says "alpha numeric characters and spaces"; letters and digits of any script are
/// accepted here (the server may be stricter).
pub(crate) fn check_product_name(name: &str) -> Option<String> {
    let len = name.chars().count();
    if name.trim().is_empty() {
        return Some("product_name is empty".into());
    }
    if len > MAX_PRODUCT_NAME_CHARS {
        return Some(format!("product_name is {len} characters long, at most {MAX_PRODUCT_NAME_CHARS} allowed"));
    }
    name.chars()
        .find(|c| !(c.is_alphanumeric() || *c == ' '))
        .map(|c| format!("product_name {name:?} has {c:?}: only letters, digits and spaces are allowed"))
}

/// Checks a custom product SKU: 1 to 100 characters, only letters, digits and dashes.
pub(crate) fn check_product_sku(sku: &str) -> Option<String> {
    let len = sku.chars().count();
    if sku.is_empty() {
        return Some("product_sku is empty".into());
    }
    if len > MAX_PRODUCT_SKU_CHARS {
        return Some(format!("product_sku is {len} characters long, at most {MAX_PRODUCT_SKU_CHARS} allowed"));
    }
    sku.chars()
        .find(|c| !(c.is_alphanumeric() || *c == '-'))
        .map(|c| format!("product_sku {sku:?} has {c:?}: only letters, digits and dashes are allowed"))
}

/// Checks a line item note: at most 2000 characters.
pub(crate) fn check_note(note: &str) -> Option<String> {
    let len = note.chars().count();
    (len > MAX_NOTE_CHARS).then(|| format!("note is {len} characters long, at most {MAX_NOTE_CHARS} allowed"))
}

/// The setters every line item body has.
macro_rules! shared_setters {
    () => {
        /// Price per unit to the client, exact (required: an item without one is refused
        /// before sending).
        pub fn price(mut self, price: Decimal) -> Self {
            self.0.price = Some(price);
            self
        }

        /// Cost per unit to the partner, exact (custom and usage-based items; required there).
        pub fn cost(mut self, cost: Decimal) -> Self {
            self.0.cost = Some(cost);
            self
        }

        /// The one-time total, exact (custom items; required there).
        pub fn initial_total(mut self, total: Decimal) -> Self {
            self.0.initial_total = Some(total);
            self
        }

        /// The product SKU (custom items): up to 100 letters, digits and dashes.
        pub fn product_sku(mut self, sku: impl Into<String>) -> Self {
            self.0.product_sku = Some(sku.into());
            self
        }

        /// A note, up to 2000 characters.
        pub fn note(mut self, note: impl Into<String>) -> Self {
            self.0.note = Some(note.into());
            self
        }

        /// The commitment term (standard and usage-based items).
        pub fn commitment_term_id(mut self, id: impl Into<CommitmentId>) -> Self {
            self.0.commitment_term_id = Some(id.into());
            self
        }

        /// The kind of line item.
        pub fn kind(&self) -> &LineItemType {
            &self.0.kind
        }

        /// Everything wrong with this line item (missing amounts, a field its kind does not
        /// take, a quantity that is no whole number of the wire's range, a bad product name,
        /// SKU or note, a billing term a custom item cannot have), or `None` when it can be
        /// sent. The builders run it (through [`check_line_items`]) before sending.
        #[cfg(test)]
        pub(crate) fn check(&self) -> Option<String> {
            self.0.check()
        }
    };
}

/// A line item to add to a quote (the spec's `AddStandardLineItemPayload`,
/// `AddCustomLineItemPayload` and `AddUsageBasedLineItemPayload`).
///
/// The constructors take what identifies the item; the amounts (price, and for custom and
/// usage-based items the cost, for custom items the initial total) are setters, so that three
/// decimals are never swapped by position. The quantity is a [`Decimal`] like every quantity
/// of the SDK; the wire takes a whole number from 0 to `i32::MAX`. An item with a missing
/// amount, a field its kind does not take or a quantity out of range is refused by
/// [`add`](crate::resources::LineItemsHandler::add) before anything is sent.
///
/// ```
/// use pax8::Decimal;
/// use pax8::models::{LineItemType, NewQuoteLineItem, QuoteBillingTerm};
/// # let (product_id, today) = (pax8::Uuid::nil(), time::OffsetDateTime::UNIX_EPOCH);
/// let items = vec![
///     NewQuoteLineItem::standard(product_id, 10, QuoteBillingTerm::Monthly, today).price(Decimal::new(1250, 2)),
///     NewQuoteLineItem::custom("Onboarding", 1, QuoteBillingTerm::OneTime, today)
///         .product_sku("ONB-1")
///         .price(Decimal::new(500, 0))
///         .cost(Decimal::new(300, 0))
///         .initial_total(Decimal::new(500, 0)),
/// ];
/// assert_eq!(items[1].kind(), &LineItemType::Custom);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct NewQuoteLineItem(LineItemBody);

impl NewQuoteLineItem {
    /// A catalogue product: `quantity` units of `product_id` on `billing_term` from `effective_date`.
    pub fn standard(
        product_id: impl Into<ProductId>,
        quantity: impl Into<Decimal>,
        billing_term: QuoteBillingTerm,
        effective_date: OffsetDateTime,
    ) -> Self {
        let mut body =
            LineItemBody::new(LineItemType::Standard, quantity.into(), Some(billing_term), Some(effective_date));
        body.product_id = Some(product_id.into());
        NewQuoteLineItem(body)
    }

    /// The partner's own product or service, named `product_name` (1 to 255 letters, digits
    /// and spaces). Needs [`price`](Self::price), [`cost`](Self::cost) and
    /// [`initial_total`](Self::initial_total).
    pub fn custom(
        product_name: impl Into<String>,
        quantity: impl Into<Decimal>,
        billing_term: QuoteBillingTerm,
        effective_date: OffsetDateTime,
    ) -> Self {
        let mut body =
            LineItemBody::new(LineItemType::Custom, quantity.into(), Some(billing_term), Some(effective_date));
        body.product_name = Some(product_name.into());
        NewQuoteLineItem(body)
    }

    /// A catalogue product billed on usage. Needs [`price`](Self::price) and [`cost`](Self::cost).
    pub fn usage_based(
        product_id: impl Into<ProductId>,
        quantity: impl Into<Decimal>,
        billing_term: QuoteBillingTerm,
        effective_date: OffsetDateTime,
        usage_based: UsageBased,
    ) -> Self {
        let mut body =
            LineItemBody::new(LineItemType::UsageBased, quantity.into(), Some(billing_term), Some(effective_date));
        body.product_id = Some(product_id.into());
        body.usage_based = Some(usage_based);
        NewQuoteLineItem(body)
    }

    shared_setters!();

    /// Requires another line item of this quote, by id (standard and usage-based items).
    pub fn required_line_item_id(mut self, id: impl Into<LineItemId>) -> Self {
        self.0.required_line_item_id = Some(id.into());
        self
    }

    /// Requires another line item of the same request, by its index in the list.
    pub fn required_line_item_index(mut self, index: u32) -> Self {
        self.0.required_line_item_index = Some(index);
        self
    }

    /// Requires an existing subscription (standard and usage-based items).
    pub fn required_subscription_id(mut self, id: impl Into<SubscriptionId>) -> Self {
        self.0.required_subscription_id = Some(id.into());
        self
    }

    /// Changes an existing subscription (standard and usage-based items).
    pub fn subscription_id(mut self, id: impl Into<SubscriptionId>) -> Self {
        self.0.subscription_id = Some(id.into());
        self
    }
}

/// A change to a line item of a quote (the spec's `UpdateStandardLineItemPayload`,
/// `UpdateCustomLineItemPayload` and `UpdateUsageBasedLineItemPayload`). Same rules as
/// [`NewQuoteLineItem`]; the custom product name and SKU follow the add rules (the update
/// schema states none). The update writes every field, so start from the item as read with
/// [`QuoteLineItem::to_update`] to change one thing.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct QuoteLineItemUpdate(LineItemBody);

impl QuoteLineItemUpdate {
    /// Line item `id`, a catalogue product.
    pub fn standard(
        id: impl Into<LineItemId>,
        quantity: impl Into<Decimal>,
        billing_term: QuoteBillingTerm,
        effective_date: OffsetDateTime,
    ) -> Self {
        Self::of(LineItemType::Standard, id.into(), quantity.into(), billing_term, effective_date)
    }

    /// Line item `id`, a custom product named `product_name`. Needs [`price`](Self::price),
    /// [`cost`](Self::cost) and [`initial_total`](Self::initial_total).
    pub fn custom(
        id: impl Into<LineItemId>,
        product_name: impl Into<String>,
        quantity: impl Into<Decimal>,
        billing_term: QuoteBillingTerm,
        effective_date: OffsetDateTime,
    ) -> Self {
        let mut item = Self::of(LineItemType::Custom, id.into(), quantity.into(), billing_term, effective_date);
        item.0.product_name = Some(product_name.into());
        item
    }

    /// Line item `id`, billed on usage. Needs [`price`](Self::price) and [`cost`](Self::cost).
    pub fn usage_based(
        id: impl Into<LineItemId>,
        quantity: impl Into<Decimal>,
        billing_term: QuoteBillingTerm,
        effective_date: OffsetDateTime,
        usage_based: UsageBased,
    ) -> Self {
        let mut item = Self::of(LineItemType::UsageBased, id.into(), quantity.into(), billing_term, effective_date);
        item.0.usage_based = Some(usage_based);
        item
    }

    fn of(
        kind: LineItemType,
        id: LineItemId,
        quantity: Decimal,
        billing_term: QuoteBillingTerm,
        effective_date: OffsetDateTime,
    ) -> Self {
        let mut body = LineItemBody::new(kind, quantity, Some(billing_term), Some(effective_date));
        body.id = Some(id);
        QuoteLineItemUpdate(body)
    }

    shared_setters!();

    /// The new quantity: a whole number from 0 to `i32::MAX` (checked before sending).
    pub fn quantity(mut self, quantity: impl Into<Decimal>) -> Self {
        self.0.quantity = quantity.into();
        self
    }

    /// The new billing term.
    pub fn billing_term(mut self, term: QuoteBillingTerm) -> Self {
        self.0.billing_term = Some(term);
        self
    }

    /// The new effective date.
    pub fn effective_date(mut self, at: OffsetDateTime) -> Self {
        self.0.effective_date = Some(at);
        self
    }

    /// The id of the line item changed.
    pub fn id(&self) -> LineItemId {
        self.0.id.unwrap_or_default()
    }
}

/// Checks a list of line items to add: 1 to 30 of them, each passing its own check. Items
/// already on the quote count toward the 30 too; only the server knows those.
pub(crate) fn check_line_items(items: &[NewQuoteLineItem]) -> Option<String> {
    check_bodies("add", items.iter().map(|i| &i.0))
}

/// Checks a list of line item changes: 1 to 30 of them, each passing its own check.
pub(crate) fn check_line_item_updates(items: &[QuoteLineItemUpdate]) -> Option<String> {
    check_bodies("update", items.iter().map(|i| &i.0))
}

fn check_bodies<'a>(verb: &str, items: impl ExactSizeIterator<Item = &'a LineItemBody>) -> Option<String> {
    match items.len() {
        0 => return Some(format!("no line items to {verb}")),
        n if n > MAX_LINE_ITEMS_PER_QUOTE => {
            return Some(format!("at most {MAX_LINE_ITEMS_PER_QUOTE} line items per quote, got {n}"));
        }
        _ => {}
    }
    let problems: Vec<String> =
        items.enumerate().filter_map(|(i, item)| item.check().map(|p| format!("line item {i}: {p}"))).collect();
    (!problems.is_empty()).then(|| problems.join("; "))
}

/// The body of `POST /v2/quotes/{quoteId}/line-items/bulk-delete`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BulkDeleteLineItems {
    line_item_ids: Vec<LineItemId>,
}

impl BulkDeleteLineItems {
    /// Deletes these line items.
    pub(crate) fn new(ids: impl IntoIterator<Item = LineItemId>) -> Self {
        BulkDeleteLineItems { line_item_ids: ids.into_iter().collect() }
    }

    /// Refuses an empty list.
    pub(crate) fn check(&self) -> Option<String> {
        self.line_item_ids.is_empty().then(|| "no line items to delete".to_owned())
    }
}
