//! `client.products()`: the catalogue, with provisioning questions, dependencies and pricing.

use crate::client::Client;
use crate::endpoint::endpoint;
use crate::http::{Family, Method};
use crate::models::{
    CompanyId, Dependencies, Pricing, Product, ProductDetail, ProductId, ProductSort, ProvisioningDetail,
};
use crate::pagination::{ListSpec, paged};
use crate::query::filters;
use crate::request::{self, Call};

impl Client {
    /// The Pax8 product catalogue.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// let page = client.products().list().vendor_name("Microsoft").page_size(50).send()?;
    /// for product in &page.items {
    ///     println!("{} {}", product.id, product.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn products(&self) -> ProductsHandler {
        ProductsHandler { client: self.clone() }
    }
}

/// Handle for `/products`. Get it with [`Client::products`].
#[derive(Debug, Clone)]
pub struct ProductsHandler {
    client: Client,
}

impl ProductsHandler {
    fn call<T>(&self, path: String, decode: request::Decoder<T>) -> Call<T> {
        Call::new(&self.client, Method::Get, Family::Partner, path, decode)
    }

    /// `GET /products`: a searchable, sorted list.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// use pax8::SortDirection;
    /// use pax8::models::ProductSort;
    /// let page = client
    ///     .products()
    ///     .list()
    ///     .vendor_name("Microsoft")
    ///     .search("Microsoft 365 Business")
    ///     .sort(ProductSort::Name, SortDirection::Asc)
    ///     .page_size(50)
    ///     .send()?;
    /// for product in &page.items {
    ///     println!("{} {} ({:?})", product.id, product.name, product.sku);
    /// }
    /// println!("{} of {} products", page.items.len(), page.total_elements);
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListProducts {
        ListProducts { list: ListSpec::new(&self.client, Family::Partner, "/products") }
    }

    /// `GET /products/{id}`: one product with its long description.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// let product = client.products().get(id).send()?;
    /// println!("{}: {}", product.product.name, product.description.unwrap_or_default());
    /// # Ok(()) }
    /// ```
    pub fn get(&self, id: impl Into<ProductId>) -> GetProduct {
        GetProduct(self.call(format!("/products/{}", id.into()), request::json))
    }

    /// `GET /products/{id}/provision-details`: the questions to answer when ordering the
    /// product (see [`NewLineItem::provisioning_detail`](crate::models::NewLineItem::provisioning_detail)).
    /// Not paged.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// for question in client.products().provision_details(id).send()? {
    ///     println!("{}: {}", question.key, question.label.unwrap_or_default());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn provision_details(&self, id: impl Into<ProductId>) -> GetProvisionDetails {
        GetProvisionDetails(self.call(format!("/products/{}/provision-details", id.into()), request::content))
    }

    /// `GET /products/{id}/dependencies`: commitment terms to choose from and products
    /// required with this one.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// let deps = client.products().dependencies(id).send()?;
    /// for term in &deps.commitment_dependencies {
    ///     println!("commitment {} ({:?})", term.id, term.term);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn dependencies(&self, id: impl Into<ProductId>) -> GetDependencies {
        GetDependencies(self.call(format!("/products/{}/dependencies", id.into()), request::json))
    }

    /// `GET /products/{id}/pricing`: partner cost and suggested retail price, one entry per
    /// billing term. Not paged.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (id, company_id) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// for price in client.products().pricing(id).company_id(company_id).send()? {
    ///     println!("{:?} {:?}", price.billing_term, price.commitment_term);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn pricing(&self, id: impl Into<ProductId>) -> GetPricing {
        GetPricing(self.call(format!("/products/{}/pricing", id.into()), request::content))
    }
}

endpoint! {
    /// Builder for `GET /products/{id}`.
    GetProduct -> ProductDetail
}

endpoint! {
    /// Builder for `GET /products/{id}/provision-details`.
    GetProvisionDetails -> Vec<ProvisioningDetail>
}

endpoint! {
    /// Builder for `GET /products/{id}/dependencies`.
    GetDependencies -> Dependencies
}

endpoint! {
    /// Builder for `GET /products/{id}/pricing`: [`company_id`](Self::company_id) for a
    /// company's own prices, then [`send`](Self::send).
    GetPricing -> Vec<Pricing>
}

impl GetPricing {
    /// The prices for this company (company-specific pricing) instead of the defaults
    /// (`companyId`).
    pub fn company_id(self, id: impl Into<CompanyId>) -> Self {
        GetPricing(self.0.param("companyId", Some(id.into())))
    }
}

/// Builder for `GET /products`.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send(), .pages() or .items()"]
pub struct ListProducts {
    list: ListSpec,
}

impl ListProducts {
    filters! {
        /// Only products matching this text in name, vendor, SKU or id (`search`).
        search("search"): str,
        /// Only products of this vendor (`vendorName`), e.g. `Microsoft`.
        vendor_name("vendorName"): str,
    }
}
paged!(ListProducts, Product, sort: ProductSort);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::tests::{client, list_wire};

    #[test]
    fn list_and_product_calls() {
        let id = uuid::Uuid::nil();
        let list = client()
            .products()
            .list()
            .search("Microsoft 365")
            .vendor_name("Microsoft")
            .sort(ProductSort::Name, crate::SortDirection::Asc);
        assert_eq!(
            list_wire(&list.list),
            "/products?search=Microsoft%20365&vendorName=Microsoft&sort=name,asc&page=0&size=200"
        );
        let p = client().products();
        assert_eq!(p.get(id).request().path_and_query(), format!("/products/{id}"));
        assert_eq!(p.provision_details(id).request().path_and_query(), format!("/products/{id}/provision-details"));
        assert_eq!(p.dependencies(id).request().path_and_query(), format!("/products/{id}/dependencies"));
        assert_eq!(
            p.pricing(id).company_id(id).request().path_and_query(),
            format!("/products/{id}/pricing?companyId={id}")
        );
    }
}
