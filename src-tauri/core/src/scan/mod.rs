//! Reading a scanned stack of returned Annexe A forms (issue 16): `read` finds a page's code,
//! registers the page with its corner marks and reads the four boxes and the signature.

pub mod geometry;
pub mod read;

#[cfg(test)]
mod read_tests;
