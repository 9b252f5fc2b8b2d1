//! Integration tests against mockito: one binary, a module per resource.

mod common;

mod auth;
mod cassettes;
mod client;
mod companies;
mod contacts;
mod errors;
mod errors_ux;
mod fleet;
mod hardening;
mod hardening_two;
mod invoices;
mod models_exact;
mod orders;
mod pagination;
mod prefetch;
mod products;
mod provisioning;
mod quote_attachments;
mod quotes;
mod resilience;
mod subscriptions;
mod testing_kit;
mod transport;
mod usage;
mod vendor_usage;
mod webhooks;
