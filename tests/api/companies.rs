//! Tests: companies.
