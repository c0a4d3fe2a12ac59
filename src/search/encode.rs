//! The bundle's binary formats, as Pagefind 1.6's browser code reads them:
//! the index chunks and the language's meta file are CBOR arrays of the
//! structs below (field order is the format); every index, meta and
//! fragment file is gzip of `pagefind_dcd` followed by its content; files
//! are named by the SHA-1 of their content.

use std::cell::RefCell;
use std::fmt::Write as _;

use flate2::{Compress, Compression, Crc, FlushCompress, Status};
use minicbor::Encode;
use sha1::{Digest, Sha1};

/// A chunk of the word index: `index/<hash>.pf_index`.
#[derive(Encode)]
pub(crate) struct WordIndex {
    #[n(0)]
    pub words: Vec<PackedWord>,
}

/// One word: every page it is on.
#[derive(Encode, Debug, Clone, PartialEq, Eq)]
pub(crate) struct PackedWord {
    #[n(0)]
    pub word: String,
    #[n(1)]
    pub pages: Vec<PackedPage>,
    #[n(2)]
    pub variants: Vec<PackedVariant>,
}

/// The pages where a word has other diacritics ("café" for "cafe").
#[derive(Encode, Debug, Clone, PartialEq, Eq)]
pub(crate) struct PackedVariant {
    #[n(0)]
    pub form: String,
    #[n(1)]
    pub pages: Vec<PackedPage>,
}

/// Where on one page: body positions (weight changes as negative
/// numbers, else deltas) and meta-field positions.
#[derive(Encode, Debug, Clone, PartialEq, Eq)]
pub(crate) struct PackedPage {
    #[n(0)]
    pub page: usize,
    #[n(1)]
    pub locs: Vec<i32>,
    #[n(2)]
    pub meta_locs: Vec<i32>,
}

/// `pagefind.<hash>.pf_meta`: what glues a language's files together.
#[derive(Encode)]
pub(crate) struct MetaIndex {
    #[n(0)]
    pub version: String,
    #[n(1)]
    pub pages: Vec<MetaPage>,
    #[n(2)]
    pub chunks: Vec<MetaChunk>,
    #[n(3)]
    pub filters: Vec<MetaFilter>,
    #[n(4)]
    pub sorts: Vec<MetaSort>,
    #[n(5)]
    pub meta_fields: Vec<String>,
}

/// Which chunk holds the words from `from` to `to`.
#[derive(Encode, Debug, PartialEq, Eq)]
pub(crate) struct MetaChunk {
    #[n(0)]
    pub from: String,
    #[n(1)]
    pub to: String,
    #[n(2)]
    pub hash: String,
}

#[derive(Encode)]
pub(crate) struct MetaPage {
    #[n(0)]
    pub hash: String,
    #[n(1)]
    pub word_count: u32,
    #[n(2)]
    pub group_hash: String,
}

/// Filters and sorts: the format has them, mekong writes none.
#[derive(Encode)]
pub(crate) struct MetaFilter {
    #[n(0)]
    pub filter: String,
    #[n(1)]
    pub hash: String,
}

#[derive(Encode)]
pub(crate) struct MetaSort {
    #[n(0)]
    pub sort: String,
    #[n(1)]
    pub pages: Vec<usize>,
}

/// CBOR of `value` (writing into a Vec cannot fail).
pub(crate) fn cbor<T: Encode<()>>(value: &T) -> Vec<u8> {
    minicbor::to_vec(value).unwrap_or_default()
}

/// Lower-case hex SHA-1, as Pagefind names files (no leading zeros per byte).
pub(crate) fn sha1_hex(bytes: &[u8]) -> String {
    let mut hex = String::with_capacity(40);
    for byte in Sha1::digest(bytes) {
        let _ = write!(hex, "{byte:x}");
    }
    hex
}

/// gzip level. On the 1,000-page benchmark corpus (instructions of the
/// whole build, bundle bytes): level 1 4.4 G, 4.99 MB; 2 5.1 G, 4.54 MB;
/// 6 6.0 G, 4.34 MB; Pagefind's 9 costs more still for 4.3 MB. Level 2
/// keeps the bundle within 5% of Pagefind's at a fraction of the time.
const LEVEL: u32 = 2;

thread_local! {
    /// One compressor per thread, reset between files: a fresh one costs
    /// more to set up than a small file costs to compress.
    static DEFLATE: RefCell<Compress> = RefCell::new(Compress::new(Compression::new(LEVEL), false));
}

/// gzip of `pagefind_dcd` + `content`, with a fixed header (no time, no
/// name), so the same content gives the same bytes.
pub(crate) fn gzip(content: &[u8]) -> Vec<u8> {
    const SIGNATURE: &[u8] = b"pagefind_dcd";
    let mut out = Vec::with_capacity(content.len() / 3 + 64);
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    DEFLATE.with(|deflate| {
        let mut deflate = deflate.borrow_mut();
        deflate.reset();
        let mut input = [SIGNATURE, content];
        for (i, part) in input.iter_mut().enumerate() {
            let flush = if i == 1 {
                FlushCompress::Finish
            } else {
                FlushCompress::None
            };
            loop {
                out.reserve(part.len() / 2 + 1024);
                let before = deflate.total_in();
                let status = deflate.compress_vec(part, &mut out, flush);
                let read = (deflate.total_in() - before) as usize;
                *part = &part[read..];
                match status {
                    Ok(Status::StreamEnd) => break,
                    Ok(_) if part.is_empty() && flush == FlushCompress::None => break,
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
        }
    });
    let mut crc = Crc::new();
    crc.update(SIGNATURE);
    crc.update(content);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&(crc.amount()).to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn gzip_round_trips_and_is_stable() {
        let text = "如何注销电话卡 How to cancel a SIM ".repeat(500);
        let packed = gzip(text.as_bytes());
        assert_eq!(packed, gzip(text.as_bytes()));
        let mut back = String::new();
        flate2::read::GzDecoder::new(&packed[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, format!("pagefind_dcd{text}"));
        let mut empty = String::new();
        flate2::read::GzDecoder::new(&gzip(b"")[..])
            .read_to_string(&mut empty)
            .unwrap();
        assert_eq!(empty, "pagefind_dcd");
    }

    #[test]
    fn sha1_is_written_as_pagefind_writes_it() {
        // Bytes below 0x10 lose their leading zero, as in Pagefind's names.
        assert_eq!(sha1_hex(b"abc"), "a9993e36476816aba3e25717850c26c9cd0d89d");
    }
}
