//! Quoting API v2 (`/v2/quotes`, `/v2/quote-attachments`, `/v2/quote-preferences`): quotes,
//! their line items, sections, access lists, attachments and the partner's quote preferences.
//!
//! Money is [`AmountCurrency`] (an exact [`Decimal`](rust_decimal::Decimal) and its currency);
//! the bare prices and costs of the request bodies (`number` in the spec) are exact decimals
//! too. The quoting spec carries no examples and has a few slips; where the models read more
//! than the spec declares, the field says so.

use serde::{Deserialize, Deserializer, Serialize};

use super::common::wire_enum;

mod access_list;
mod attachments;
mod line_items;
mod preferences;
#[allow(clippy::module_inception)]
mod quotes;
mod sections;
#[cfg(test)]
mod tests;

pub use access_list::*;
pub use attachments::*;
pub use line_items::*;
pub use preferences::*;
pub use quotes::*;
pub use sections::*;

wire_enum! {
    /// The status of a quote. Also read from `changesRequested` and upper case, spellings the
    /// status counters may use.
    pub enum QuoteStatus {
        /// Being written by the partner.
        Draft => "draft",
        /// Assigned to a partner user.
        Assigned => "assigned",
        /// Sent to the client.
        Sent => "sent",
        /// Closed.
        Closed => "closed",
        /// Declined by the client.
        Declined => "declined",
        /// Accepted by the client.
        Accepted => "accepted",
        /// The client asked for changes.
        ChangesRequested => "changes_requested" | "changesRequested",
        /// Past its expiry date.
        Expired => "expired",
        /// Pending.
        Pending => "pending",
    }
}

impl QuoteStatus {
    /// The nine statuses the spec lists, in its order.
    pub const ALL: [QuoteStatus; 9] = [
        QuoteStatus::Draft,
        QuoteStatus::Assigned,
        QuoteStatus::Sent,
        QuoteStatus::Closed,
        QuoteStatus::Declined,
        QuoteStatus::Accepted,
        QuoteStatus::ChangesRequested,
        QuoteStatus::Expired,
        QuoteStatus::Pending,
    ];
}

wire_enum! {
    /// Who a quote is from and for.
    pub enum QuoteIntentType {
        /// From the partner to its client.
        PartnerToClient => "PARTNER_TO_CLIENT",
        /// From Pax8 to the partner.
        Pax8ToPartner => "PAX8_TO_PARTNER",
        /// From Pax8 to a client of the partner.
        Pax8ToPartnerClient => "PAX8_TO_PARTNER_CLIENT",
    }
}

wire_enum! {
    /// Whose quotes a list shows (the list's `account` parameter; the server's default is `user`).
    pub enum QuoteAccount {
        /// The calling user's quotes.
        User => "user",
        /// All the partner's quotes.
        Partner => "partner",
    }
}

wire_enum! {
    /// Fields a quote list can be sorted by (the list's `sort` parameter).
    pub enum QuoteSort {
        /// By id.
        Id => "id",
        /// By status.
        Status => "status",
        /// By client name.
        ClientName => "client.name",
        /// By creator.
        CreatedBy => "createdBy",
        /// By creation time.
        CreatedOn => "createdOn",
        /// By last update.
        UpdatedOn => "updatedOn",
        /// By initial total.
        InitialTotal => "totals.initialTotal",
        /// By recurring total.
        RecurringTotal => "totals.recurringTotal",
    }
}

wire_enum! {
    /// A billing term as the quoting API spells it (`1 Year`, not the partner API's `Annual`
    /// alone or `2-Year`). Custom line items take `Monthly`, `Annual`, `Trial` and `One-Time` only.
    pub enum QuoteBillingTerm {
        /// Billed every month.
        Monthly => "Monthly",
        /// Billed once a year.
        Annual => "Annual",
        /// A one-year term.
        OneYear => "1 Year",
        /// A two-year term.
        TwoYear => "2 Year",
        /// A three-year term.
        ThreeYear => "3 Year",
        /// A trial.
        Trial => "Trial",
        /// An activation fee.
        Activation => "Activation",
        /// Billed once.
        OneTime => "One-Time",
    }
}

wire_enum! {
    /// The `type` code of one entry of a quoting error body's `details` (the spec's
    /// `ErrorDetails.type`). Read it from [`ErrorDetail::kind`](crate::ErrorDetail) with
    /// [`QuoteErrorCode::from_wire`].
    pub enum QuoteErrorCode {
        /// `ACCESS_DENIED_IMPERSONATION`.
        AccessDeniedImpersonation => "ACCESS_DENIED_IMPERSONATION",
        /// `ACCESS_DENIED_REQUESTED_RESOURCE`.
        AccessDeniedRequestedResource => "ACCESS_DENIED_REQUESTED_RESOURCE",
        /// `ACCESS_LIST_LIMIT_EXCEEDED`.
        AccessListLimitExceeded => "ACCESS_LIST_LIMIT_EXCEEDED",
        /// `CLIENT_ACCESS_DENIED`.
        ClientAccessDenied => "CLIENT_ACCESS_DENIED",
        /// `RESOURCE_NOT_FOUND`.
        ResourceNotFound => "RESOURCE_NOT_FOUND",
        /// `BAD_REQUEST`.
        BadRequest => "BAD_REQUEST",
        /// `FAILED_ORDER_VALIDATION`.
        FailedOrderValidation => "FAILED_ORDER_VALIDATION",
        /// `INVALID_REQUEST_FIELD`.
        InvalidRequestField => "INVALID_REQUEST_FIELD",
        /// `QUOTE_NOT_FOUND`.
        QuoteNotFound => "QUOTE_NOT_FOUND",
        /// `QUOTE_INVALID_STATUS`.
        QuoteInvalidStatus => "QUOTE_INVALID_STATUS",
        /// `QUOTE_VALIDATION`.
        QuoteValidation => "QUOTE_VALIDATION",
        /// `QUOTE_EMIT_FAILED`.
        QuoteEmitFailed => "QUOTE_EMIT_FAILED",
        /// `CREATE_QUOTE_FAILED`.
        CreateQuoteFailed => "CREATE_QUOTE_FAILED",
        /// `QUOTE_ALREADY_DELETED`.
        QuoteAlreadyDeleted => "QUOTE_ALREADY_DELETED",
        /// `QUOTE_NOT_VALID`.
        QuoteNotValid => "QUOTE_NOT_VALID",
        /// `QUOTE_UPSERT_FAILED`.
        QuoteUpsertFailed => "QUOTE_UPSERT_FAILED",
        /// `QUOTE_COMPANY_PARTNER_COMPATIBILITY_CHECK_FAILED`.
        QuoteCompanyPartnerCompatibilityCheckFailed => "QUOTE_COMPANY_PARTNER_COMPATIBILITY_CHECK_FAILED",
        /// `QUOTE_REQUEST_COMPANY_COMPATIBILITY_CHECK_FAILED`.
        QuoteRequestCompanyCompatibilityCheckFailed => "QUOTE_REQUEST_COMPANY_COMPATIBILITY_CHECK_FAILED",
        /// `QUOTE_ADD_LINE_ITEMS_FAILED`.
        QuoteAddLineItemsFailed => "QUOTE_ADD_LINE_ITEMS_FAILED",
        /// `USER_NOT_FOUND`.
        UserNotFound => "USER_NOT_FOUND",
        /// `PARTNER_NOT_FOUND`.
        PartnerNotFound => "PARTNER_NOT_FOUND",
        /// `LINE_ITEM_NOT_FOUND`.
        LineItemNotFound => "LINE_ITEM_NOT_FOUND",
        /// `QUOTE_LINE_ITEM_NOT_FOUND`.
        QuoteLineItemNotFound => "QUOTE_LINE_ITEM_NOT_FOUND",
        /// `SAVE_LINE_ITEM_FAILED`.
        SaveLineItemFailed => "SAVE_LINE_ITEM_FAILED",
        /// `REQUEST_VALIDATION_FAILED`.
        RequestValidationFailed => "REQUEST_VALIDATION_FAILED",
        /// `UNAUTHORIZED_ERROR`.
        UnauthorizedError => "UNAUTHORIZED_ERROR",
        /// `LINE_ITEM_LIMIT_EXCEEDED`: more than 30 line items on the quote.
        LineItemLimitExceeded => "LINE_ITEM_LIMIT_EXCEEDED",
        /// `DUPLICATE_QUOTE_WITH_EMPTY_LINE_ITEMS`.
        DuplicateQuoteWithEmptyLineItems => "DUPLICATE_QUOTE_WITH_EMPTY_LINE_ITEMS",
        /// `DUPLICATE_QUOTE_VALIDATE_ALLOWED_PRODUCTS_FAILED`.
        DuplicateQuoteValidateAllowedProductsFailed => "DUPLICATE_QUOTE_VALIDATE_ALLOWED_PRODUCTS_FAILED",
        /// `DUPLICATE_QUOTE_NO_PRODUCTS_ALLOWED`.
        DuplicateQuoteNoProductsAllowed => "DUPLICATE_QUOTE_NO_PRODUCTS_ALLOWED",
        /// `QUOTE_VALIDATION_TRIAL_PARENT_RESTRICTION`.
        QuoteValidationTrialParentRestriction => "QUOTE_VALIDATION_TRIAL_PARENT_RESTRICTION",
        /// `QUOTE_INVALID_RESPONSE`.
        QuoteInvalidResponse => "QUOTE_INVALID_RESPONSE",
        /// `COMPANY_NOT_PROVIDED`.
        CompanyNotProvided => "COMPANY_NOT_PROVIDED",
        /// `COMPANY_PARTNER_COMPATIBILITY_MISMATCH`.
        CompanyPartnerCompatibilityMismatch => "COMPANY_PARTNER_COMPATIBILITY_MISMATCH",
        /// `USER_LEVEL_CHECK_FAILED`.
        UserLevelCheckFailed => "USER_LEVEL_CHECK_FAILED",
        /// `QUOTE_REQUEST_NOT_FOUND`.
        QuoteRequestNotFound => "QUOTE_REQUEST_NOT_FOUND",
        /// `QUOTE_ACCESS_EMAIL_EXISTS`.
        QuoteAccessEmailExists => "QUOTE_ACCESS_EMAIL_EXISTS",
        /// `QUOTE_ACCESS_ENTRY_NOT_FOUND`.
        QuoteAccessEntryNotFound => "QUOTE_ACCESS_ENTRY_NOT_FOUND",
        /// `QUOTE_ACCESS_ENTRY_INVALID_QUOTE_ID`.
        QuoteAccessEntryInvalidQuoteId => "QUOTE_ACCESS_ENTRY_INVALID_QUOTE_ID",
        /// `USER_LEVEL_CHECK_FAILED_COMPANY`.
        UserLevelCheckFailedCompany => "USER_LEVEL_CHECK_FAILED_COMPANY",
        /// `INVALID_REQUEST_PARAMETER`.
        InvalidRequestParameter => "INVALID_REQUEST_PARAMETER",
        /// `INVALID_USER_LEVEL`.
        InvalidUserLevel => "INVALID_USER_LEVEL",
        /// `INVALID_REQUEST_BODY`.
        InvalidRequestBody => "INVALID_REQUEST_BODY",
        /// `BRANDING_NOT_FOUND`.
        BrandingNotFound => "BRANDING_NOT_FOUND",
        /// `VIEW_NOT_FOUND`.
        ViewNotFound => "VIEW_NOT_FOUND",
        /// `INTERNAL_EXCEPTION`.
        InternalException => "INTERNAL_EXCEPTION",
        /// `REFERENCE_CODE_GENERATION_EXCEPTION`.
        ReferenceCodeGenerationException => "REFERENCE_CODE_GENERATION_EXCEPTION",
        /// `USAGE_BASED_PARAMETERS_MISCONFIGURATION`.
        UsageBasedParametersMisconfiguration => "USAGE_BASED_PARAMETERS_MISCONFIGURATION",
        /// `UNKNOWN_CURRENCY`.
        UnknownCurrency => "UNKNOWN_CURRENCY",
        /// `UNKNOWN_ERROR`.
        UnknownError => "UNKNOWN_ERROR",
        /// `UNPROCESSABLE_INPUT`.
        UnprocessableInput => "UNPROCESSABLE_INPUT",
        /// `PAYLOAD_VALIDATION`.
        PayloadValidation => "PAYLOAD_VALIDATION",
        /// `MAX_ATTACHMENTS_EXCEEDED`.
        MaxAttachmentsExceeded => "MAX_ATTACHMENTS_EXCEEDED",
        /// `LIBRARY_MAX_ATTACHMENTS_EXCEEDED`.
        LibraryMaxAttachmentsExceeded => "LIBRARY_MAX_ATTACHMENTS_EXCEEDED",
        /// `PREFERENCE_MAX_ATTACHMENTS_EXCEEDED`.
        PreferenceMaxAttachmentsExceeded => "PREFERENCE_MAX_ATTACHMENTS_EXCEEDED",
        /// `DUPLICATE_QUOTE_ATTACHMENT`.
        DuplicateQuoteAttachment => "DUPLICATE_QUOTE_ATTACHMENT",
        /// `QUOTE_ATTACHMENT_NOT_FOUND`.
        QuoteAttachmentNotFound => "QUOTE_ATTACHMENT_NOT_FOUND",
        /// `LIBRARY_ATTACHMENT_NOT_FOUND`.
        LibraryAttachmentNotFound => "LIBRARY_ATTACHMENT_NOT_FOUND",
        /// `PREFERENCE_ATTACHMENT_NOT_FOUND`.
        PreferenceAttachmentNotFound => "PREFERENCE_ATTACHMENT_NOT_FOUND",
        /// `LIBRARY_ATTACHMENT_ALREADY_EXISTS`.
        LibraryAttachmentAlreadyExists => "LIBRARY_ATTACHMENT_ALREADY_EXISTS",
        /// `ATTACHMENT_NOT_FOUND`.
        AttachmentNotFound => "ATTACHMENT_NOT_FOUND",
        /// `QUOTE_ATTACHMENT_UNSUPPORTED_ORDER_INDEX`.
        QuoteAttachmentUnsupportedOrderIndex => "QUOTE_ATTACHMENT_UNSUPPORTED_ORDER_INDEX",
        /// `LIBRARY_ATTACHMENT_UNSUPPORTED_ORDER_INDEX`.
        LibraryAttachmentUnsupportedOrderIndex => "LIBRARY_ATTACHMENT_UNSUPPORTED_ORDER_INDEX",
        /// `PREFERENCE_ATTACHMENT_UNSUPPORTED_ORDER_INDEX`.
        PreferenceAttachmentUnsupportedOrderIndex => "PREFERENCE_ATTACHMENT_UNSUPPORTED_ORDER_INDEX",
        /// `DUPLICATE_PREFERENCE_ATTACHMENT`.
        DuplicatePreferenceAttachment => "DUPLICATE_PREFERENCE_ATTACHMENT",
        /// `QUOTE_ALREADY_OWNED`.
        QuoteAlreadyOwned => "QUOTE_ALREADY_OWNED",
        /// `EXECUTION_VALIDATION`.
        ExecutionValidation => "EXECUTION_VALIDATION",
        /// `SHADOW_COMPANY_EXPECTED`.
        ShadowCompanyExpected => "SHADOW_COMPANY_EXPECTED",
        /// `CUSTOMER_COMPANY_EXPECTED`.
        CustomerCompanyExpected => "CUSTOMER_COMPANY_EXPECTED",
        /// `QUOTE_ACCESS_USERID_EXISTS`.
        QuoteAccessUseridExists => "QUOTE_ACCESS_USERID_EXISTS",
    }
}

/// The quoting error codes of an API error, for `match`ing on what Pax8 refused.
///
/// Defined beside [`QuoteErrorCode`] rather than in the error module: it reads the generic
/// [`ErrorBody`](crate::ErrorBody) the quoting API shares with the partner API.
impl crate::error::ApiError {
    /// The [`QuoteErrorCode`] of each entry of the body's `details` that has a `type`, in
    /// order (a code this version does not know is [`QuoteErrorCode::Other`]); empty when
    /// the body is not a Pax8 error body.
    ///
    /// ```no_run
    /// use pax8::models::QuoteErrorCode;
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (quote_id, items) = (pax8::Uuid::nil(), Vec::new());
    /// match client.quotes().line_items(quote_id).add(items).send() {
    ///     Err(e) if e.api().is_some_and(|a| a.quote_error_codes().contains(&QuoteErrorCode::LineItemLimitExceeded)) => {
    ///         eprintln!("the quote is full");
    ///     }
    ///     other => {
    ///         other?;
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn quote_error_codes(&self) -> Vec<QuoteErrorCode> {
        let details = self.body.iter().flat_map(|b| &b.details);
        details.filter_map(|d| d.kind.as_deref()).map(QuoteErrorCode::from_wire).collect()
    }
}

/// An amount of money and its currency, e.g. `{"amount": 19.99, "currency": "USD"}`.
///
/// The amount is exact: it is read from the number's text, so `19.99` stays `19.99`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct AmountCurrency {
    /// The amount, exact.
    #[serde(with = "crate::models::money")]
    pub amount: rust_decimal::Decimal,
    /// The ISO 4217 code, e.g. `USD` (kept as sent: the spec lists no values).
    pub currency: String,
}

impl AmountCurrency {
    /// An amount in a currency.
    pub fn new(amount: rust_decimal::Decimal, currency: impl Into<String>) -> Self {
        AmountCurrency { amount, currency: currency.into() }
    }
}

/// Names the fields (wire names) whose flag says unset: `"{what} needs a, b"`, or `None`.
fn unset_fields(what: &str, fields: &[(&str, bool)]) -> Option<String> {
    let unset: Vec<&str> = fields.iter().filter_map(|(name, unset)| unset.then_some(*name)).collect();
    (!unset.is_empty()).then(|| format!("{what} needs {}", unset.join(", ")))
}

/// Reads a list that the spec declares as one object: a list, one object (a list of one) or
/// `null` (empty). Read in place (no second parse of the value's text), so exact amounts
/// inside stay exact and an error inside names its place in the whole body.
fn one_or_many<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
    use serde::de::{MapAccess, SeqAccess, Visitor};
    struct OneOrMany<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrMany<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a list, one object or null")
        }
        fn visit_unit<E>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_none<E>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Vec<T>, A::Error> {
            Vec::deserialize(SeqAccessDeserializer::new(seq))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<T>, A::Error> {
            Ok(vec![T::deserialize(MapAccessDeserializer::new(map))?])
        }
    }
    d.deserialize_any(OneOrMany(std::marker::PhantomData))
}
