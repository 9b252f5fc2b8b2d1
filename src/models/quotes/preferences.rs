//! The partner's quote preferences: defaults for new quotes and their standard attachments.

use crate::models::common::checked_model;
use rust_decimal::Decimal;
use serde::Serialize;

use super::QuoteAttachment;
use crate::models::common::null_as_empty;
use crate::models::ids::AttachmentId;

checked_model! {
    /// The partner's quote preferences (the spec's `PreferencesResponse`; the answer to an update,
    /// `QuotePreferencesResult`, is the same without attachments, read here with them empty).
    #[derive(Debug, Clone, PartialEq, Default, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct QuotePreferences {
        /// Days until a new quote expires (`None` when absent or `null`, e.g. never set).
        pub days_to_expire: Option<i32>,
        /// The default intro message.
        pub intro_message: Option<String>,
        /// The default terms and disclaimers.
        pub terms_and_disclaimers: Option<String>,
        /// The default sales margin in percent, exact.
        #[serde(with = "crate::models::money::option")]
        pub sales_margin_percentage: Option<Decimal>,
        /// Attachments added to every new quote.
        #[serde(deserialize_with = "null_as_empty")]
        pub attachments: Vec<QuoteAttachment>,
    }
    "quote preferences"
}

/// The body of `PUT /v2/quote-preferences` (the spec's `PreferencesPayload`).
///
/// Only the fields set are written. The spec marks days to expire, intro message and terms
/// required (the margin is optional): set all three, or fill the others from the current
/// preferences with [`fill_from`](Self::fill_from); [`missing`](Self::missing) names the unset
/// ones.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PreferencesUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    days_to_expire: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    intro_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    terms_and_disclaimers: Option<String>,
    #[serde(with = "crate::models::money::option", skip_serializing_if = "Option::is_none")]
    sales_margin_percentage: Option<Decimal>,
}

impl PreferencesUpdate {
    /// An update that sets nothing yet.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// An update holding the current values (those not set stay unset).
    pub(crate) fn from_preferences(p: &QuotePreferences) -> Self {
        PreferencesUpdate {
            days_to_expire: p.days_to_expire,
            intro_message: p.intro_message.clone(),
            terms_and_disclaimers: p.terms_and_disclaimers.clone(),
            sales_margin_percentage: p.sales_margin_percentage,
        }
    }

    /// Fills every field not set here from `p`.
    pub(crate) fn fill_from(self, p: &QuotePreferences) -> Self {
        let base = Self::from_preferences(p);
        PreferencesUpdate {
            days_to_expire: self.days_to_expire.or(base.days_to_expire),
            intro_message: self.intro_message.or(base.intro_message),
            terms_and_disclaimers: self.terms_and_disclaimers.or(base.terms_and_disclaimers),
            sales_margin_percentage: self.sales_margin_percentage.or(base.sales_margin_percentage),
        }
    }

    /// Days until a new quote expires (at least 1).
    pub(crate) fn days_to_expire(mut self, days: i32) -> Self {
        self.days_to_expire = Some(days);
        self
    }

    /// The default intro message.
    pub(crate) fn intro_message(mut self, text: impl Into<String>) -> Self {
        self.intro_message = Some(text.into());
        self
    }

    /// The default terms and disclaimers.
    pub(crate) fn terms_and_disclaimers(mut self, text: impl Into<String>) -> Self {
        self.terms_and_disclaimers = Some(text.into());
        self
    }

    /// The default sales margin in percent, exact.
    pub(crate) fn sales_margin_percentage(mut self, percent: Decimal) -> Self {
        self.sales_margin_percentage = Some(percent);
        self
    }

    /// Names the spec-required fields not set (wire names), or `None`.
    pub(crate) fn missing(&self) -> Option<String> {
        super::unset_fields(
            "a preferences update",
            &[
                ("daysToExpire", self.days_to_expire.is_none()),
                ("introMessage", self.intro_message.is_none()),
                ("termsAndDisclaimers", self.terms_and_disclaimers.is_none()),
            ],
        )
    }

    /// Refuses days to expire below 1.
    pub(crate) fn check(&self) -> Option<String> {
        self.days_to_expire.filter(|d| *d < 1).map(|d| format!("days_to_expire must be at least 1, got {d}"))
    }
}

/// The body of `POST /v2/quote-preferences/attachments`: library attachments to add to every
/// new quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PreferenceAttachmentsBody {
    attachments: Vec<AttachmentId>,
}

impl PreferenceAttachmentsBody {
    /// Adds these attachments.
    pub(crate) fn new(ids: impl IntoIterator<Item = AttachmentId>) -> Self {
        PreferenceAttachmentsBody { attachments: ids.into_iter().collect() }
    }

    /// Refuses an empty list.
    pub(crate) fn check(&self) -> Option<String> {
        self.attachments.is_empty().then(|| "no attachments to add".to_owned())
    }
}
