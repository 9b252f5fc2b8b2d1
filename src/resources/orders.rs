//! `client.orders()`: list, get and create orders.

use std::time::Duration;

use uuid::Uuid;

use crate::client::{Client, Family};
use crate::error::Result;
use crate::http::Method;
use crate::models::orders::OrderCreate;
use crate::models::{NewLineItem, Order, OrderedBy};
use crate::pagination::{ListSpec, paged};
use crate::query::filters;
use crate::request::{self, Call};

impl Client {
    /// Orders placed for the partner's companies.
    pub fn orders(&self) -> Orders {
        Orders { client: self.clone() }
    }
}

/// Handle for `/orders`. Get it with [`Client::orders`].
#[derive(Debug, Clone)]
pub struct Orders {
    client: Client,
}

impl Orders {
    /// `GET /orders`: every order, or one company's.
    ///
    /// Pax8 returns the oldest orders first and ignores a `status` filter, so none is
    /// offered. Scheduled (future-dated) orders are not listed. On large tenants this call
    /// has taken over 30 seconds: raise the time limit with [`ListOrders::timeout`].
    pub fn list(&self) -> ListOrders {
        ListOrders { list: ListSpec::new(&self.client, Family::Partner, "/orders".into()) }
    }

    /// `GET /orders/{id}`.
    pub fn get(&self, id: Uuid) -> Call<Order> {
        Call::new(&self.client, Method::Get, Family::Partner, format!("/orders/{id}"), request::json)
    }

    /// `POST /orders`: orders products for a company. The company and at least one line
    /// item (each with product, billing term and quantity) are required, checked before
    /// sending. With [`mock(true)`](CreateOrder::mock) Pax8 only validates the order.
    ///
    /// A create is never retried on a timeout or a 5xx, so an order is not placed twice;
    /// such an error leaves it unknown whether the order exists.
    ///
    /// ```no_run
    /// use pax8::models::{BillingTerm, NewLineItem};
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (company_id, product_id) = (uuid::Uuid::nil(), uuid::Uuid::nil());
    /// let order = client
    ///     .orders()
    ///     .create()
    ///     .company_id(company_id)
    ///     .line_item(NewLineItem::new(product_id, BillingTerm::Monthly, 5))
    ///     .mock(true)
    ///     .send()?;
    /// # let _ = order;
    /// # Ok(()) }
    /// ```
    pub fn create(&self) -> CreateOrder {
        CreateOrder {
            call: Call::new(&self.client, Method::Post, Family::Partner, "/orders".into(), request::json),
            body: OrderCreate::default(),
            mock: false,
        }
    }
}

/// Builder for `GET /orders`.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send(), .pages() or .items()"]
pub struct ListOrders {
    list: ListSpec,
}

impl ListOrders {
    filters! {
        /// Only the orders of this company.
        company_id("companyId"): Uuid,
    }
}
paged!(ListOrders, Order);

/// Builder for `POST /orders`.
#[derive(Debug)]
#[must_use = "nothing is sent until .send()"]
pub struct CreateOrder {
    call: Call<Order>,
    body: OrderCreate,
    mock: bool,
}

impl CreateOrder {
    /// The company to order for (required).
    pub fn company_id(mut self, id: Uuid) -> Self {
        self.body.company_id = Some(id);
        self
    }

    /// Adds a line item (at least one is required; may be called several times).
    pub fn line_item(mut self, item: NewLineItem) -> Self {
        self.body.line_items.push(item);
        self
    }

    /// Who places the order. Written `Pax8 Partner` for [`OrderedBy::Pax8Partner`], the
    /// spelling creation requires.
    pub fn ordered_by(mut self, by: OrderedBy) -> Self {
        self.body.ordered_by = Some(by);
        self
    }

    /// Email of the user placing the order.
    pub fn ordered_by_user_email(mut self, email: impl Into<String>) -> Self {
        self.body.ordered_by_user_email = Some(email.into());
        self
    }

    /// `true`: only validate the order (query `isMock=true`); nothing is created. Default
    /// `false`.
    pub fn mock(mut self, mock: bool) -> Self {
        self.mock = mock;
        self
    }

    /// Overrides the client's overall timeout for this request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.call = self.call.timeout(timeout);
        self
    }

    /// Numbers the line items the caller did not (`1..n`), checks the order (parent line
    /// item numbers included), then places it (or only validates it, with `mock(true)`).
    pub fn send(self) -> Result<Order> {
        let call = if self.mock { self.call.param("isMock", true) } else { self.call };
        let mut body = self.body;
        body.number_line_items();
        let missing = body.missing();
        call.json(&body).invalid(missing).send()
    }
}
