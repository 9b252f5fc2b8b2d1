//! `client.quotes().line_items(id)`: add, update, delete one, delete several.

use super::quoting;
use crate::client::Client;
use crate::endpoint::endpoint;
use crate::http::Method;
use crate::models::{
    BulkDeleteLineItems, LineItemId, NewQuoteLineItem, QuoteId, QuoteLineItem, QuoteLineItemUpdate,
    check_line_item_updates, check_line_items,
};
use crate::request;

/// Handle for `/v2/quotes/{quoteId}/line-items`. Get it with
/// [`QuotesHandler::line_items`](super::QuotesHandler::line_items).
#[derive(Debug, Clone)]
pub struct LineItemsHandler {
    pub(crate) client: Client,
    pub(crate) quote_id: QuoteId,
}

impl LineItemsHandler {
    fn path(&self, rest: &str) -> String {
        format!("/quotes/{}/line-items{rest}", self.quote_id)
    }

    /// `POST /v2/quotes/{quoteId}/line-items`: adds standard, custom and usage-based line
    /// items; answers the line items created.
    ///
    /// Refused before sending ([`Error::InvalidInput`](crate::Error::InvalidInput), zero
    /// requests): an empty list, more than
    /// [`MAX_LINE_ITEMS_PER_QUOTE`](crate::models::MAX_LINE_ITEMS_PER_QUOTE) (30)
    /// items, and any item that fails its own check (a missing price, cost or
    /// initial total, a bad product name or SKU, ...). Items already on the quote count
    /// toward the 30 too: only Pax8 knows those, and answers `LINE_ITEM_LIMIT_EXCEEDED`.
    ///
    /// ```no_run
    /// use pax8::Decimal;
    /// use pax8::models::{NewQuoteLineItem, QuoteBillingTerm};
    ///
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (quote_id, product_id) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// let start = time::OffsetDateTime::now_utc();
    /// let added = client
    ///     .quotes()
    ///     .line_items(quote_id)
    ///     .add(vec![
    ///         NewQuoteLineItem::standard(product_id, 25, QuoteBillingTerm::OneYear, start).price(Decimal::new(2200, 2)),
    ///         NewQuoteLineItem::custom("Onboarding", 1, QuoteBillingTerm::OneTime, start)
    ///             .product_sku("ONB-1")
    ///             .price(Decimal::new(500, 0))
    ///             .cost(Decimal::new(300, 0))
    ///             .initial_total(Decimal::new(500, 0)),
    ///     ])
    ///     .send()?;
    /// for item in added {
    ///     println!("{} x {} at {}", item.quantity, item.product.name, item.price.amount);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn add(&self, items: impl IntoIterator<Item = NewQuoteLineItem>) -> AddLineItems {
        let items: Vec<NewQuoteLineItem> = items.into_iter().collect();
        let problem = check_line_items(&items);
        AddLineItems(quoting(&self.client, Method::Post, self.path(""), request::json).json(&items).invalid(problem))
    }

    /// `PUT /v2/quotes/{quoteId}/line-items`: changes line items (each names its id);
    /// answers them. Refused before sending like [`add`](Self::add): an empty list, more
    /// than 30, or an item that is not ready. Start from the item as read with
    /// [`QuoteLineItem::to_update`] to change one field.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let quote_id = pax8::Uuid::nil();
    /// let quote = client.quotes().get(quote_id).send()?;
    /// // Ten more seats on every line.
    /// let updates = quote.line_items.iter().map(|item| item.to_update().quantity(item.quantity + pax8::Decimal::TEN));
    /// match client.quotes().line_items(quote.id).update(updates).send() {
    ///     Ok(items) => println!("{} line items changed", items.len()),
    ///     Err(pax8::Error::InvalidInput(why)) => eprintln!("not sent: {why}"),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub fn update(&self, items: impl IntoIterator<Item = QuoteLineItemUpdate>) -> UpdateLineItems {
        let items: Vec<QuoteLineItemUpdate> = items.into_iter().collect();
        let problem = check_line_item_updates(&items);
        UpdateLineItems(quoting(&self.client, Method::Put, self.path(""), request::json).json(&items).invalid(problem))
    }

    /// `DELETE /v2/quotes/{quoteId}/line-items/{lineItemId}` (Pax8 answers 204).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (quote_id, line_item_id) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// client.quotes().line_items(quote_id).delete(line_item_id).send()?;
    /// # Ok(()) }
    /// ```
    pub fn delete(&self, line_item_id: impl Into<LineItemId>) -> DeleteLineItem {
        let line_item_id = line_item_id.into();
        DeleteLineItem(quoting(&self.client, Method::Delete, self.path(&format!("/{line_item_id}")), request::empty))
    }

    /// `POST /v2/quotes/{quoteId}/line-items/bulk-delete`: deletes these line items (Pax8
    /// answers 204). An empty list is refused before sending.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let quote_id = pax8::Uuid::nil();
    /// let quote = client.quotes().get(quote_id).send()?;
    /// // Drop every line that is free.
    /// let free = quote.line_items.iter().filter(|i| i.price.amount.is_zero()).map(|i| i.id);
    /// match client.quotes().line_items(quote.id).delete_many(free).send() {
    ///     Ok(()) | Err(pax8::Error::InvalidInput(_)) => {} // nothing to delete
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub fn delete_many(&self, line_item_ids: impl IntoIterator<Item = impl Into<LineItemId>>) -> DeleteLineItems {
        let body = BulkDeleteLineItems::new(line_item_ids.into_iter().map(Into::into));
        let call = quoting(&self.client, Method::Post, self.path("/bulk-delete"), request::empty);
        DeleteLineItems(call.json(&body).invalid(body.check()))
    }
}

endpoint! {
    /// Builder for `POST /v2/quotes/{quoteId}/line-items`: [`send`](Self::send) answers the
    /// line items created.
    AddLineItems -> Vec<QuoteLineItem>
}

endpoint! {
    /// Builder for `PUT /v2/quotes/{quoteId}/line-items`: [`send`](Self::send) answers the
    /// line items changed.
    UpdateLineItems -> Vec<QuoteLineItem>
}

endpoint! {
    /// Builder for `DELETE /v2/quotes/{quoteId}/line-items/{lineItemId}`.
    DeleteLineItem -> ()
}

endpoint! {
    /// Builder for `POST /v2/quotes/{quoteId}/line-items/bulk-delete`.
    DeleteLineItems -> ()
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;
    use serde_json::json;
    use time::macros::datetime;

    use super::*;
    use crate::Error;
    use crate::models::{QuoteBillingTerm, UsageBased, UsageBasedType};
    use crate::resources::tests::client;
    use uuid::Uuid;

    const QUOTE: Uuid = uuid::uuid!("6f1c3a52-9a4e-4d1b-8f2e-3b7f0c2d9e11");
    const LINE: Uuid = uuid::uuid!("11111111-1111-4111-8111-111111111111");
    const PRODUCT: Uuid = uuid::uuid!("e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b");
    const DAY: time::OffsetDateTime = datetime!(2024-04-01 0:00 UTC);

    fn items() -> LineItemsHandler {
        client().quotes().line_items(QUOTE)
    }

    fn refusal<T>(sent: crate::Result<T>) -> String {
        match sent {
            Err(Error::InvalidInput(why)) => why,
            Err(other) => panic!("expected a refusal before sending, got {other}"),
            Ok(_) => panic!("expected a refusal before sending"),
        }
    }

    #[test]
    fn add_sends_the_three_kinds_as_a_list() {
        let add = items().add(vec![
            NewQuoteLineItem::standard(PRODUCT, 10, QuoteBillingTerm::OneYear, DAY).price(Decimal::new(2200, 2)),
            NewQuoteLineItem::custom("Onboarding", 1, QuoteBillingTerm::OneTime, DAY)
                .product_sku("ONB-1")
                .price(Decimal::new(1999, 2))
                .cost(Decimal::new(1200, 2))
                .initial_total(Decimal::new(1999, 2)),
            NewQuoteLineItem::usage_based(
                PRODUCT,
                1,
                QuoteBillingTerm::Monthly,
                DAY,
                UsageBased::new(UsageBasedType::QtyVaries, true),
            )
            .price(Decimal::new(10, 2))
            .cost(Decimal::new(8, 2)),
        ]);
        let r = add.request();
        assert_eq!((r.method, r.path_and_query()), (Method::Post, format!("/quotes/{QUOTE}/line-items")));
        let body = r.json_body().unwrap();
        assert_eq!(
            body[0],
            json!({"type": "Standard", "productId": PRODUCT, "quantity": 10, "billingTerm": "1 Year",
                   "effectiveDate": "2024-04-01T00:00:00.000Z", "price": 22.00})
        );
        assert_eq!(
            body[1],
            json!({"type": "Custom", "productName": "Onboarding", "productSku": "ONB-1", "quantity": 1,
                   "billingTerm": "One-Time", "effectiveDate": "2024-04-01T00:00:00.000Z", "price": 19.99,
                   "cost": 12.00, "initialTotal": 19.99})
        );
        assert_eq!(body[2]["usageBased"], json!({"type": "QTY_VARIES", "displayNote": true}));
    }

    #[test]
    fn bad_line_items_are_refused_before_sending() {
        let one = || NewQuoteLineItem::standard(PRODUCT, 1, QuoteBillingTerm::Monthly, DAY).price(Decimal::ONE);
        assert!(refusal(items().add(vec![one(); 31]).send()).contains("at most 30 line items per quote, got 31"));
        assert!(refusal(items().add(Vec::new()).send()).contains("no line items to add"));
        let unpriced = NewQuoteLineItem::custom("Onboarding", 1, QuoteBillingTerm::OneTime, DAY)
            .cost(Decimal::ONE)
            .initial_total(Decimal::ONE);
        assert_eq!(refusal(items().add(vec![one(), unpriced]).send()), "line item 1: price is required");
        let update = QuoteLineItemUpdate::standard(LINE, 2, QuoteBillingTerm::Monthly, DAY);
        assert_eq!(refusal(items().update(vec![update]).send()), "line item 0: price is required");
        assert_eq!(refusal(items().delete_many(Vec::<LineItemId>::new()).send()), "no line items to delete");
        let half = QuoteLineItemUpdate::standard(LINE, Decimal::new(15, 1), QuoteBillingTerm::Monthly, DAY)
            .price(Decimal::ONE);
        assert_eq!(
            refusal(items().update([half.clone(), half.quantity(-1)]).send()),
            "line item 0: quantity 1.5 is not a whole number between 0 and 2147483647; \
             line item 1: quantity -1 is not a whole number between 0 and 2147483647"
        );
        let huge = NewQuoteLineItem::standard(PRODUCT, u32::MAX, QuoteBillingTerm::Monthly, DAY).price(Decimal::ONE);
        assert!(refusal(items().add([huge]).send()).contains("quantity 4294967295 is not a whole number"));
    }

    #[test]
    fn update_and_deletes_have_their_method_path_and_body() {
        let update = items().update(vec![
            QuoteLineItemUpdate::standard(LINE, 1, QuoteBillingTerm::OneYear, DAY)
                .price(Decimal::TEN)
                .quantity(Decimal::new(120, 1)),
        ]);
        let r = update.request();
        assert_eq!((r.method, r.path_and_query()), (Method::Put, format!("/quotes/{QUOTE}/line-items")));
        assert_eq!(r.json_body().unwrap()[0]["id"], json!(LINE));
        assert_eq!(r.json_body().unwrap()[0]["quantity"], json!(12));

        let one = items().delete(LINE);
        assert_eq!(
            (one.request().method, one.request().path_and_query()),
            (Method::Delete, format!("/quotes/{QUOTE}/line-items/{LINE}"))
        );
        assert_eq!(one.request().json_body(), None);
        let many = items().delete_many([LINE, PRODUCT]);
        assert_eq!(
            r#"{"quantity":12}"#,
            format!(r#"{{"quantity":{}}}"#, update.request().json_body().unwrap()[0]["quantity"])
        );
        let r = many.request();
        assert_eq!((r.method, r.path_and_query()), (Method::Post, format!("/quotes/{QUOTE}/line-items/bulk-delete")));
        assert_eq!(r.json_body().unwrap(), json!({"lineItemIds": [LINE, PRODUCT]}));
    }
}
