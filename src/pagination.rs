//! [`Page`], the one pager, and its lazy iterators [`Pages`] and [`Items`].
//!
//! Every list of every API family goes through one pager; what differs between the families
//! (the name of the page-size parameter and its maximum, the sort separator) is a paging
//! style chosen by the family, and what a list sends beside its page (quoting's
//! `statusCounts`) is the list's [`Envelope`] type. A new list is a builder struct, a
//! `paged!` line and its model.

use std::fmt;
use std::iter::FusedIterator;
use std::marker::PhantomData;
use std::time::Duration;

use crate::error::{Error, Result};
pub use crate::family::MAX_PAGE_SIZE;
use crate::http::{AsExecutor, Executor, Family, Method, Request, Response, Sink};
use crate::models::SortDirection;
pub use crate::page::{Envelope, Page};
use crate::query::Query;
use crate::request::decode_body;

mod prefetch;
pub use prefetch::MAX_PREFETCH;
use prefetch::Prefetch;

/// The page size `pages()` and `items()` use when none is set.
pub const DEFAULT_ITERATION_PAGE_SIZE: u32 = 200;

/// What every list builder holds: the request (family, path, filters, timeout) and where
/// to start.
#[derive(Debug, Clone)]
pub(crate) struct ListSpec {
    executor: Executor,
    pub(crate) request: Request,
    page: Option<u32>,
    size: Option<u32>,
    /// Pages fetched ahead by worker threads when iterating; 0 and 1 mean none.
    prefetch: usize,
    /// What is wrong with the filters (a required one missing, two that exclude each other),
    /// refused before anything is sent.
    rule: Option<fn(&Query) -> Option<String>>,
}

impl ListSpec {
    /// A list sent by `client`'s executor (a [`Client`](crate::Client) or the executor itself).
    pub(crate) fn new(client: &impl AsExecutor, family: Family, path: impl Into<String>) -> Self {
        let request = Request::new(Method::Get, family, path);
        ListSpec { executor: client.executor().clone(), request, page: None, size: None, prefetch: 0, rule: None }
    }

    /// Refuses the list before sending when `rule` names a problem with its filters.
    pub(crate) fn with_rule(mut self, rule: fn(&Query) -> Option<String>) -> Self {
        self.rule = Some(rule);
        self
    }

    pub(crate) fn set_prefetch(&mut self, n: usize) {
        self.prefetch = n;
    }

    pub(crate) fn set_page(&mut self, n: u32) {
        self.page = Some(n);
    }

    pub(crate) fn set_size(&mut self, n: u32) {
        self.size = Some(n);
    }

    pub(crate) fn set_timeout(&mut self, t: Duration) {
        self.request.timeout = Some(t);
    }

    /// Sets `sort` to `field` and `direction`, joined the family's way.
    pub(crate) fn set_sort(&mut self, field: &str, direction: SortDirection) {
        let sep = self.request.family.paging().sort_separator;
        self.request.query.set("sort", format!("{field}{sep}{}", direction.as_str()));
    }

    fn check(&self) -> Result<()> {
        if let Some(why) = self.rule.and_then(|rule| rule(&self.request.query)) {
            return Err(Error::InvalidInput(why));
        }
        let max = self.request.family.paging().max_size;
        if let Some(s) = self.size
            && !(1..=max).contains(&s)
        {
            return Err(Error::InvalidInput(format!("page_size must be between 1 and {max}, got {s}")));
        }
        if self.request.timeout.is_some_and(|t| t.is_zero()) {
            return Err(Error::InvalidInput("timeout must be greater than zero".into()));
        }
        Ok(())
    }

    /// The request of one page: `page`/size sent when given, under the family's names.
    pub(crate) fn page_request(&self, page: Option<u32>, size: Option<u32>) -> Request {
        let mut request = self.request.clone();
        request.query.set_opt("page", page);
        request.query.set_opt(self.request.family.paging().size_key, size);
        request
    }

    /// Fetches one page.
    fn fetch<E: Envelope>(&self, page: Option<u32>, size: Option<u32>) -> Result<E> {
        Self::decode(&self.fetch_response(page, size)?)
    }

    /// Fetches one page, undecoded (what prefetch workers do).
    fn fetch_response(&self, page: Option<u32>, size: Option<u32>) -> Result<Response> {
        self.executor.execute(&self.page_request(page, size), Sink::Memory)
    }

    /// Decodes one page.
    fn decode<E: Envelope>(resp: &Response) -> Result<E> {
        decode_body(crate::request::json::<E>, resp)
    }

    /// One page: the one set with `page(n)` (or the server's first), at the size set with
    /// `page_size(n)` (or the server's default).
    pub(crate) fn send<E: Envelope>(self) -> Result<E> {
        self.check()?;
        self.fetch(self.page, self.size)
    }

    /// Lazy pages from `page(n)` (default 0), `page_size(n)` (default 200) each.
    pub(crate) fn pages<T, E: Envelope<Item = T>>(self) -> Pages<T, E> {
        let state = match self.check() {
            Ok(()) => State::Next(self.page.unwrap_or(0)),
            Err(e) => State::Invalid(e),
        };
        let size = self.size.unwrap_or(DEFAULT_ITERATION_PAGE_SIZE);
        Pages { spec: self, size, state, totals: None, received: 0, _item: PhantomData }
    }
}

enum State {
    Next(u32),
    /// Worker threads fetch the pages ahead (`prefetch(n)`, n >= 2, once the first page told
    /// the total).
    Prefetching(Prefetch),
    Invalid(Error),
    Done,
}

/// Lazy iterator over pages: each `next()` fetches one page, only when called.
///
/// It stops after the last page (`number + 1 >= total_pages`) or an empty page, and after
/// yielding an error: a failed page is yielded as the same [`Error`] `send()` would return
/// (retries already spent), with the page to resume from with `.page(n)` in
/// [`Error::failed_page`]. `E` is what each request answers:
/// the [`Page`] itself for most lists.
///
/// With `prefetch(n)` on the list builder (n >= 2), the pages after the first are fetched
/// ahead by up to `n` worker threads; they still come out in this order, and the rules
/// above hold unchanged. Dropping the iterator stops the workers and waits for the requests
/// they have in flight.
#[must_use = "iterators are lazy: nothing is fetched until iterated"]
pub struct Pages<T, E = Page<T>> {
    spec: ListSpec,
    size: u32,
    state: State,
    /// `total_elements` and `total_pages` of the last page fetched.
    totals: Option<(u64, u32)>,
    /// Items received so far, to stop a listing that keeps going past its announced total.
    received: u64,
    _item: PhantomData<fn() -> (T, E)>,
}

impl<T, E> fmt::Debug for Pages<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let next = match &self.state {
            State::Next(n) => Some(*n),
            State::Prefetching(p) => Some(p.position()),
            _ => None,
        };
        f.debug_struct("Pages").field("spec", &self.spec).field("next_page", &next).finish()
    }
}

impl<T, E: Envelope<Item = T>> Iterator for Pages<T, E> {
    type Item = Result<E>;

    fn next(&mut self) -> Option<Self::Item> {
        let (n, prefetch, fetched) = match std::mem::replace(&mut self.state, State::Done) {
            State::Done => return None,
            State::Invalid(e) => return Some(Err(e)),
            State::Next(n) => (n, None, self.spec.fetch::<E>(Some(n), Some(self.size))),
            State::Prefetching(mut p) => {
                let (n, fetched) = p.next::<E>()?;
                (n, Some(p), fetched)
            }
        };
        // The state stays `Done` (which stops any prefetch) after an error or the last page.
        match fetched {
            Ok(envelope) => {
                let page = envelope.page();
                let first = self.totals.is_none();
                self.totals = Some((page.total_elements, page.total_pages));
                self.received = self.received.saturating_add(page.items.len() as u64);
                // A server that ignores `page` answers another page than the one asked for:
                // its items would come again, so the listing ends here (after yielding the
                // first answer, which is all the caller has). A listing that keeps
                // going past the total it announced ends too (an absurd `totalPages`).
                if page.number != n {
                    warn_stop(&self.spec, n, page.number);
                    // The first answer is all there is; a later one repeats what came before.
                    return first.then_some(Ok(envelope));
                }
                let past_total = page.total_elements > 0 && self.received >= page.total_elements;
                if !page.is_last() && !past_total {
                    self.state = match prefetch {
                        Some(p) => {
                            p.extend(page.total_pages);
                            State::Prefetching(p)
                        }
                        None => {
                            let next = n.saturating_add(1);
                            Prefetch::start(&self.spec, self.size, next, page.total_pages)
                                .map_or(State::Next(next), State::Prefetching)
                        }
                    };
                }
                Some(Ok(envelope))
            }
            Err(e) => Some(Err(e.at_page(n))),
        }
    }
}

impl<T, E: Envelope<Item = T>> FusedIterator for Pages<T, E> {}

/// Says (feature `log`) that a listing ended because the server answered another page.
fn warn_stop(spec: &ListSpec, asked: u32, got: u32) {
    #[cfg(feature = "log")]
    log::warn!("pax8: {} answered page {got} when asked for page {asked}; the listing ends here", spec.request.path);
    #[cfg(not(feature = "log"))]
    let _ = (spec, asked, got);
}

impl<T, E: Envelope<Item = T>> Pages<T, E> {
    /// Flattens into items, still lazily.
    pub fn items(self) -> Items<T, E> {
        Items { pages: self, current: Vec::new().into_iter() }
    }
}

impl<T, E> Pages<T, E> {
    /// Items in all pages, as the latest page fetched reports it; `None` until the first
    /// page is in. For progress displays.
    pub fn total_elements(&self) -> Option<u64> {
        self.totals.map(|t| t.0)
    }

    /// Number of pages, as the latest page fetched reports it; `None` until the first page
    /// is in.
    pub fn total_pages(&self) -> Option<u32> {
        self.totals.map(|t| t.1)
    }
}

/// Lazy iterator over the items of every page; fetches the next page only when the
/// current one is used up. Ends after yielding an error (see [`Pages`]).
#[must_use = "iterators are lazy: nothing is fetched until iterated"]
pub struct Items<T, E = Page<T>> {
    pages: Pages<T, E>,
    current: std::vec::IntoIter<T>,
}

impl<T, E> fmt::Debug for Items<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").field("pages", &self.pages).field("buffered", &self.current.len()).finish()
    }
}

impl<T, E: Envelope<Item = T>> Iterator for Items<T, E> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.current.next() {
                return Some(Ok(item));
            }
            match self.pages.next()? {
                Ok(envelope) => self.current = envelope.into_page().items.into_iter(),
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// The same items as [`next`](Self::next), handed out by each page's own `fold`, so that
    /// an item goes from the page straight into `f` (`for_each`, `fold`, `count`, `last`,
    /// `sum` use it); ends after an error, as `next` does.
    fn fold<B, F: FnMut(B, Self::Item) -> B>(mut self, init: B, mut f: F) -> B {
        let mut acc = std::mem::take(&mut self.current).fold(init, |acc, item| f(acc, Ok(item)));
        loop {
            match self.pages.next() {
                None => return acc,
                Some(Ok(envelope)) => {
                    acc = envelope.into_page().items.into_iter().fold(acc, |acc, item| f(acc, Ok(item)));
                }
                Some(Err(e)) => return f(acc, Err(e)),
            }
        }
    }
}

impl<T, E: Envelope<Item = T>> FusedIterator for Items<T, E> {}

impl<T, E> Items<T, E> {
    /// Items in all pages, as the latest page fetched reports it; `None` until the first
    /// page is in (after the first `next()`).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// let mut items = client.subscriptions().list().items();
    /// let mut done = 0;
    /// while let Some(subscription) = items.next() {
    ///     let _ = subscription?;
    ///     done += 1;
    ///     eprint!("\r{done}/{}", items.total_elements().unwrap_or(0));
    /// }
    /// # Ok(()) }
    /// ```
    pub fn total_elements(&self) -> Option<u64> {
        self.pages.total_elements()
    }

    /// Number of pages, as the latest page fetched reports it; `None` until the first page
    /// is in.
    pub fn total_pages(&self) -> Option<u32> {
        self.pages.total_pages()
    }
}

/// Adds the paging setters and terminal calls (and `sort`, given the list's sort-field enum)
/// to a list builder whose `list` field is a [`ListSpec`]. The envelope defaults to
/// `Page<item>`; a list that sends more beside its page names its envelope type. One macro,
/// so that every list of every family reads the same.
macro_rules! paged {
    ($builder:ident, $item:ty, sort: $sort:ty $(, envelope: $env:ty)?) => {
        impl $builder {
            /// Sort by `field` in `direction`.
            pub fn sort(mut self, field: $sort, direction: $crate::SortDirection) -> Self {
                self.list.set_sort(field.as_str(), direction);
                self
            }
        }
        $crate::pagination::paged!($builder, $item $(, envelope: $env)?);
    };
    ($builder:ident, $item:ty) => {
        $crate::pagination::paged!($builder, $item, envelope: $crate::Page<$item>);
    };
    ($builder:ident, $item:ty, envelope: $env:ty) => {
        impl $builder {
            /// Zero-based page to fetch, or to start iterating from. Default 0.
            pub fn page(mut self, n: u32) -> Self {
                self.list.set_page(n);
                self
            }

            /// Items per page, 1 to 200. Default: Pax8's for `send()`, 200 when iterating.
            pub fn page_size(mut self, n: u32) -> Self {
                self.list.set_size(n);
                self
            }

            /// Overrides the client's overall timeout for each request of this list.
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.list.set_timeout(timeout);
                self
            }

            /// When iterating (`pages()`, `items()`), fetch up to `n` pages ahead on worker
            /// threads once the first page tells the total. Items still come in order, each
            /// once; the rate limit and retries apply to every request; a failed page ends
            /// the iteration in order, as without prefetch. Default 0: one page at a time
            /// (1 is the same). At most `n` pages wait in memory besides the one being read;
            /// `n` is capped at [`MAX_PREFETCH`]($crate::pagination::MAX_PREFETCH).
            /// Dropping the iterator stops the workers and waits for requests in flight.
            pub fn prefetch(mut self, n: usize) -> Self {
                self.list.set_prefetch(n);
                self
            }

            /// Fetches one page.
            pub fn send(self) -> $crate::Result<$env> {
                self.list.send()
            }

            /// Every page, lazily: one request per `next()`, from `page(n)` (default 0).
            ///
            /// ```no_run
            /// # fn main() -> pax8::Result<()> {
            /// # let client = pax8::Client::from_env()?;
            /// // Shown with companies; every list pages the same way.
            /// for page in client.companies().list().page_size(100).pages() {
            ///     let page = page?;
            ///     println!("page {} of {}: {} items", page.number + 1, page.total_pages, page.items.len());
            /// }
            /// # Ok(()) }
            /// ```
            pub fn pages(self) -> $crate::pagination::Pages<$item, $env> {
                self.list.pages()
            }

            /// Every item of every page, lazily; a failed page is the same error `send()`
            /// gives, with [`failed_page`]($crate::Error::failed_page) to resume from.
            ///
            /// ```no_run
            /// # fn main() -> pax8::Result<()> {
            /// # let client = pax8::Client::from_env()?;
            /// // Shown with companies; every list iterates the same way.
            /// for company in client.companies().list().items() {
            ///     let company = company?;
            ///     println!("{}", company.name);
            /// }
            /// # Ok(()) }
            /// ```
            pub fn items(self) -> $crate::pagination::Items<$item, $env> {
                self.list.pages().items()
            }
        }
    };
}
pub(crate) use paged;

/// A webhooks-style list and a quoting-style list, declared here as their resource files
/// would: a builder struct, a `paged!` line and the model (plus, for quoting, the envelope
/// with its extra metadata). Nothing else is needed: the family picks the size parameter,
/// its maximum and the sort format.
#[cfg(test)]
#[allow(dead_code)] // the generated setters these tests do not call
mod family_tests {
    use super::*;
    use crate::Client;
    use crate::page::PageMeta;
    use crate::resources::tests::list_wire;
    use serde::{Deserialize, Deserializer};
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Hook {
        id: u32,
    }

    struct HookSort;
    impl HookSort {
        fn as_str(&self) -> &'static str {
            "createdDate"
        }
    }

    #[derive(Debug, Clone)]
    struct ListHooks {
        list: ListSpec,
    }
    paged!(ListHooks, Hook, sort: HookSort);

    #[derive(Debug, Deserialize, PartialEq)]
    struct Quote {
        id: u32,
    }

    /// The quotes list answers its page and counts per status.
    #[derive(Debug)]
    struct QuoteList {
        page: Page<Quote>,
        status_counts: BTreeMap<String, u32>,
    }

    impl<'de> Deserialize<'de> for QuoteList {
        fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
            #[derive(Deserialize, Default)]
            #[serde(rename_all = "camelCase", default)]
            struct Wire {
                content: Option<Vec<Quote>>,
                page: PageMeta,
                status_counts: BTreeMap<String, u32>,
            }
            let w = Wire::deserialize(d)?;
            Ok(QuoteList {
                page: Page::from_parts(w.content.unwrap_or_default(), w.page),
                status_counts: w.status_counts,
            })
        }
    }

    impl Envelope for QuoteList {
        type Item = Quote;
        fn page(&self) -> &Page<Quote> {
            &self.page
        }
        fn into_page(self) -> Page<Quote> {
            self.page
        }
    }

    #[derive(Debug, Clone)]
    struct ListQuotes {
        list: ListSpec,
    }
    paged!(ListQuotes, Quote, sort: HookSort, envelope: QuoteList);

    fn client(server: &mockito::ServerGuard) -> Client {
        Client::builder().base_url(server.url()).access_token("t").no_proxy().no_rate_limit().build().unwrap()
    }

    #[test]
    fn a_webhooks_style_list_pages_with_size_and_sorts_with_a_colon() {
        let mut server = mockito::Server::new();
        let c = client(&server);
        let hooks = ListHooks { list: ListSpec::new(&c, Family::Webhooks, "/webhooks") };
        assert_eq!(
            list_wire(&hooks.clone().sort(HookSort, SortDirection::Desc).list),
            "/webhooks?sort=createdDate:desc&page=0&size=200"
        );
        let m0 = server
            .mock("GET", "/api/v2/webhooks")
            .match_query("sort=createdDate:desc&page=0&size=2")
            .with_body(
                r#"{"content":[{"id":1},{"id":2}],"page":{"number":0,"size":2,"totalElements":3,"totalPages":2}}"#,
            )
            .create();
        let m1 = server
            .mock("GET", "/api/v2/webhooks")
            .match_query("sort=createdDate:desc&page=1&size=2")
            .with_body(r#"{"content":[{"id":3}],"number":1,"size":2,"totalElements":3,"totalPages":2}"#)
            .create();
        let ids: Vec<u32> =
            hooks.sort(HookSort, SortDirection::Desc).page_size(2).items().map(|h| h.unwrap().id).collect();
        assert_eq!(ids, [1, 2, 3]);
        m0.assert();
        m1.assert();
        assert!(ListHooks { list: ListSpec::new(&c, Family::Webhooks, "/webhooks") }.page_size(201).send().is_err());
    }

    #[test]
    fn a_quoting_style_list_pages_with_limit_and_keeps_status_counts() {
        let mut server = mockito::Server::new();
        let c = client(&server);
        let list = || ListQuotes { list: ListSpec::new(&c, Family::Quoting, "/quotes") };
        let m = server
            .mock("GET", "/v2/quotes")
            .match_query("sort=createdDate,asc&page=0&limit=50")
            .with_body(
                r#"{"content":[{"id":7}],"page":{"number":0,"size":50,"totalElements":1,"totalPages":1},
                    "statusCounts":{"draft":1,"sent":0}}"#,
            )
            .expect(2)
            .create();
        let first = list().sort(HookSort, SortDirection::Asc).page(0).page_size(50).send().unwrap();
        assert_eq!(first.page.items, [Quote { id: 7 }]);
        assert_eq!(first.status_counts.get("draft"), Some(&1));
        let all: Vec<Quote> =
            list().sort(HookSort, SortDirection::Asc).page_size(50).items().map(|q| q.unwrap()).collect();
        assert_eq!(all, [Quote { id: 7 }]);
        m.assert();
    }
}
