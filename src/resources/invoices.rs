//! `client.invoices()`: invoices, their items, and the draft items of the coming invoice.

use rust_decimal::Decimal;

use crate::client::Client;
use crate::endpoint::endpoint;
use crate::http::{Family, Method};
use crate::models::{CompanyId, Invoice, InvoiceId, InvoiceItem, InvoiceSort, InvoiceStatus, MonthOffset};
use crate::pagination::{ListSpec, paged};
use crate::query::filters;
use crate::request::{self, Call};

impl Client {
    /// The partner's invoices from Pax8.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// use time::macros::date;
    /// let may = client.invoices().list().invoice_date_range_start(date!(2024 - 05 - 01));
    /// for invoice in may.invoice_date_range_end(date!(2024 - 05 - 31)).items() {
    ///     let invoice = invoice?;
    ///     let items = client.invoices().line_items(invoice.id).items().count();
    ///     println!("{}: {items} items", invoice.id);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn invoices(&self) -> InvoicesHandler {
        InvoicesHandler { client: self.clone() }
    }
}

/// Handle for `/invoices`. Get it with [`Client::invoices`].
#[derive(Debug, Clone)]
pub struct InvoicesHandler {
    client: Client,
}

impl InvoicesHandler {
    fn list_spec(&self, path: impl Into<String>) -> ListSpec {
        ListSpec::new(&self.client, Family::Partner, path)
    }

    /// `GET /invoices`: a filtered, sorted list.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// use pax8::SortDirection;
    /// use pax8::models::{InvoiceSort, InvoiceStatus};
    /// let unpaid = client
    ///     .invoices()
    ///     .list()
    ///     .status(InvoiceStatus::Unpaid)
    ///     .sort(InvoiceSort::DueDate, SortDirection::Asc)
    ///     .items()
    ///     .collect::<pax8::Result<Vec<_>>>()?;
    /// for invoice in &unpaid {
    ///     println!("{} due {:?}: {:?} {:?}", invoice.id, invoice.due_date, invoice.balance, invoice.currency_code);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListInvoices {
        ListInvoices { list: self.list_spec("/invoices") }
    }

    /// `GET /invoices/{id}`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// let invoice = client.invoices().get(id).send()?;
    /// println!("{:?} due {:?}: {:?}", invoice.status, invoice.due_date, invoice.balance);
    /// # Ok(()) }
    /// ```
    pub fn get(&self, id: impl Into<InvoiceId>) -> GetInvoice {
        let id = id.into();
        GetInvoice(Call::new(&self.client, Method::Get, Family::Partner, format!("/invoices/{id}"), request::json))
    }

    /// `GET /invoices/{invoiceId}/items`: the lines of one invoice.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let invoice_id = pax8::Uuid::nil();
    /// let mut total = pax8::Decimal::ZERO;
    /// for item in client.invoices().line_items(invoice_id).items() {
    ///     total += item?.total.unwrap_or_default();
    /// }
    /// println!("{total}");
    /// # Ok(()) }
    /// ```
    pub fn line_items(&self, invoice_id: impl Into<InvoiceId>) -> ListInvoiceItems {
        ListInvoiceItems { list: self.list_spec(format!("/invoices/{}/items", invoice_id.into())) }
    }

    /// `GET /invoices/draftItems`: the items of the invoice not issued yet (next month's
    /// unless [`month_offset`](ListDraftInvoiceItems::month_offset) says otherwise). Large
    /// partners may see 408 here: use a smaller page size.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// use pax8::models::MonthOffset;
    /// for item in client.invoices().draft_items().month_offset(MonthOffset::Current).page_size(100).items() {
    ///     let item = item?;
    ///     println!("{:?} {:?}", item.company_name, item.total);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn draft_items(&self) -> ListDraftInvoiceItems {
        ListDraftInvoiceItems { list: self.list_spec("/invoices/draftItems") }
    }
}

endpoint! {
    /// Builder for `GET /invoices/{id}`.
    GetInvoice -> Invoice
}

/// Builder for `GET /invoices`.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send(), .pages() or .items()"]
pub struct ListInvoices {
    list: ListSpec,
}

impl ListInvoices {
    filters! {
        /// Only invoices with this status (`status`).
        status("status"): InvoiceStatus,
        /// Only invoices of this date (`invoiceDate`).
        invoice_date("invoiceDate"): date,
        /// Only invoices dated on or after this date (`invoiceDateRangeStart`).
        invoice_date_range_start("invoiceDateRangeStart"): date,
        /// Only invoices dated on or before this date (`invoiceDateRangeEnd`).
        invoice_date_range_end("invoiceDateRangeEnd"): date,
        /// Only invoices due on this date (`dueDate`).
        due_date("dueDate"): date,
        /// Only invoices with this total (`total`).
        total("total"): Decimal,
        /// Only invoices with this balance (`balance`).
        balance("balance"): Decimal,
        /// Only invoices with this carried balance (`carriedBalance`).
        carried_balance("carriedBalance"): Decimal,
        /// Only invoices of this company (`companyId`).
        company_id("companyId"): (id CompanyId),
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
        /// Which month (`monthOffset`): the current one or the next (Pax8's default).
        month_offset("monthOffset"): MonthOffset,
        /// Only the items of this company (`companyId`).
        company_id("companyId"): (id CompanyId),
    }
}
paged!(ListDraftInvoiceItems, InvoiceItem);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::tests::{client, list_wire};
    use time::macros::date;
    use uuid::Uuid;

    #[test]
    fn list_filters_use_the_wire_names_and_plain_dates() {
        let id = Uuid::nil();
        let list = client()
            .invoices()
            .list()
            .status(InvoiceStatus::Unpaid)
            .invoice_date(date!(2024 - 01 - 01))
            .invoice_date_range_start(date!(2024 - 01 - 01))
            .invoice_date_range_end(date!(2024 - 01 - 31))
            .due_date(date!(2024 - 02 - 15))
            .total(Decimal::new(105, 1))
            .balance(Decimal::ZERO)
            .carried_balance(Decimal::new(125, 2))
            .company_id(id)
            .sort(InvoiceSort::InvoiceDate, crate::SortDirection::Desc)
            .list;
        assert_eq!(
            list_wire(&list),
            format!(
                "/invoices?status=Unpaid&invoiceDate=2024-01-01&invoiceDateRangeStart=2024-01-01\
                 &invoiceDateRangeEnd=2024-01-31&dueDate=2024-02-15&total=10.5&balance=0&carriedBalance=1.25\
                 &companyId={id}&sort=invoiceDate,desc&page=0&size=200"
            )
        );
    }

    #[test]
    fn get_line_items_and_draft_items() {
        let id = Uuid::nil();
        assert_eq!(client().invoices().get(id).request().path_and_query(), format!("/invoices/{id}"));
        assert_eq!(
            list_wire(&client().invoices().line_items(id).list),
            format!("/invoices/{id}/items?page=0&size=200")
        );
        let draft = client().invoices().draft_items().month_offset(MonthOffset::Current).company_id(id);
        assert_eq!(
            list_wire(&draft.list),
            format!("/invoices/draftItems?monthOffset={}&companyId={id}&page=0&size=200", MonthOffset::Current)
        );
    }
}
