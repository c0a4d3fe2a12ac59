//! `picture(src=…, alt=…, title=…, lazy=true)`: the HTML a Markdown image
//! `![alt](src)` becomes, for templates (the `figure` shortcode). `src` is
//! relative to the calling page's folder, like a Markdown image link, or a
//! content path (`@/guides/menu/shot.png`); an external or absolute URL,
//! and a content file that is not a processed image (an SVG, an animated
//! GIF, `images: false`), give a plain `<img>` (with `width`/`height`
//! when given).

use std::collections::HashMap;
use std::sync::Arc;

use tera::{Error, Kwargs, State, Tera, Value};

use super::picture::{Written, content_path, markup};
use crate::html::escape;
use crate::images::Image;
use crate::model::Site;
use crate::url::BaseUrl;

/// What the function reads, taken from the site when it is registered.
struct Pictures {
    base: BaseUrl,
    /// Content path → output path.
    assets: HashMap<String, String>,
    images: HashMap<String, Image>,
}

pub(crate) fn register(tera: &mut Tera, site: &Site) {
    let pictures = Arc::new(Pictures {
        base: site.config.base_url.clone(),
        assets: site.asset_by_source.clone(),
        images: site.images.all().clone(),
    });
    tera.register_function(
        "picture",
        move |kwargs: Kwargs, state: &State| -> Result<Value, Error> {
            pictures
                .html(&kwargs, state)
                .map(|html| Value::safe_string(&html))
        },
    );
}

impl Pictures {
    fn html(&self, kwargs: &Kwargs, state: &State) -> Result<String, Error> {
        let src: String = kwargs.must_get("src")?;
        let alt: String = kwargs.get("alt")?.ok_or_else(|| {
            Error::message(
                "picture needs alt=, words that say what the image shows (alt='' for a decorative image)",
            )
        })?;
        let title: String = kwargs.get("title")?.unwrap_or_default();
        let lazy: bool = kwargs.get("lazy")?.unwrap_or(true);
        let written = Written {
            alt: &alt,
            title: &title,
            eager: !lazy,
        };
        let dir = caller_dir(state);
        let url = match content_path(&dir, &src) {
            None => src.clone(),
            Some(path) => {
                let output = self.assets.get(&path).ok_or_else(|| {
                    Error::message(format!(
                        "picture: no file content/{path} (src=\"{src}\" is relative to the page's folder)"
                    ))
                })?;
                if let Some(image) = self.images.get(output) {
                    return Ok(markup(&self.base, output, image, &written));
                }
                self.base.url(output)
            }
        };
        let mut img = format!("<img src=\"{}\"", escape(&url));
        for key in ["width", "height"] {
            if let Some(n) = kwargs.get::<u32>(key)? {
                img += &format!(" {key}=\"{n}\"");
            }
        }
        img += &format!(" alt=\"{}\"", escape(&alt));
        if !title.is_empty() {
            img += &format!(" title=\"{}\"", escape(&title));
        }
        img += if lazy {
            " loading=\"lazy\" decoding=\"async\">"
        } else {
            " decoding=\"async\">"
        };
        Ok(img)
    }
}

/// The content folder of the page or section being rendered: a page's
/// `path` is its file ("guides/menu/index.md"), a section's its folder.
fn caller_dir(state: &State) -> String {
    let path = state
        .get::<Value>("page")
        .ok()
        .flatten()
        .and_then(|page| {
            let map = page.as_map()?;
            map.get(&"path".into())?.as_str().map(str::to_string)
        })
        .or_else(|| {
            let section = state.get::<Value>("section").ok().flatten()?;
            let map = section.as_map()?;
            map.get(&"path".into())?.as_str().map(str::to_string)
        })
        .unwrap_or_default();
    if path.ends_with(".md") {
        path.rsplit_once('/')
            .map_or(String::new(), |(dir, _)| dir.to_string())
    } else {
        path
    }
}
