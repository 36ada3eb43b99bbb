//! Reading a scanned stack of returned forms (issue 16): the files a copier produces turned into
//! page images (`input`), then each page read.

pub mod input;
