//! The pages' HTML and tables of contents, kept in an unnamed temporary
//! file instead of memory by a one-shot build (issue 21). Held all at
//! once they were the largest part of its peak (≈ 9 KB a page, 900 MB at
//! 100,000 pages); here each page's are written as its Markdown is
//! rendered, and read back by the one job that shows them (or by the
//! template values, when a template may read them from other pages).
//! The file is gone when the build ends, or if it is killed.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::sync::Mutex;

use crate::diagnostics::Diagnostic;
use crate::markdown::Heading;

/// Where one page's record is: its HTML, then its table of contents.
#[derive(Clone, Copy)]
struct Place {
    offset: u64,
    html: usize,
    toc: usize,
}

pub(crate) struct Spill {
    file: Mutex<File>,
    end: u64,
    places: Vec<Place>,
    /// The records of one `push`, kept for the next: a new buffer of a
    /// chunk's 7 MB was fresh memory each time, zeroed by the kernel.
    buffer: Vec<u8>,
}

impl Spill {
    /// `None` when no temporary file can be made (the build then keeps
    /// the pages' HTML in memory, as `watch` does).
    pub(crate) fn new() -> Option<Spill> {
        let file = tempfile::tempfile().ok()?;
        Some(Spill {
            file: Mutex::new(file),
            end: 0,
            places: Vec::new(),
            buffer: Vec::new(),
        })
    }

    /// Appends the next pages' records, in page order.
    pub(crate) fn push<'a>(
        &mut self,
        pages: impl Iterator<Item = (&'a str, &'a [Heading])> + Clone,
    ) -> io::Result<()> {
        // Sized once: grown by doubling, the buffer of 1,024 pages was
        // copied a dozen times.
        let size = pages.clone().map(|(html, toc)| html.len() + toc_size(toc));
        let mut buffer = std::mem::take(&mut self.buffer);
        buffer.clear();
        buffer.reserve(size.sum());
        for (html, toc) in pages {
            let start = buffer.len();
            buffer.extend_from_slice(html.as_bytes());
            encode_toc(toc, &mut buffer);
            self.places.push(Place {
                offset: self.end + start as u64,
                html: html.len(),
                toc: buffer.len() - start - html.len(),
            });
        }
        let mut file = self.file.lock().map_err(|_| io::Error::other("poisoned"))?;
        file.seek(SeekFrom::Start(self.end))?;
        file.write_all(&buffer)?;
        self.end += buffer.len() as u64;
        drop(file);
        self.buffer = buffer;
        Ok(())
    }

    /// Frees the buffer `push` keeps for the next chunk, once no more
    /// come (7 MB the render would otherwise hold to the end).
    pub(crate) fn pushed_all(&mut self) {
        self.buffer = Vec::new();
    }

    /// Page `index`'s HTML and table of contents, handed to `show`.
    /// The record is read into a buffer that is not zeroed first, and its
    /// HTML checked as UTF-8 (SIMD) and lent, not copied into a `String`:
    /// the callers copy it into a template value anyway.
    pub(crate) fn read<T>(
        &self,
        index: usize,
        show: impl FnOnce(&str, Vec<Heading>) -> T,
    ) -> io::Result<T> {
        let place = *self
            .places
            .get(index)
            .ok_or_else(|| io::Error::other("no such page"))?;
        let len = place.html + place.toc;
        let mut bytes = Vec::with_capacity(len);
        {
            let mut file = self.file.lock().map_err(|_| io::Error::other("poisoned"))?;
            file.seek(SeekFrom::Start(place.offset))?;
            (&mut *file).take(len as u64).read_to_end(&mut bytes)?;
        }
        if bytes.len() != len {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        let (html, toc) = bytes.split_at(place.html);
        let toc = decode_toc(toc).ok_or_else(|| io::Error::other("bad record"))?;
        let html = simdutf8::compat::from_utf8(html).map_err(io::Error::other)?;
        Ok(show(html, toc))
    }
}

/// The error of a build that could not read its temporary file back.
pub(crate) fn unreadable(why: &io::Error) -> Diagnostic {
    Diagnostic::error(
        "<temporary file>",
        format!("could not read the pages' HTML back from a temporary file: {why}"),
    )
    .help("check that the temporary folder (TMPDIR) has room, then build again")
}

/// The bytes `encode_toc` writes for `toc`.
fn toc_size(toc: &[Heading]) -> usize {
    toc.iter()
        .map(|h| 1 + 4 + h.id.len() + 4 + h.title.len())
        .sum()
}

/// Each heading as its level, then its id and title, each after its
/// length (4 bytes, little-endian).
fn encode_toc(toc: &[Heading], out: &mut Vec<u8>) {
    for heading in toc {
        out.push(heading.level);
        for text in [&heading.id, &heading.title] {
            out.extend_from_slice(&(text.len() as u32).to_le_bytes());
            out.extend_from_slice(text.as_bytes());
        }
    }
}

fn decode_toc(mut bytes: &[u8]) -> Option<Vec<Heading>> {
    let mut toc = Vec::new();
    while let Some((&level, rest)) = bytes.split_first() {
        bytes = rest;
        let mut text = || {
            let (len, rest) = bytes.split_first_chunk::<4>()?;
            let len = u32::from_le_bytes(*len) as usize;
            let text = std::str::from_utf8(rest.get(..len)?).ok()?.to_string();
            bytes = &rest[len..];
            Some(text)
        };
        let id = text()?;
        let title = text()?;
        toc.push(Heading { level, id, title });
    }
    Some(toc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(level: u8, id: &str, title: &str) -> Heading {
        Heading {
            level,
            id: id.into(),
            title: title.into(),
        }
    }

    #[test]
    fn pages_come_back_as_they_went_in() {
        let mut spill = Spill::new().unwrap();
        let toc = vec![heading(2, "a", "Top up"), heading(3, "b-c", "ផ្ទៀងផ្ទាត់")];
        spill
            .push([("<p>one</p>", &toc[..]), ("", &[][..])].into_iter())
            .unwrap();
        spill
            .push([("<h2>ស្មាត</h2>", &toc[1..])].into_iter())
            .unwrap();
        let get = |i| spill.read(i, |html, toc| (html.to_string(), toc));
        let (html, back) = get(0).unwrap();
        assert_eq!(html, "<p>one</p>");
        assert_eq!(back, toc);
        let (html, back) = get(1).unwrap();
        assert_eq!((html.as_str(), back.len()), ("", 0));
        let (html, back) = get(2).unwrap();
        assert_eq!(html, "<h2>ស្មាត</h2>");
        assert_eq!(back, toc[1..]);
        assert!(get(3).is_err());
        let mut encoded = Vec::new();
        encode_toc(&toc, &mut encoded);
        assert_eq!(encoded.len(), toc_size(&toc));
    }

    /// A record whose bytes changed on disk under the build (not UTF-8 any
    /// more, or cut short) is an error, never a page of garbage.
    #[test]
    fn a_damaged_record_is_an_error() {
        let mut spill = Spill::new().unwrap();
        let toc = [heading(2, "a", "费用")];
        spill
            .push([("<p>费用</p>", &toc[..]), ("<p>ok</p>", &[][..])].into_iter())
            .unwrap();
        let html_len = "<p>费用</p>".len() as u64;
        {
            let mut file = spill.file.lock().unwrap();
            // The second byte of 费 (a continuation byte) made ASCII.
            file.seek(SeekFrom::Start(4)).unwrap();
            file.write_all(b"x").unwrap();
        }
        let err = spill.read(0, |_, _| ()).unwrap_err();
        assert!(err.to_string().contains("invalid utf-8"), "{err}");
        assert_eq!(
            spill.read(1, |html, _| html.to_string()).unwrap(),
            "<p>ok</p>"
        );
        {
            let file = spill.file.lock().unwrap();
            file.set_len(html_len + 3).unwrap();
        }
        assert!(spill.read(0, |_, _| ()).is_err());
        assert!(spill.read(1, |_, _| ()).is_err());
    }
}
