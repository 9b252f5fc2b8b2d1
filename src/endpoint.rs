//! One builder type per endpoint, each a thin wrapper over the shared send path.
//!
//! [`endpoint!`] declares the public builder of one endpoint around the crate's one request
//! description ([`Call`](crate::request::Call)), a body assembled with setters
//! ([`Submit`](crate::request::Submit)) or a read–merge–write
//! ([`MergeUpdate`](crate::request::MergeUpdate)). It writes the type, its `timeout` and
//! `send`, and nothing else: the setters an endpoint takes are written by hand on its own type
//! (`impl CreateCompany { pub fn name(..) }`), so that each endpoint's rustdoc page shows
//! exactly what that endpoint accepts, and a setter one endpoint refuses cannot be called on
//! it.

/// Declares an endpoint's builder type.
///
/// ```text
/// endpoint! {
///     /// Builder for `GET /companies/{id}`.
///     GetCompany -> Company
/// }
/// endpoint! {
///     /// Builder for `POST /companies`.
///     CreateCompany -> Company, body: CompanyBody
/// }
/// endpoint! {
///     /// Builder for `POST /webhooks/{id}/configuration`.
///     UpdateWebhook -> Webhook, merge: WebhookConfigurationUpdate
/// }
/// ```
macro_rules! endpoint {
    ($(#[$doc:meta])* $name:ident -> $out:ty) => {
        $(#[$doc])*
        #[derive(Debug)]
        #[must_use = "nothing is sent until .send()"]
        pub struct $name(pub(crate) $crate::request::Call<$out>);

        impl $name {
            /// Overrides the client's overall timeout for this request (each attempt).
            pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                $name(self.0.timeout(timeout))
            }

            /// Sends the request and decodes the answer.
            pub fn send(self) -> $crate::Result<$out> {
                self.0.send()
            }

            /// What will be sent, for the unit tests of the builders.
            #[cfg(test)]
            #[allow(dead_code)]
            pub(crate) fn request(&self) -> &$crate::http::Request {
                self.0.request()
            }
        }

        #[cfg(test)]
        impl $crate::endpoint::Sent for $name {
            fn sent(&self) -> &$crate::http::Request {
                self.0.request()
            }
        }
    };
    ($(#[$doc:meta])* $name:ident -> $out:ty, body: $body:ty) => {
        $(#[$doc])*
        #[derive(Debug)]
        #[must_use = "nothing is sent until .send()"]
        pub struct $name(pub(crate) $crate::request::Submit<$body, $out>);

        impl $name {
            /// Overrides the client's overall timeout for this request (each attempt).
            pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                $name(self.0.timeout(timeout))
            }

            /// Checks the body, then sends it and decodes the answer. A body with something
            /// missing or invalid is refused with [`Error::InvalidInput`](crate::Error::InvalidInput)
            /// before anything is sent.
            pub fn send(self) -> $crate::Result<$out> {
                self.0.send()
            }

            /// What will be sent, for the unit tests of the builders.
            #[cfg(test)]
            #[allow(dead_code)]
            pub(crate) fn request(self) -> $crate::Result<$crate::http::Request> {
                self.0.request()
            }
        }
    };
    ($(#[$doc:meta])* $name:ident -> $out:ty, merge: $body:ty) => {
        $crate::endpoint::endpoint! { $(#[$doc])* $name -> $out, merge: $body, read: $out }
    };
    ($(#[$doc:meta])* $name:ident -> $out:ty, merge: $body:ty, read: $read:ty) => {
        $(#[$doc])*
        #[derive(Debug)]
        #[must_use = "nothing is sent until .send()"]
        pub struct $name(pub(crate) $crate::request::MergeUpdate<$body, $out, $read>);

        impl $name {
            /// Overrides the client's overall timeout for each of the two requests.
            pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                $name(self.0.timeout(timeout))
            }

            /// Checks the fields set, reads the current object unless every field is set,
            /// then sends the merged body and returns the updated object. Invalid input is
            /// refused with [`Error::InvalidInput`](crate::Error::InvalidInput) before
            /// anything is sent.
            pub fn send(self) -> $crate::Result<$out> {
                self.0.send()
            }

            /// The read to send first, or `None` when every field is set (for the builders' tests).
            #[cfg(test)]
            #[allow(dead_code)]
            pub(crate) fn read_request(&self) -> Option<&$crate::http::Request> {
                self.0.read_request()
            }

            /// The write, given what the read answered (for the builders' tests).
            #[cfg(test)]
            #[allow(dead_code)]
            pub(crate) fn write_request(self, current: Option<&$read>) -> $crate::http::Request {
                self.0.write_request(current)
            }
        }
    };
}
pub(crate) use endpoint;

/// The request an endpoint's builder will send, for the builders' unit tests.
#[cfg(test)]
pub(crate) trait Sent {
    /// The request as it stands.
    fn sent(&self) -> &crate::http::Request;
}
