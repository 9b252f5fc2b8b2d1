//! `client.quotes().line_items(id)`: add, update, delete one, delete several.

use uuid::Uuid;

use super::quoting;
use crate::client::Client;
use crate::http::Method;
use crate::models::{
    DeleteLineItems, NewQuoteLineItem, QuoteLineItem, QuoteLineItemUpdate, check_line_item_updates, check_line_items,
};
use crate::request::{self, Call};

/// Handle for `/v2/quotes/{quoteId}/line-items`. Get it with
/// [`Quotes::line_items`](super::Quotes::line_items).
#[derive(Debug, Clone)]
pub struct LineItems {
    pub(crate) client: Client,
    pub(crate) quote_id: Uuid,
}

impl LineItems {
    fn path(&self, rest: &str) -> String {
        format!("/quotes/{}/line-items{rest}", self.quote_id)
    }

    /// `POST /v2/quotes/{quoteId}/line-items`: adds standard, custom and usage-based line
    /// items; answers the line items created.
    ///
    /// Refused before sending ([`Error::InvalidInput`](crate::Error::InvalidInput), zero
    /// requests): an empty list, more than
    /// [`MAX_LINE_ITEMS_PER_QUOTE`](crate::models::quotes::MAX_LINE_ITEMS_PER_QUOTE) (30)
    /// items, and any item that fails [`NewQuoteLineItem::check`] (a missing price, cost or
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
    pub fn add(&self, items: impl IntoIterator<Item = NewQuoteLineItem>) -> Call<Vec<QuoteLineItem>> {
        let items: Vec<NewQuoteLineItem> = items.into_iter().collect();
        let problem = check_line_items(&items);
        quoting(&self.client, Method::Post, self.path(""), request::json).json(&items).invalid(problem)
    }

    /// `PUT /v2/quotes/{quoteId}/line-items`: changes line items (each names its id);
    /// answers them. Refused before sending like [`add`](Self::add): an empty list, more
    /// than 30, or an item that fails [`QuoteLineItemUpdate::check`].
    pub fn update(&self, items: impl IntoIterator<Item = QuoteLineItemUpdate>) -> Call<Vec<QuoteLineItem>> {
        let items: Vec<QuoteLineItemUpdate> = items.into_iter().collect();
        let problem = check_line_item_updates(&items);
        quoting(&self.client, Method::Put, self.path(""), request::json).json(&items).invalid(problem)
    }

    /// `DELETE /v2/quotes/{quoteId}/line-items/{lineItemId}` (Pax8 answers 204).
    pub fn delete(&self, line_item_id: Uuid) -> Call<()> {
        quoting(&self.client, Method::Delete, self.path(&format!("/{line_item_id}")), request::empty)
    }

    /// `POST /v2/quotes/{quoteId}/line-items/bulk-delete`: deletes these line items (Pax8
    /// answers 204). An empty list is refused before sending.
    pub fn delete_many(&self, line_item_ids: impl IntoIterator<Item = Uuid>) -> Call<()> {
        let body = DeleteLineItems::new(line_item_ids);
        quoting(&self.client, Method::Post, self.path("/bulk-delete"), request::empty).json(&body).invalid(body.check())
    }
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

    const QUOTE: Uuid = uuid::uuid!("6f1c3a52-9a4e-4d1b-8f2e-3b7f0c2d9e11");
    const LINE: Uuid = uuid::uuid!("11111111-1111-4111-8111-111111111111");
    const PRODUCT: Uuid = uuid::uuid!("e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b");
    const DAY: time::OffsetDateTime = datetime!(2024-04-01 0:00 UTC);

    fn items() -> LineItems {
        client().quotes().line_items(QUOTE)
    }

    fn refusal<T>(call: Call<T>) -> String {
        match call.send() {
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
        assert!(refusal(items().add(vec![one(); 31])).contains("at most 30 line items per quote, got 31"));
        assert!(refusal(items().add(Vec::new())).contains("no line items to add"));
        let unpriced = NewQuoteLineItem::custom("Onboarding", 1, QuoteBillingTerm::OneTime, DAY)
            .cost(Decimal::ONE)
            .initial_total(Decimal::ONE);
        assert_eq!(refusal(items().add(vec![one(), unpriced])), "line item 1: price is required");
        let update = QuoteLineItemUpdate::standard(LINE, 2, QuoteBillingTerm::Monthly, DAY);
        assert_eq!(refusal(items().update(vec![update])), "line item 0: price is required");
        assert_eq!(refusal(items().delete_many([])), "no line items to delete");
    }

    #[test]
    fn update_and_deletes_have_their_method_path_and_body() {
        let update = items()
            .update(vec![QuoteLineItemUpdate::standard(LINE, 12, QuoteBillingTerm::OneYear, DAY).price(Decimal::TEN)]);
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
        let r = many.request();
        assert_eq!((r.method, r.path_and_query()), (Method::Post, format!("/quotes/{QUOTE}/line-items/bulk-delete")));
        assert_eq!(r.json_body().unwrap(), json!({"lineItemIds": [LINE, PRODUCT]}));
    }
}
