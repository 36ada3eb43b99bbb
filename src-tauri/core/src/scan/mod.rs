//! Reading a scanned stack of returned forms (issue 16): the files a copier produces turned into
//! page images (`input`), then each page read (`read`: its code found, the page registered with
//! its corner marks, the four boxes and the signature measured; `geometry`: the maps and ink
//! measures it uses).

pub mod geometry;
pub mod input;
pub mod read;

#[cfg(test)]
mod read_tests;
