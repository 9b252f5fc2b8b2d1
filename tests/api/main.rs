//! Integration tests against mockito: one binary, a module per resource.

mod common;

mod auth;
mod client;
mod companies;
mod contacts;
mod errors;
mod invoices;
mod models_exact;
mod orders;
mod pagination;
mod products;
mod resilience;
mod subscriptions;
mod usage;
