//! `client.invoices()`: invoices, their items, and the draft items of the coming invoice.

use rust_decimal::Decimal;
use uuid::Uuid;

use crate::client::{Client, Family};
use crate::http::Method;
use crate::models::{Invoice, InvoiceItem, InvoiceSort, InvoiceStatus, MonthOffset};
use crate::pagination::{ListSpec, paged};
use crate::query::filters;
use crate::request::{self, Call};

impl Client {
    /// The partner's invoices from Pax8.
    pub fn invoices(&self) -> Invoices {
        Invoices { client: self.clone() }
    }
}

/// Handle for `/invoices`. Get it with [`Client::invoices`].
#[derive(Debug, Clone)]
pub struct Invoices {
    client: Client,
}

impl Invoices {
    fn list_spec(&self, path: String) -> ListSpec {
        ListSpec::new(&self.client, Family::Partner, path)
    }

    /// `GET /invoices`: a filtered, sorted list.
    pub fn list(&self) -> ListInvoices {
        ListInvoices { list: self.list_spec("/invoices".into()) }
    }

    /// `GET /invoices/{id}`.
    pub fn get(&self, id: Uuid) -> Call<Invoice> {
        Call::new(&self.client, Method::Get, Family::Partner, format!("/invoices/{id}"), request::json)
    }

    /// `GET /invoices/{invoiceId}/items`: the lines of one invoice.
    pub fn items(&self, invoice_id: Uuid) -> ListInvoiceItems {
        ListInvoiceItems { list: self.list_spec(format!("/invoices/{invoice_id}/items")) }
    }

    /// `GET /invoices/draftItems`: the items of the invoice not issued yet (next month's
    /// unless [`month_offset`](ListDraftInvoiceItems::month_offset) says otherwise). Large
    /// partners may see 408 here: use a smaller page size.
    pub fn draft_items(&self) -> ListDraftInvoiceItems {
        ListDraftInvoiceItems { list: self.list_spec("/invoices/draftItems".into()) }
    }
}

/// Builder for `GET /invoices`.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send(), .pages() or .items()"]
pub struct ListInvoices {
    list: ListSpec,
}

impl ListInvoices {
    filters! {
        /// Only invoices with this status.
        status("status"): InvoiceStatus,
        /// Only invoices of this date.
        invoice_date("invoiceDate"): date,
        /// Only invoices dated on or after this date.
        invoice_date_range_start("invoiceDateRangeStart"): date,
        /// Only invoices dated on or before this date.
        invoice_date_range_end("invoiceDateRangeEnd"): date,
        /// Only invoices due on this date.
        due_date("dueDate"): date,
        /// Only invoices with this total.
        total("total"): Decimal,
        /// Only invoices with this balance.
        balance("balance"): Decimal,
        /// Only invoices with this carried balance.
        carried_balance("carriedBalance"): Decimal,
        /// Only invoices of this company.
        company_id("companyId"): Uuid,
    }
}
paged!(ListInvoices, Invoice, sort: InvoiceSort);

/// Builder for `GET /invoices/{invoiceId}/items`.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send(), .pages() or .items()"]
pub struct ListInvoiceItems {
    list: ListSpec,
}
paged!(ListInvoiceItems, InvoiceItem);

/// Builder for `GET /invoices/draftItems`.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send(), .pages() or .items()"]
pub struct ListDraftInvoiceItems {
    list: ListSpec,
}

impl ListDraftInvoiceItems {
    filters! {
        /// Which month: the current one or the next (Pax8's default).
        month_offset("monthOffset"): MonthOffset,
        /// Only the items of this company.
        company_id("companyId"): Uuid,
    }
}
paged!(ListDraftInvoiceItems, InvoiceItem);
