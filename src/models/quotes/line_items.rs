//! Line items of a quote: the model Pax8 returns and the add, update and bulk-delete bodies.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{AmountCurrency, QuoteBillingTerm, QuoteTotals, write_datetime};
use crate::models::common::{Timestamp, timestamp, wire_enum};

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
    pub id: Uuid,
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
    pub id: Uuid,
    /// The term, e.g. `1-Year`.
    pub term: String,
}

/// What a line item depends on.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct LineItemRelationship {
    /// The line item of this quote it requires.
    pub required_line_item_id: Option<Uuid>,
    /// The existing subscription it requires.
    pub required_subscription_id: Option<Uuid>,
}

/// A line item of a quote (the spec's `LineItemResponse`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct QuoteLineItem {
    /// Line item id.
    pub id: Uuid,
    /// The product.
    pub product: QuoteProduct,
    /// Quantity.
    pub quantity: i64,
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
    pub subscription_id: Option<Uuid>,
    /// Usage-based settings.
    pub usage_based: Option<UsageBased>,
    /// Totals of the item.
    pub totals: QuoteTotals,
}

/// The fields of every line item body; the public types wrap it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct LineItemBody {
    #[serde(rename = "type")]
    kind: LineItemType,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    product_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    product_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    product_sku: Option<String>,
    quantity: u32,
    billing_term: QuoteBillingTerm,
    #[serde(serialize_with = "write_datetime")]
    effective_date: OffsetDateTime,
    #[serde(with = "crate::models::money::option", skip_serializing_if = "Option::is_none")]
    price: Option<Decimal>,
    #[serde(with = "crate::models::money::option", skip_serializing_if = "Option::is_none")]
    cost: Option<Decimal>,
    #[serde(with = "crate::models::money::option", skip_serializing_if = "Option::is_none")]
    initial_total: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commitment_term_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    required_line_item_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    required_line_item_index: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    required_subscription_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subscription_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    usage_based: Option<UsageBased>,
}

impl LineItemBody {
    fn new(kind: LineItemType, quantity: u32, billing_term: QuoteBillingTerm, effective_date: OffsetDateTime) -> Self {
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
            && !matches!(
                self.billing_term,
                QuoteBillingTerm::Monthly
                    | QuoteBillingTerm::Annual
                    | QuoteBillingTerm::Trial
                    | QuoteBillingTerm::OneTime
                    | QuoteBillingTerm::Other(_)
            )
        {
            problems.push(format!(
                "a custom line item is billed Monthly, Annual, Trial or One-Time, not {}",
                self.billing_term
            ));
        }
        if i32::try_from(self.quantity).is_err() {
            problems.push(format!("quantity {} is above the wire's limit {}", self.quantity, i32::MAX));
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
pub fn check_product_name(name: &str) -> Option<String> {
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
pub fn check_product_sku(sku: &str) -> Option<String> {
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
pub fn check_note(note: &str) -> Option<String> {
    let len = note.chars().count();
    (len > MAX_NOTE_CHARS).then(|| format!("note is {len} characters long, at most {MAX_NOTE_CHARS} allowed"))
}

/// The setters every line item body has.
macro_rules! shared_setters {
    () => {
        /// Price per unit to the client, exact (required; [`check`](Self::check) refuses its absence).
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
        pub fn commitment_term_id(mut self, id: Uuid) -> Self {
            self.0.commitment_term_id = Some(id);
            self
        }

        /// The kind of line item.
        pub fn kind(&self) -> &LineItemType {
            &self.0.kind
        }

        /// Everything wrong with this line item (missing amounts, a field its kind does not
        /// take, a bad product name, SKU or note, a billing term a custom item cannot have),
        /// or `None` when it can be sent.
        pub fn check(&self) -> Option<String> {
            self.0.check()
        }
    };
}

/// A line item to add to a quote (the spec's `AddStandardLineItemPayload`,
/// `AddCustomLineItemPayload` and `AddUsageBasedLineItemPayload`).
///
/// The constructors take what identifies the item; the amounts (price, and for custom and
/// usage-based items the cost, for custom items the initial total) are setters, so that three
/// decimals are never swapped by position, and [`check`](Self::check) refuses a missing one
/// before anything is sent.
///
/// ```
/// use pax8::Decimal;
/// use pax8::models::{NewQuoteLineItem, QuoteBillingTerm, check_line_items};
/// # let (product_id, today) = (pax8::Uuid::nil(), time::OffsetDateTime::UNIX_EPOCH);
/// let items = vec![
///     NewQuoteLineItem::standard(product_id, 10, QuoteBillingTerm::Monthly, today).price(Decimal::new(1250, 2)),
///     NewQuoteLineItem::custom("Onboarding", 1, QuoteBillingTerm::OneTime, today)
///         .product_sku("ONB-1")
///         .price(Decimal::new(500, 0))
///         .cost(Decimal::new(300, 0))
///         .initial_total(Decimal::new(500, 0)),
/// ];
/// assert_eq!(check_line_items(&items), None);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct NewQuoteLineItem(LineItemBody);

impl NewQuoteLineItem {
    /// A catalogue product: `quantity` units of `product_id` on `billing_term` from `effective_date`.
    pub fn standard(
        product_id: Uuid,
        quantity: u32,
        billing_term: QuoteBillingTerm,
        effective_date: OffsetDateTime,
    ) -> Self {
        let mut body = LineItemBody::new(LineItemType::Standard, quantity, billing_term, effective_date);
        body.product_id = Some(product_id);
        NewQuoteLineItem(body)
    }

    /// The partner's own product or service, named `product_name` (1 to 255 letters, digits
    /// and spaces). Needs [`price`](Self::price), [`cost`](Self::cost) and
    /// [`initial_total`](Self::initial_total).
    pub fn custom(
        product_name: impl Into<String>,
        quantity: u32,
        billing_term: QuoteBillingTerm,
        effective_date: OffsetDateTime,
    ) -> Self {
        let mut body = LineItemBody::new(LineItemType::Custom, quantity, billing_term, effective_date);
        body.product_name = Some(product_name.into());
        NewQuoteLineItem(body)
    }

    /// A catalogue product billed on usage. Needs [`price`](Self::price) and [`cost`](Self::cost).
    pub fn usage_based(
        product_id: Uuid,
        quantity: u32,
        billing_term: QuoteBillingTerm,
        effective_date: OffsetDateTime,
        usage_based: UsageBased,
    ) -> Self {
        let mut body = LineItemBody::new(LineItemType::UsageBased, quantity, billing_term, effective_date);
        body.product_id = Some(product_id);
        body.usage_based = Some(usage_based);
        NewQuoteLineItem(body)
    }

    shared_setters!();

    /// Requires another line item of this quote, by id (standard and usage-based items).
    pub fn required_line_item_id(mut self, id: Uuid) -> Self {
        self.0.required_line_item_id = Some(id);
        self
    }

    /// Requires another line item of the same request, by its index in the list.
    pub fn required_line_item_index(mut self, index: u32) -> Self {
        self.0.required_line_item_index = Some(index);
        self
    }

    /// Requires an existing subscription (standard and usage-based items).
    pub fn required_subscription_id(mut self, id: Uuid) -> Self {
        self.0.required_subscription_id = Some(id);
        self
    }

    /// Changes an existing subscription (standard and usage-based items).
    pub fn subscription_id(mut self, id: Uuid) -> Self {
        self.0.subscription_id = Some(id);
        self
    }
}

/// A change to a line item of a quote (the spec's `UpdateStandardLineItemPayload`,
/// `UpdateCustomLineItemPayload` and `UpdateUsageBasedLineItemPayload`). Same rules as
/// [`NewQuoteLineItem`]; the custom product name and SKU follow the add rules (the update
/// schema states none).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct QuoteLineItemUpdate(LineItemBody);

impl QuoteLineItemUpdate {
    /// Line item `id`, a catalogue product.
    pub fn standard(id: Uuid, quantity: u32, billing_term: QuoteBillingTerm, effective_date: OffsetDateTime) -> Self {
        Self::of(LineItemType::Standard, id, quantity, billing_term, effective_date)
    }

    /// Line item `id`, a custom product named `product_name`. Needs [`price`](Self::price),
    /// [`cost`](Self::cost) and [`initial_total`](Self::initial_total).
    pub fn custom(
        id: Uuid,
        product_name: impl Into<String>,
        quantity: u32,
        billing_term: QuoteBillingTerm,
        effective_date: OffsetDateTime,
    ) -> Self {
        let mut item = Self::of(LineItemType::Custom, id, quantity, billing_term, effective_date);
        item.0.product_name = Some(product_name.into());
        item
    }

    /// Line item `id`, billed on usage. Needs [`price`](Self::price) and [`cost`](Self::cost).
    pub fn usage_based(
        id: Uuid,
        quantity: u32,
        billing_term: QuoteBillingTerm,
        effective_date: OffsetDateTime,
        usage_based: UsageBased,
    ) -> Self {
        let mut item = Self::of(LineItemType::UsageBased, id, quantity, billing_term, effective_date);
        item.0.usage_based = Some(usage_based);
        item
    }

    fn of(
        kind: LineItemType,
        id: Uuid,
        quantity: u32,
        billing_term: QuoteBillingTerm,
        effective_date: OffsetDateTime,
    ) -> Self {
        let mut body = LineItemBody::new(kind, quantity, billing_term, effective_date);
        body.id = Some(id);
        QuoteLineItemUpdate(body)
    }

    shared_setters!();

    /// The id of the line item changed.
    pub fn id(&self) -> Uuid {
        self.0.id.unwrap_or_default()
    }
}

/// Checks a list of line items to add: 1 to 30 of them, each passing its own
/// [`check`](NewQuoteLineItem::check). Items already on the quote count toward the 30 too;
/// only the server knows those.
pub fn check_line_items(items: &[NewQuoteLineItem]) -> Option<String> {
    check_bodies("add", items.iter().map(|i| &i.0))
}

/// Checks a list of line item changes: 1 to 30 of them, each passing its own
/// [`check`](QuoteLineItemUpdate::check).
pub fn check_line_item_updates(items: &[QuoteLineItemUpdate]) -> Option<String> {
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
pub struct DeleteLineItems {
    line_item_ids: Vec<Uuid>,
}

impl DeleteLineItems {
    /// Deletes these line items.
    pub fn new(ids: impl IntoIterator<Item = Uuid>) -> Self {
        DeleteLineItems { line_item_ids: ids.into_iter().collect() }
    }

    /// Refuses an empty list.
    pub fn check(&self) -> Option<String> {
        self.line_item_ids.is_empty().then(|| "no line items to delete".to_owned())
    }
}
